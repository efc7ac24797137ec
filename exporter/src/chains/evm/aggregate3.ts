/**
 * Multicall3 `aggregate3`: many contract reads in one `eth_call`. Existing exporters send one
 * `eth_call` per balance; batching hundreds per call is what keeps a 10,000-balance treasury
 * inside one poll interval and inside a provider's rate limit.
 */
import { parseAbi, type Address, type Hex, type PublicClient } from 'viem';
import { decodeAggregate3Result, encodeAggregate3 } from './aggregate3Codec.js';

export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

export const multicall3Abi = parseAbi([
  'struct Call3 { address target; bool allowFailure; bytes callData; }',
  'struct Result { bool success; bytes returnData; }',
  'function aggregate3(Call3[] calls) payable returns (Result[] returnData)',
  'function getEthBalance(address addr) view returns (uint256 balance)',
]);

export interface Call3 {
  target: Address;
  callData: Hex;
}

export interface Call3Result {
  success: boolean;
  returnData: Hex;
}

export interface Aggregate3Parameters {
  calls: readonly Call3[];
  multicallAddress?: Address;
  /** Calls per `eth_call`; chunks are sent together so they share one HTTP request. */
  batchSize?: number;
}

/**
 * Runs every call with `allowFailure: true`, so one reverting token fails only its own result.
 * Rejects only if an `eth_call` itself fails (node unreachable, out of gas).
 */
export async function aggregate3(
  client: PublicClient,
  { calls, multicallAddress = MULTICALL3_ADDRESS, batchSize = 500 }: Aggregate3Parameters,
): Promise<Call3Result[]> {
  const chunks: Call3[][] = [];
  for (let i = 0; i < calls.length; i += batchSize) chunks.push(calls.slice(i, i + batchSize));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const { data: returned } = await client.call({ to: multicallAddress, data: encodeAggregate3(chunk) });
      if (!returned) throw new Error(`aggregate3 returned no data: is a Multicall3 contract deployed at ${multicallAddress}?`);
      return decodeAggregate3Result(returned);
    }),
  );
  return results.flat();
}
