/**
 * Chainlink AggregatorV3 feeds read on-chain: per network, every feed's `latestRoundData` (and
 * `decimals`, the first time a feed is seen) in ONE `aggregate3` call to Multicall3, so a cycle
 * costs one `eth_call` per network whatever the number of feeds.
 */
import {
  decodeFunctionResult,
  encodeFunctionData,
  formatUnits,
  getAddress,
  multicall3Abi,
  type Address,
  type Client,
  type Hex,
} from 'viem';
import { readContract } from 'viem/actions';
import { MULTICALL3_ADDRESS } from '../chains/evm/aggregate3.js';
import { safeErrorMessage } from '../chains/redact.js';
import { endpointHost, type RequestRecorder } from '../chains/types.js';
import type { FetchPricesParameters, PriceSample, PriceSource, PricedAsset } from './types.js';

/** Multicall3, deployed at the same address on every EVM chain (and by the devnet). */
export const canonicalMulticall3Address: Address = MULTICALL3_ADDRESS;

/** Without a configured heartbeat: one hour, the most common heartbeat of volatile-asset feeds. */
export const defaultHeartbeatSeconds = 3600;

/** A round may be this many heartbeats old before it is stale: one missed update plus slack. */
export const heartbeatGraceFactor = 1.5;

/** The part of AggregatorV3Interface the exporter reads. */
export const aggregatorV3Abi = [
  {
    type: 'function',
    name: 'decimals',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint8' }],
  },
  {
    type: 'function',
    name: 'latestRoundData',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'roundId', type: 'uint80' },
      { name: 'answer', type: 'int256' },
      { name: 'startedAt', type: 'uint256' },
      { name: 'updatedAt', type: 'uint256' },
      { name: 'answeredInRound', type: 'uint80' },
    ],
  },
] as const;

/** One feed's latest round. `value` is `answer / 10^decimals`: a price, or PoR reserves in the feed's units. */
export interface ChainlinkRound {
  feed: Address;
  roundId: bigint;
  answer: bigint;
  decimals: number;
  value: number;
  startedAt: number;
  /** Unix seconds. */
  updatedAt: number;
  answeredInRound: bigint;
}

export type ChainlinkRoundResult = { feed: Address; ok: true; round: ChainlinkRound } | { feed: Address; ok: false; error: string };

export interface ReadChainlinkRoundsParameters {
  feeds: readonly Address[];
  multicallAddress?: Address;
  /**
   * Feed address (lower-case) → decimals, kept by the caller across cycles: decimals never change
   * for a deployed aggregator, so they are read once. Pass one map per network.
   */
  decimalsCache?: Map<string, number>;
}

/** One result per distinct feed, in the order first given. */
export type ReadChainlinkRoundsReturnType = ChainlinkRoundResult[];

/**
 * Reads the latest round of each feed in one Multicall3 `aggregate3` call (allowing per-feed
 * failure). Works for price feeds and Proof-of-Reserve feeds alike. Rejects only when the call
 * itself fails (RPC down, no Multicall3 at the address); a feed that reverts or is not a
 * contract gets `ok: false`.
 */
export async function readChainlinkRounds(
  client: Client,
  { feeds, multicallAddress = canonicalMulticall3Address, decimalsCache = new Map() }: ReadChainlinkRoundsParameters,
): Promise<ReadChainlinkRoundsReturnType> {
  const distinct = [...new Map(feeds.map((feed) => [feed.toLowerCase(), getAddress(feed)])).values()];
  if (distinct.length === 0) return [];

  type Call = { feed: Address; functionName: 'decimals' | 'latestRoundData' };
  const calls: Call[] = [];
  for (const feed of distinct) {
    if (!decimalsCache.has(feed.toLowerCase())) calls.push({ feed, functionName: 'decimals' });
    calls.push({ feed, functionName: 'latestRoundData' });
  }

  const returned = await readContract(client, {
    address: multicallAddress,
    abi: multicall3Abi,
    functionName: 'aggregate3',
    args: [
      calls.map((call) => ({
        target: call.feed,
        allowFailure: true,
        callData: encodeFunctionData({ abi: aggregatorV3Abi, functionName: call.functionName }),
      })),
    ],
  });

  const rounds = new Map<Address, ChainlinkRoundResult>();
  calls.forEach((call, index) => {
    const { success, returnData } = returned[index]!;
    const decoded = decodeCall(call.functionName, success, returnData);
    if ('error' in decoded) {
      // The first failure of a feed (decimals, read before latestRoundData) is the one reported.
      if (!rounds.has(call.feed)) {
        rounds.set(call.feed, { feed: call.feed, ok: false, error: `${call.functionName}: ${decoded.error}` });
      }
      return;
    }
    if (call.functionName === 'decimals') {
      decimalsCache.set(call.feed.toLowerCase(), decoded.value as number);
      return;
    }
    if (rounds.has(call.feed)) return; // decimals already failed
    const decimals = decimalsCache.get(call.feed.toLowerCase())!;
    const [roundId, answer, startedAt, updatedAt, answeredInRound] = decoded.value as readonly [
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
    ];
    rounds.set(call.feed, {
      feed: call.feed,
      ok: true,
      round: {
        feed: call.feed,
        roundId,
        answer,
        decimals,
        // Through the exact decimal string, so 98500000 with 8 decimals is exactly the double 0.985.
        value: Number(formatUnits(answer, decimals)),
        startedAt: Number(startedAt),
        updatedAt: Number(updatedAt),
        answeredInRound,
      },
    });
  });
  return distinct.map((feed) => rounds.get(feed)!);
}

function decodeCall(
  functionName: 'decimals' | 'latestRoundData',
  success: boolean,
  returnData: Hex,
): { value: unknown } | { error: string } {
  if (!success) return { error: 'reverted' };
  if (returnData === '0x') return { error: 'no data returned (not an aggregator contract?)' };
  try {
    return { value: decodeFunctionResult({ abi: aggregatorV3Abi, functionName, data: returnData }) };
  } catch {
    return { error: 'undecodable return data (not an aggregator contract?)' };
  }
}

export interface CreateChainlinkSourceParameters {
  /** One viem client per configured EVM network name. */
  clients: ReadonlyMap<string, Client>;
  /** Per network; defaults to the canonical Multicall3 address. */
  multicallAddresses?: ReadonlyMap<string, Address>;
  /** Heartbeat assumed for a feed with neither `max_age` nor `heartbeat` configured. */
  defaultHeartbeatSeconds?: number;
  /**
   * Counts one request per network per cycle, by the client's RPC host. Leave it out when the
   * clients' transports already record their requests.
   */
  recordRequest?: RequestRecorder;
}

/**
 * Creates the Chainlink source. A round is stale (error + `stale: true`, with its `updatedAt`)
 * when older than the feed's max age — `max_age` if configured, else `heartbeat × 1.5`, else
 * `1h × 1.5` — or when its answer is not positive or its `updatedAt` is 0 (incomplete round).
 */
export function createChainlinkSource({
  clients,
  multicallAddresses = new Map(),
  defaultHeartbeatSeconds: fallbackHeartbeat = defaultHeartbeatSeconds,
  recordRequest,
}: CreateChainlinkSourceParameters): PriceSource {
  const decimalsCaches = new Map<string, Map<string, number>>();

  return {
    name: 'chainlink',
    async fetchPrices({ assets, now = Math.floor(Date.now() / 1000) }: FetchPricesParameters) {
      const byNetwork = new Map<string, PricedAsset[]>();
      for (const asset of assets) {
        if (!asset.chainlink) continue;
        const list = byNetwork.get(asset.chainlink.network) ?? [];
        byNetwork.set(asset.chainlink.network, list);
        list.push(asset);
      }
      if (byNetwork.size === 0) return [];

      const samples: PriceSample[] = [];
      let networksUp = 0;
      await Promise.all(
        [...byNetwork].map(async ([network, networkAssets]) => {
          const client = clients.get(network);
          if (!client) {
            for (const asset of networkAssets) {
              samples.push({ asset: asset.asset, source: 'chainlink', error: `no EVM client for network "${network}"` });
            }
            return;
          }
          const host = clientHost(client, network);
          let decimalsCache = decimalsCaches.get(network);
          if (!decimalsCache) decimalsCaches.set(network, (decimalsCache = new Map()));
          try {
            const results = await readChainlinkRounds(client, {
              feeds: networkAssets.map((asset) => asset.chainlink!.feed),
              multicallAddress: multicallAddresses.get(network),
              decimalsCache,
            });
            recordRequest?.({ endpoint: host, outcome: 'success' });
            networksUp++;
            const byFeed = new Map(results.map((result) => [result.feed.toLowerCase(), result]));
            for (const asset of networkAssets) {
              samples.push(sampleFor(asset, byFeed.get(asset.chainlink!.feed.toLowerCase())!, now, fallbackHeartbeat));
            }
          } catch (error) {
            recordRequest?.({ endpoint: host, outcome: 'error' });
            const message = `${network}: multicall failed (${safeErrorMessage(error)})`;
            for (const asset of networkAssets) samples.push({ asset: asset.asset, source: 'chainlink', error: message });
          }
        }),
      );
      if (networksUp === 0) {
        throw new Error(samples[0]?.error ?? 'no network answered');
      }
      return samples;
    },
  };
}

/** The max age of a feed's round, in seconds, per the rule documented on {@link createChainlinkSource}. */
export function chainlinkMaxAgeSeconds(
  chainlink: NonNullable<PricedAsset['chainlink']>,
  fallbackHeartbeat: number = defaultHeartbeatSeconds,
): number {
  return chainlink.maxAgeSeconds ?? (chainlink.heartbeatSeconds ?? fallbackHeartbeat) * heartbeatGraceFactor;
}

function sampleFor(asset: PricedAsset, result: ChainlinkRoundResult, now: number, fallbackHeartbeat: number): PriceSample {
  const base = { asset: asset.asset, source: 'chainlink' };
  if (!result.ok) return { ...base, error: result.error };
  const { round } = result;
  if (round.updatedAt === 0) return { ...base, error: 'round not complete (updatedAt 0)', stale: true };
  if (round.answer <= 0n) {
    return { ...base, error: `invalid answer ${round.answer} (not positive)`, stale: true, updatedAt: round.updatedAt };
  }
  const maxAge = chainlinkMaxAgeSeconds(asset.chainlink!, fallbackHeartbeat);
  const age = now - round.updatedAt;
  if (age > maxAge) {
    return { ...base, error: `stale: updated ${age}s ago (max age ${maxAge}s)`, stale: true, updatedAt: round.updatedAt };
  }
  return { ...base, priceUsd: round.value, updatedAt: round.updatedAt };
}

/** The RPC host of an http/webSocket transport, else the network name: never a full URL. */
function clientHost(client: Client, network: string): string {
  const url = (client.transport as { url?: unknown }).url;
  return typeof url === 'string' ? endpointHost(url) : network;
}

