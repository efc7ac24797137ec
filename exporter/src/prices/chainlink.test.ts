/**
 * Chainlink reads against a real anvil devnet with TestAggregator feeds and Multicall3 at its
 * canonical address.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicClient, getAddress, http, type Address, type Client } from 'viem';
import type { RequestRecord } from '../chains/types.js';
import { startDevnet, type Devnet } from '../devnet/index.js';
import { chainlinkMaxAgeSeconds, createChainlinkSource, readChainlinkRounds } from './chainlink.js';
import { createCoinGeckoSource } from './coingecko.js';
import { computeConsensus } from './consensus.js';
import { pegDeviation } from './peg.js';
import { startFakeCoinGecko, type FakeCoinGecko } from './testing/coingecko-server.js';
import type { PriceSample } from './types.js';

const signal = new AbortController().signal;
const decimalsSelector = '313ce567';
const latestRoundDataSelector = 'feaf968c';

let devnet: Devnet;
let fakeCoinGecko: FakeCoinGecko | undefined;
/** Block time when the feeds were set up; every `now` below is relative to it. */
let now: number;
let feeds: Record<'usdc' | 'eth' | 'twoDaysOld' | 'zero' | 'negative' | 'twoHoursOld' | 'reserve', Address>;
/** JSON-RPC request bodies sent by `client`, to count eth_calls and see what they carry. */
const rpcBodies: { method: string; data?: string }[] = [];
let client: Client;

beforeAll(async () => {
  devnet = await startDevnet();
  now = Number((await devnet.publicClient.getBlock()).timestamp);
  const at = (secondsAgo: number) => BigInt(now - secondsAgo);
  feeds = {
    usdc: await devnet.deployAggregator({ decimals: 8, description: 'USDC / USD', answer: 98_500_000n, updatedAt: at(600) }),
    eth: await devnet.deployAggregator({ decimals: 8, description: 'ETH / USD', answer: 301_234_000_000n, updatedAt: at(60) }),
    twoDaysOld: await devnet.deployAggregator({ decimals: 8, description: 'DAI / USD', answer: 100_010_000n, updatedAt: at(172_800) }),
    zero: await devnet.deployAggregator({ decimals: 8, description: 'ZERO / USD', answer: 0n, updatedAt: at(10) }),
    negative: await devnet.deployAggregator({ decimals: 8, description: 'NEG / USD', answer: -5n, updatedAt: at(10) }),
    twoHoursOld: await devnet.deployAggregator({ decimals: 8, description: 'USDT / USD', answer: 99_990_000n, updatedAt: at(7_200) }),
    reserve: await devnet.deployAggregator({
      decimals: 18,
      description: 'USDC Reserves',
      answer: 1_234_567_500_000_000_000_000_000n,
      updatedAt: at(3_000),
    }),
  };
  client = createPublicClient({
    chain: devnet.chain,
    transport: http(devnet.rpcUrl, {
      retryCount: 0,
      onFetchRequest: async (request) => {
        const body = JSON.parse(await request.clone().text()) as { method: string; params?: [{ data?: string }] };
        rpcBodies.push({ method: body.method, data: body.params?.[0]?.data });
      },
    }),
  });
}, 60_000);

afterAll(async () => {
  await fakeCoinGecko?.close();
  await devnet?.stop();
});

describe('readChainlinkRounds', () => {
  it('reads price and Proof-of-Reserve rounds in whole units', async () => {
    const [usdc, reserve] = await readChainlinkRounds(devnet.publicClient, { feeds: [feeds.usdc, feeds.reserve] });
    expect(usdc).toEqual({
      feed: getAddress(feeds.usdc),
      ok: true,
      round: expect.objectContaining({ answer: 98_500_000n, decimals: 8, value: 0.985, updatedAt: now - 600 }),
    });
    expect(reserve).toEqual({
      feed: getAddress(feeds.reserve),
      ok: true,
      round: expect.objectContaining({ decimals: 18, value: 1_234_567.5, updatedAt: now - 3_000 }),
    });
  });

  it('reports a feed address without an aggregator, keeping the others', async () => {
    const notAFeed: Address = '0x000000000000000000000000000000000000dEaD';
    const results = await readChainlinkRounds(devnet.publicClient, { feeds: [notAFeed, feeds.eth] });
    expect(results[0]).toEqual({ feed: notAFeed, ok: false, error: 'decimals: no data returned (not an aggregator contract?)' });
    expect(results[1]).toMatchObject({ ok: true, round: { value: 3012.34 } });
  });
});

describe('createChainlinkSource', () => {
  it('reads every feed of a network in one eth_call, decimals only the first time', async () => {
    const records: RequestRecord[] = [];
    const chainlink = createChainlinkSource({
      clients: new Map([['devnet', client]]),
      recordRequest: (record) => records.push(record),
    });
    const assets = [
      { asset: 'USDC', chainlink: { network: 'devnet', feed: feeds.usdc } },
      { asset: 'ETH', chainlink: { network: 'devnet', feed: feeds.eth } },
      { asset: 'DAI', chainlink: { network: 'devnet', feed: feeds.twoDaysOld } },
    ];
    rpcBodies.length = 0;
    const first = await chainlink.fetchPrices({ assets, signal, now });
    expect(first).toEqual([
      { asset: 'USDC', source: 'chainlink', priceUsd: 0.985, updatedAt: now - 600 },
      { asset: 'ETH', source: 'chainlink', priceUsd: 3012.34, updatedAt: now - 60 },
      {
        asset: 'DAI',
        source: 'chainlink',
        error: 'stale: updated 172800s ago (max age 5400s)',
        stale: true,
        updatedAt: now - 172_800,
      },
    ]);
    expect(rpcBodies.map((body) => body.method)).toEqual(['eth_call']);
    expect(rpcBodies[0]!.data!.split(decimalsSelector)).toHaveLength(4);
    expect(rpcBodies[0]!.data!.split(latestRoundDataSelector)).toHaveLength(4);

    rpcBodies.length = 0;
    await devnet.setAggregatorRound(feeds.usdc, { answer: 99_000_000n, updatedAt: BigInt(now - 5) });
    const second = await chainlink.fetchPrices({ assets, signal, now });
    expect(second[0]).toEqual({ asset: 'USDC', source: 'chainlink', priceUsd: 0.99, updatedAt: now - 5 });
    expect(rpcBodies.map((body) => body.method)).toEqual(['eth_call']);
    expect(rpcBodies[0]!.data!.includes(decimalsSelector)).toBe(false);
    expect(records).toEqual([
      { endpoint: new URL(devnet.rpcUrl).host, outcome: 'success' },
      { endpoint: new URL(devnet.rpcUrl).host, outcome: 'success' },
    ]);
    await devnet.setAggregatorRound(feeds.usdc, { answer: 98_500_000n, updatedAt: BigInt(now - 600) });
  });

  it('marks a non-positive answer stale, with its updatedAt', async () => {
    const chainlink = createChainlinkSource({ clients: new Map([['devnet', devnet.publicClient as Client]]) });
    const samples = await chainlink.fetchPrices({
      assets: [
        { asset: 'ZERO', chainlink: { network: 'devnet', feed: feeds.zero } },
        { asset: 'NEG', chainlink: { network: 'devnet', feed: feeds.negative } },
      ],
      signal,
      now,
    });
    expect(samples).toEqual([
      { asset: 'ZERO', source: 'chainlink', error: 'invalid answer 0 (not positive)', stale: true, updatedAt: now - 10 },
      { asset: 'NEG', source: 'chainlink', error: 'invalid answer -5 (not positive)', stale: true, updatedAt: now - 10 },
    ]);
  });

  it('judges age by max_age, else heartbeat × 1.5, else 1 h × 1.5', async () => {
    expect(chainlinkMaxAgeSeconds({ network: 'n', feed: feeds.eth })).toBe(5400);
    expect(chainlinkMaxAgeSeconds({ network: 'n', feed: feeds.eth, heartbeatSeconds: 86_400 })).toBe(129_600);
    expect(chainlinkMaxAgeSeconds({ network: 'n', feed: feeds.eth, heartbeatSeconds: 86_400, maxAgeSeconds: 100 })).toBe(100);

    const chainlink = createChainlinkSource({ clients: new Map([['devnet', devnet.publicClient as Client]]) });
    const twoHoursOld = (extra: object) => ({ network: 'devnet', feed: feeds.twoHoursOld, ...extra });
    const samples = await chainlink.fetchPrices({
      assets: [
        { asset: 'DEFAULT', chainlink: twoHoursOld({}) },
        { asset: 'DAILY', chainlink: twoHoursOld({ heartbeatSeconds: 86_400 }) },
        { asset: 'STRICT', chainlink: twoHoursOld({ heartbeatSeconds: 86_400, maxAgeSeconds: 3_600 }) },
      ],
      signal,
      now,
    });
    expect(samples.map((sample) => [sample.asset, sample.priceUsd ?? sample.error])).toEqual([
      ['DEFAULT', 'stale: updated 7200s ago (max age 5400s)'],
      ['DAILY', 0.9999],
      ['STRICT', 'stale: updated 7200s ago (max age 3600s)'],
    ]);
  });

  it('fails the assets of a network without a client, and rejects when no network answers, without leaking the RPC URL', async () => {
    const down = createPublicClient({ transport: http('http://127.0.0.1:9/v2/SECRET-RPC-KEY', { retryCount: 0 }) });
    const chainlink = createChainlinkSource({
      clients: new Map<string, Client>([
        ['devnet', devnet.publicClient as Client],
        ['down', down],
      ]),
    });
    const mixed = await chainlink.fetchPrices({
      assets: [
        { asset: 'ETH', chainlink: { network: 'devnet', feed: feeds.eth } },
        { asset: 'X', chainlink: { network: 'nowhere', feed: feeds.eth } },
        { asset: 'Y', chainlink: { network: 'down', feed: feeds.eth } },
      ],
      signal,
      now,
    });
    const byAsset = new Map(mixed.map((sample) => [sample.asset, sample]));
    expect(byAsset.get('ETH')!.priceUsd).toBe(3012.34);
    expect(byAsset.get('X')!.error).toBe('no EVM client for network "nowhere"');
    expect(byAsset.get('Y')!.error).toMatch(/^down: multicall failed \(/);
    expect(byAsset.get('Y')!.error).not.toContain('SECRET-RPC-KEY');

    const onlyDown = chainlink.fetchPrices({ assets: [{ asset: 'Y', chainlink: { network: 'down', feed: feeds.eth } }], signal, now });
    await expect(onlyDown).rejects.toThrow(/^down: multicall failed/);
    await expect(onlyDown).rejects.not.toThrow(/SECRET-RPC-KEY/);
  });
});

describe('consensus across real sources', () => {
  it('USDC on Chainlink at 0.985 and CoinGecko at 0.99: 0.9875, a two-day-old DAI round left out', async () => {
    fakeCoinGecko = await startFakeCoinGecko({
      prices: {
        'usd-coin': { usd: 0.99, last_updated_at: now - 20 },
        dai: { usd: 1.0004, last_updated_at: now - 20 },
      },
    });
    const sources = [
      createChainlinkSource({ clients: new Map([['devnet', devnet.publicClient as Client]]) }),
      createCoinGeckoSource({ baseUrl: fakeCoinGecko.baseUrl, timeoutMs: 2_000 }),
    ];
    const assets = [
      { asset: 'USDC', coingeckoId: 'usd-coin', chainlink: { network: 'devnet', feed: feeds.usdc } },
      { asset: 'DAI', coingeckoId: 'dai', chainlink: { network: 'devnet', feed: feeds.twoDaysOld } },
    ];
    const samples: PriceSample[] = (await Promise.all(sources.map((source) => source.fetchPrices({ assets, signal, now })))).flat();
    const consensus = computeConsensus(samples, { now });

    const usdc = consensus.get('USDC')!;
    expect(usdc.priceUsd).toBe(0.9875);
    expect(usdc.divergenceRatio).toBe(Math.abs(0.985 - 0.9875) / 0.9875);
    expect(pegDeviation(usdc.priceUsd!, 1)).toBeCloseTo(-0.0125, 15);

    const dai = consensus.get('DAI')!;
    expect(dai.priceUsd).toBe(1.0004);
    expect(dai.divergenceRatio).toBe(0);
    expect(dai.sources.find((source) => source.source === 'chainlink')).toEqual({
      source: 'chainlink',
      updatedAt: now - 172_800,
      included: false,
      stale: true,
      reason: 'stale: updated 172800s ago (max age 5400s)',
    });
  });
});
