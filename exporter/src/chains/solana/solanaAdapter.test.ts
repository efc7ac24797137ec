import { address, getAddressDecoder, type Address } from '@solana/kit';
import type { BalanceSample, BalanceTarget, RequestRecord } from '../types.js';
import { SolanaRpcUnavailableError } from './failoverTransport.js';
import { SYSTEM_PROGRAM_ADDRESS, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from './programs.js';
import { createSolanaAdapter } from './solanaAdapter.js';
import { startFakeSolanaRpc, type FakeSolanaRpc } from './testing/fakeSolanaRpc.js';
import { encodeTokenAccountData } from './testing/tokenAccountData.js';

/** Distinct, valid 32-byte addresses without needing keys. */
function testAddress(n: number): Address {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, n + 1);
  bytes[31] = 9;
  return getAddressDecoder().decode(bytes);
}

const USDC = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'); // 6 decimals, Token program
const T22 = address('CKfatsPMUf8SkiURsDXs7eK6GWb4Jsd6UDbs7twMCWxo'); // 9 decimals, Token-2022 with an extension
const TREASURY = address('3h1zGmCwsRJnVk5BuRNMLsPaQu1y2aqXqXDWYCgrp5UG');
const OPS = address('AAAGuCgkmxYDTiBvzx1QT5XEjqXPRtQaiEXQo4gatD2o');
const EMPTY = testAddress(999_999);

let primary: FakeSolanaRpc;
let secondary: FakeSolanaRpc;

/** Both nodes hold the same ledger, as two providers of one cluster would. */
async function seed(rpc: FakeSolanaRpc): Promise<void> {
  rpc.setLamports(TREASURY, 12_345_678_901n); // 12.345678901 SOL
  rpc.setLamports(OPS, 1n); // one lamport
  rpc.createMint(USDC, 6, TOKEN_PROGRAM_ADDRESS, { supply: 9_000_000_000_000n });
  rpc.createMint(T22, 9, TOKEN_2022_PROGRAM_ADDRESS, { supply: 5n * 10n ** 9n, extensions: new Uint8Array([18, 0, 0, 0]) });
  await rpc.setTokenBalance(TREASURY, USDC, 1_234_567_890n); // 1234.56789 USDC
  await rpc.setTokenBalance(TREASURY, T22, 500_000_001n); // 0.500000001
}

beforeAll(async () => {
  [primary, secondary] = await Promise.all([startFakeSolanaRpc(), startFakeSolanaRpc()]);
  await Promise.all([seed(primary), seed(secondary)]);
});
afterAll(() => Promise.all([primary.close(), secondary.close()]));
beforeEach(() => {
  primary.resetCounts();
  secondary.resetCounts();
});

const signal = new AbortController().signal;

function byKey(samples: BalanceSample[]): Record<string, BalanceSample> {
  return Object.fromEntries(samples.map((s) => [`${s.account}/${s.asset}`, s]));
}

describe('createSolanaAdapter: balances', () => {
  it('reads SOL, an SPL token and a Token-2022 token exactly, and missing accounts as zero', async () => {
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    const targets: BalanceTarget[] = [
      { account: 'treasury', address: TREASURY, asset: 'SOL', token: 'native' },
      { account: 'treasury', address: TREASURY, asset: 'USDC', token: USDC },
      { account: 'treasury', address: TREASURY, asset: 'BERN', token: T22 },
      { account: 'ops', address: OPS, asset: 'SOL', token: 'native' },
      { account: 'ops', address: OPS, asset: 'USDC', token: USDC },
      { account: 'empty', address: EMPTY, asset: 'SOL', token: 'native' },
    ];
    const samples = await adapter.fetchBalances({ targets, signal });
    expect(samples).toHaveLength(targets.length);
    expect(byKey(samples)).toEqual({
      'treasury/SOL': { account: 'treasury', asset: 'SOL', balance: 12.345678901 },
      'treasury/USDC': { account: 'treasury', asset: 'USDC', balance: 1234.56789 },
      'treasury/BERN': { account: 'treasury', asset: 'BERN', balance: 0.500000001 },
      'ops/SOL': { account: 'ops', asset: 'SOL', balance: 0.000000001 },
      'ops/USDC': { account: 'ops', asset: 'USDC', balance: 0 }, // no ATA: a real zero
      'empty/SOL': { account: 'empty', asset: 'SOL', balance: 0 }, // never funded: a real zero
    });
    // SOL batch, mint batch, ATA batch.
    expect(primary.requestCounts).toEqual({ getMultipleAccounts: 3 });
  });

  it('ignores a token account that is not the associated one (documented limitation)', async () => {
    const holder = testAddress(500);
    const stray = testAddress(501);
    primary.setAccount(stray, {
      lamports: 2_039_280n,
      owner: TOKEN_PROGRAM_ADDRESS,
      data: encodeTokenAccountData({ mint: USDC, owner: holder, amount: 7_000_000n }),
    });
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    const [sample] = await adapter.fetchBalances({ targets: [{ account: 'h', address: holder, asset: 'USDC', token: USDC }], signal });
    expect(sample).toEqual({ account: 'h', asset: 'USDC', balance: 0 });
    primary.deleteAccount(stray);
  });

  it('batches 250 owners into 3 getMultipleAccounts calls, and caches mints across cycles', async () => {
    const owners = Array.from({ length: 250 }, (_, i) => testAddress(i));
    await Promise.all(owners.map((owner, i) => primary.setLamports(owner, BigInt(i) * 1_000_000n)));
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    const native = owners.map((owner, i): BalanceTarget => ({ account: `a${i}`, address: owner, asset: 'SOL', token: 'native' }));
    const samples = await adapter.fetchBalances({ targets: native, signal });
    expect(primary.requestCounts).toEqual({ getMultipleAccounts: 3 });
    expect(byKey(samples)['a249/SOL']).toEqual({ account: 'a249', asset: 'SOL', balance: 0.249 });

    primary.resetCounts();
    const tokens = owners.flatMap((owner, i): BalanceTarget[] => [
      { account: `a${i}`, address: owner, asset: 'USDC', token: USDC },
      { account: `a${i}`, address: owner, asset: 'BERN', token: T22 },
    ]);
    await adapter.fetchBalances({ targets: [...native, ...tokens], signal });
    // 3 for SOL + 1 for the two mints + ceil(500 / 100) = 5 for the ATAs.
    expect(primary.requestCounts).toEqual({ getMultipleAccounts: 9 });

    primary.resetCounts();
    await adapter.fetchBalances({ targets: [...native, ...tokens], signal });
    expect(primary.requestCounts).toEqual({ getMultipleAccounts: 8 }); // mints known: decimals and program are immutable
  });

  it('fails only the samples of a "mint" that is not a mint', async () => {
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    const samples = await adapter.fetchBalances({
      targets: [
        { account: 'treasury', address: TREASURY, asset: 'USDC', token: USDC },
        { account: 'treasury', address: TREASURY, asset: 'WALLET', token: OPS }, // a wallet, owned by the System program
        { account: 'treasury', address: TREASURY, asset: 'GONE', token: EMPTY }, // no account at all
        { account: 'treasury', address: TREASURY, asset: 'BAD', token: 'not-a-mint' },
        { account: 'broken', address: '0xabc', asset: 'USDC', token: USDC },
      ],
      signal,
    });
    expect(byKey(samples)).toEqual({
      'treasury/USDC': { account: 'treasury', asset: 'USDC', balance: 1234.56789 },
      'treasury/WALLET': { account: 'treasury', asset: 'WALLET', error: `${OPS} is not an SPL token mint (account owned by ${SYSTEM_PROGRAM_ADDRESS})` },
      'treasury/GONE': { account: 'treasury', asset: 'GONE', error: `mint ${EMPTY} does not exist on this network` },
      'treasury/BAD': { account: 'treasury', asset: 'BAD', error: 'not a valid Solana mint address (expected base58 encoding of 32 bytes)' },
      'broken/USDC': { account: 'broken', asset: 'USDC', error: 'not a valid Solana address (expected base58 encoding of 32 bytes)' },
    });
  });

  it('refuses a token account configured as a mint (same owner program, other layout)', async () => {
    const tokenAccount = testAddress(700);
    primary.setAccount(tokenAccount, {
      lamports: 2_039_280n,
      owner: TOKEN_PROGRAM_ADDRESS,
      data: encodeTokenAccountData({ mint: USDC, owner: TREASURY, amount: 1n }),
    });
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    const [sample] = await adapter.fetchBalances({ targets: [{ account: 't', address: TREASURY, asset: 'X', token: tokenAccount }], signal });
    expect(sample).toEqual({ account: 't', asset: 'X', error: `${tokenAccount} is not an SPL token mint: account data (165 bytes) is not a mint layout` });
    primary.deleteAccount(tokenAccount);
  });

  it('reads token supplies in whole tokens', async () => {
    const adapter = createSolanaAdapter({ rpcUrls: [primary.url] });
    expect(await adapter.fetchTokenSupplies({ mints: [USDC, T22, OPS], signal })).toEqual([
      { mint: USDC, supply: 9_000_000, decimals: 6 },
      { mint: T22, supply: 5, decimals: 9 },
      { mint: OPS, error: `${OPS} is not an SPL token mint (account owned by ${SYSTEM_PROGRAM_ADDRESS})` },
    ]);
  });
});

describe('createSolanaAdapter: endpoints', () => {
  const treasurySol: BalanceTarget[] = [{ account: 'treasury', address: TREASURY, asset: 'SOL', token: 'native' }];
  const expected = [{ account: 'treasury', asset: 'SOL', balance: 12.345678901 }];

  function adapterWithRecords(options: { timeoutMs?: number; retries?: number } = {}) {
    const records: RequestRecord[] = [];
    const adapter = createSolanaAdapter({
      // The path stands for an API key some providers put in the URL: it must never be reported.
      rpcUrls: [`${primary.url}/v2/secret-key-111`, `${secondary.url}/?api-key=secret-key-222`],
      recordRequest: (record) => records.push(record),
      ...options,
    });
    return { adapter, records };
  }
  const primaryHost = () => new URL(primary.url).host;
  const secondaryHost = () => new URL(secondary.url).host;

  it('falls back to the second URL on 429 with a Retry-After beyond the bound', async () => {
    const { adapter, records } = adapterWithRecords();
    primary.injectFault({ kind: 'rate_limit', retryAfterSeconds: 120 });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    expect(records).toEqual([
      { endpoint: primaryHost(), outcome: 'rate_limited' },
      { endpoint: secondaryHost(), outcome: 'success' },
    ]);
  });

  it('honours a short Retry-After on the same URL', async () => {
    const { adapter, records } = adapterWithRecords();
    primary.injectFault({ kind: 'rate_limit', retryAfterSeconds: 0 });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    expect(records).toEqual([
      { endpoint: primaryHost(), outcome: 'rate_limited' },
      { endpoint: primaryHost(), outcome: 'success' },
    ]);
    expect(secondary.httpRequestCount).toBe(0);
  });

  it('falls back to the second URL on HTTP 500', async () => {
    const { adapter, records } = adapterWithRecords();
    primary.injectFault({ kind: 'server_error', status: 503 });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    expect(records.map((r) => r.outcome)).toEqual(['error', 'success']);
    expect(secondary.requestCounts).toEqual({ getMultipleAccounts: 1 });
  });

  it('falls back to the second URL on a timeout, then stays there', async () => {
    const { adapter, records } = adapterWithRecords({ timeoutMs: 300 });
    primary.injectFault({ kind: 'hang' });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    expect(records).toEqual([
      { endpoint: primaryHost(), outcome: 'timeout' },
      { endpoint: secondaryHost(), outcome: 'success' },
    ]);
    await adapter.fetchBalances({ targets: treasurySol, signal });
    expect(records[2]).toEqual({ endpoint: secondaryHost(), outcome: 'success' });
  });

  it('falls back on malformed JSON and on a JSON-RPC error (node behind)', async () => {
    const { adapter, records } = adapterWithRecords();
    primary.injectFault({ kind: 'malformed_json' });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    secondary.injectFault({ kind: 'rpc_error', code: -32005 });
    expect(await adapter.fetchBalances({ targets: treasurySol, signal })).toEqual(expected);
    expect(records).toEqual([
      { endpoint: primaryHost(), outcome: 'error' },
      { endpoint: secondaryHost(), outcome: 'success' },
      { endpoint: secondaryHost(), outcome: 'error' },
      { endpoint: primaryHost(), outcome: 'success' },
    ]);
  });

  it('rejects when every URL fails in every round, naming hosts but no secrets', async () => {
    const { adapter, records } = adapterWithRecords({ retries: 1 });
    primary.injectFault({ kind: 'server_error' }, 2);
    secondary.injectFault({ kind: 'rate_limit', retryAfterSeconds: 60 }, 2);
    const failure = adapter.fetchBalances({ targets: treasurySol, signal });
    await expect(failure).rejects.toBeInstanceOf(SolanaRpcUnavailableError);
    await expect(failure).rejects.toThrow(
      `every Solana RPC endpoint failed for getMultipleAccounts: ${primaryHost()}: HTTP 500; ${secondaryHost()}: HTTP 429; ${primaryHost()}: HTTP 500; ${secondaryHost()}: HTTP 429`,
    );
    expect(records).toHaveLength(4);
    expect(JSON.stringify(records)).not.toContain('secret');
    expect(records.every((r) => r.endpoint === primaryHost() || r.endpoint === secondaryHost())).toBe(true);
  });
});
