import { pathToFileURL } from 'node:url';
import { createSolanaRpcFromTransport, getAddressDecoder, type Address } from '@solana/kit';
import type { BalanceTarget } from '../src/chains/types.js';
import { createSolanaAdapter } from '../src/chains/solana/solanaAdapter.js';
import { createFailoverTransport } from '../src/chains/solana/failoverTransport.js';
import { findAssociatedTokenAddress } from '../src/chains/solana/associatedTokenAddress.js';
import { mapWithConcurrency } from '../src/chains/solana/readAccounts.js';
import { TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from '../src/chains/solana/programs.js';
import { startFakeSolanaRpc } from '../src/chains/solana/testing/fakeSolanaRpc.js';

const ACCOUNTS = 1_000;
const MINTS = 5;
/** Same number of requests in flight for both strategies, so only the request count differs. */
const CONCURRENCY = 4;

export interface BenchSolanaResult {
  /** HTTP requests of every cycle after the first (mint decimals/programs and ATAs cached). */
  requestsPerCycle: number;
  /** HTTP requests of the first cycle: one more, for reading the mints. */
  firstCycleRequests: number;
  /** Baseline: one getBalance per account + one getTokenAccountBalance per (account, mint) ATA. */
  naiveRequestsPerCycle: number;
  /** Wall time of a steady adapter cycle. */
  cycleMs: number;
  /** Wall time of the first cycle, including deriving the 5,000 ATAs. */
  firstCycleMs: number;
  /** Wall time of the naive baseline cycle (ATAs derived beforehand, as the steady cycle has them cached). */
  naiveCycleMs: number;
}

function benchAddress(kind: number, n: number): Address {
  const bytes = new Uint8Array(32);
  bytes[0] = kind;
  new DataView(bytes.buffer).setUint32(1, n);
  bytes[31] = 1;
  return getAddressDecoder().decode(bytes);
}

/**
 * 1,000 Solana accounts × 5 SPL mints (four Token, one Token-2022) against the local fake node:
 * the adapter's batched `getMultipleAccounts` strategy versus one request per balance, measured
 * in the same run.
 */
export async function benchSolana(): Promise<BenchSolanaResult> {
  const rpc = await startFakeSolanaRpc();
  try {
    const owners = Array.from({ length: ACCOUNTS }, (_, i) => benchAddress(1, i));
    const mints = Array.from({ length: MINTS }, (_, i) => benchAddress(2, i));
    mints.forEach((mint, i) => rpc.createMint(mint, 6 + i, i === MINTS - 1 ? TOKEN_2022_PROGRAM_ADDRESS : TOKEN_PROGRAM_ADDRESS));
    const atas: Address[] = [];
    for (const [i, owner] of owners.entries()) {
      rpc.setLamports(owner, BigInt(i + 1) * 1_000_000n);
      for (const mint of mints) atas.push(await rpc.setTokenBalance(owner, mint, BigInt(i) * 1_000n));
    }
    const targets: BalanceTarget[] = owners.flatMap((owner, i) => [
      { account: `acct-${i}`, address: owner, asset: 'SOL', token: 'native' },
      ...mints.map((mint, m) => ({ account: `acct-${i}`, address: owner, asset: `TOK${m}`, token: mint })),
    ]);
    const signal = new AbortController().signal;

    const adapter = createSolanaAdapter({ rpcUrls: [rpc.url], concurrency: CONCURRENCY });
    rpc.resetCounts();
    let start = performance.now();
    const first = await adapter.fetchBalances({ targets, signal });
    const firstCycleMs = performance.now() - start;
    const firstCycleRequests = rpc.httpRequestCount;
    const failed = first.filter((sample) => sample.error !== undefined);
    if (failed.length > 0) throw new Error(`bench cycle had ${failed.length} failed samples: ${failed[0]!.error}`);

    rpc.resetCounts();
    start = performance.now();
    await adapter.fetchBalances({ targets, signal });
    const cycleMs = performance.now() - start;
    const requestsPerCycle = rpc.httpRequestCount;

    // Naive baseline over the same transport and concurrency.
    const naive = createSolanaRpcFromTransport(createFailoverTransport({ urls: [rpc.url] }));
    const work: Array<() => Promise<unknown>> = [
      ...owners.map((owner) => () => naive.getBalance(owner).send({ abortSignal: signal })),
      ...atas.map((ata) => () => naive.getTokenAccountBalance(ata).send({ abortSignal: signal })),
    ];
    rpc.resetCounts();
    start = performance.now();
    await mapWithConcurrency(work, CONCURRENCY, (request) => request());
    const naiveCycleMs = performance.now() - start;
    const naiveRequestsPerCycle = rpc.httpRequestCount;

    return { requestsPerCycle, firstCycleRequests, naiveRequestsPerCycle, cycleMs, firstCycleMs, naiveCycleMs };
  } finally {
    await rpc.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSolana();
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `solana: ${result.requestsPerCycle} requests/cycle (first ${result.firstCycleRequests}) vs ${result.naiveRequestsPerCycle} naive ` +
      `(${(result.naiveRequestsPerCycle / result.requestsPerCycle).toFixed(1)}x fewer); ` +
      `cycle ${result.cycleMs.toFixed(0)} ms vs ${result.naiveCycleMs.toFixed(0)} ms naive`,
  );
}
