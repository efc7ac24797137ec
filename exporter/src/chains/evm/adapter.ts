/**
 * The EVM chain family: native and ERC-20 balances of every (account, asset) on one network,
 * read through Multicall3 so that one `eth_call` carries hundreds of reads.
 */
import { createPublicClient, custom, decodeFunctionResult, encodeFunctionData, erc20Abi, formatUnits, getAddress, type Address, type PublicClient } from 'viem';
import type { BalanceSample, ChainAdapter, FetchBalancesParameters, RequestRecorder } from '../types.js';
import { aggregate3, MULTICALL3_ADDRESS, type Call3, type Call3Result } from './aggregate3.js';
import { decodeUint256, encodeBalanceOf, encodeGetEthBalance } from './aggregate3Codec.js';
import { createEvmEndpoints } from './endpoints.js';

export interface CreateEvmAdapterParameters {
  rpcUrls: readonly string[];
  chainId: number;
  multicallAddress?: Address;
  batchSize?: number;
  timeoutMs?: number;
  recordRequest?: RequestRecorder;
}

export interface TokenMetadata {
  decimals: number;
  symbol: string;
}

export interface EvmAdapter extends ChainAdapter {
  readonly kind: 'evm';
  /** Runs arbitrary reads through the same endpoints and batching (price feeds, total supply). */
  aggregate(calls: readonly Call3[]): Promise<Call3Result[]>;
  /** `decimals` and `symbol` of each token, read once and cached; a token that fails is absent. */
  tokenMetadata(tokens: readonly Address[]): Promise<Map<Address, TokenMetadata>>;
  /** Runs `read` against the first healthy endpoint (for viem actions such as `readContract`). */
  withClient<T>(read: (client: PublicClient) => Promise<T>): Promise<T>;
  /**
   * A viem client whose every request goes through this adapter's endpoints: fallback,
   * chain-id check and request counting included (used by the Chainlink price source).
   */
  readonly client: PublicClient;
}

const NATIVE_DECIMALS = 18;

/** Creates the adapter; the chain id is verified on first use, per endpoint. */
export function createEvmAdapter({
  rpcUrls,
  chainId,
  multicallAddress = MULTICALL3_ADDRESS,
  batchSize = 500,
  timeoutMs = 10_000,
  recordRequest,
}: CreateEvmAdapterParameters): EvmAdapter {
  const endpoints = createEvmEndpoints({ rpcUrls, chainId, timeoutMs, recordRequest });
  const metadataCache = new Map<Address, TokenMetadata>();

  const aggregate = (calls: readonly Call3[]) =>
    endpoints.withClient((client) => aggregate3(client, { calls, multicallAddress, batchSize }));

  async function tokenMetadata(requested: readonly Address[]): Promise<Map<Address, TokenMetadata>> {
    const tokens = requested.map((token) => getAddress(token)); // one cache key per token, whatever its casing
    const missing = [...new Set(tokens)].filter((token) => !metadataCache.has(token));
    if (missing.length > 0) {
      const calls = missing.flatMap((token) => [
        { target: token, callData: encodeFunctionData({ abi: erc20Abi, functionName: 'decimals' }) },
        { target: token, callData: encodeFunctionData({ abi: erc20Abi, functionName: 'symbol' }) },
      ]);
      const results = await aggregate(calls);
      missing.forEach((token, i) => {
        const decimals = decodeOrUndefined(results[2 * i], 'decimals');
        if (decimals === undefined) return; // not cached: tried again next cycle
        const symbol = decodeOrUndefined(results[2 * i + 1], 'symbol') ?? '';
        metadataCache.set(token, { decimals: Number(decimals), symbol: String(symbol) });
      });
    }
    return new Map(tokens.flatMap((token) => (metadataCache.has(token) ? [[token, metadataCache.get(token)!]] : [])));
  }

  async function fetchBalances({ targets }: FetchBalancesParameters): Promise<BalanceSample[]> {
    // The config has validated every address; checksumming them again (keccak each) would cost
    // more than the whole encoding, so tokens are normalised once per distinct token only.
    const checksummed = new Map<string, Address>();
    const tokenAddress = (token: string) => {
      let address = checksummed.get(token);
      if (!address) checksummed.set(token, (address = getAddress(token)));
      return address;
    };
    const tokens = targets.filter((t) => t.token !== 'native').map((t) => tokenAddress(t.token));
    const metadata = tokens.length > 0 ? await tokenMetadata(tokens) : new Map<Address, TokenMetadata>();

    const samples: BalanceSample[] = [];
    const readable: { account: string; asset: string; decimals: number; kind: 'native' | 'erc20'; call: Call3 }[] = [];
    for (const target of targets) {
      const owner = target.address as Address;
      if (target.token === 'native') {
        readable.push({
          account: target.account,
          asset: target.asset,
          decimals: NATIVE_DECIMALS,
          kind: 'native',
          call: { target: multicallAddress, callData: encodeGetEthBalance(owner) },
        });
        continue;
      }
      const token = tokenAddress(target.token);
      const meta = metadata.get(token);
      if (!meta) {
        samples.push({ account: target.account, asset: target.asset, error: `token ${token}: decimals() failed; is it an ERC-20 contract on this network?` });
        continue;
      }
      readable.push({
        account: target.account,
        asset: target.asset,
        decimals: meta.decimals,
        kind: 'erc20',
        call: { target: token, callData: encodeBalanceOf(owner) },
      });
    }

    const results = readable.length > 0 ? await aggregate(readable.map((r) => r.call)) : [];
    readable.forEach((read, i) => {
      const result = results[i];
      const raw = result?.success ? decodeUint256(result.returnData) : undefined;
      if (raw === undefined) {
        const what = read.kind === 'native' ? 'getEthBalance' : `balanceOf on ${read.call.target}`;
        samples.push({ account: read.account, asset: read.asset, error: `${what} reverted` });
      } else {
        samples.push({ account: read.account, asset: read.asset, balance: Number(formatUnits(raw, read.decimals)) });
      }
    });
    return samples;
  }

  const client = createPublicClient({
    transport: custom(
      { request: ({ method, params }) => endpoints.withClient((endpoint) => endpoint.request({ method, params } as never)) },
      { retryCount: 0 },
    ),
  });

  return { kind: 'evm', fetchBalances, aggregate, tokenMetadata, withClient: endpoints.withClient, client };
}

type ReadName = 'decimals' | 'symbol';

/** Decodes one aggregate3 result, or undefined when the call reverted or returned garbage. */
function decodeOrUndefined(result: Call3Result | undefined, functionName: ReadName): unknown {
  if (!result || !result.success || result.returnData === '0x') return undefined;
  try {
    return decodeFunctionResult({ abi: erc20Abi, functionName, data: result.returnData });
  } catch {
    return undefined;
  }
}
