import { getAddress, parseEther, parseUnits, type Address } from 'viem';
import { startDevnet, type Devnet } from '../../devnet/devnet.js';
import type { RequestRecord } from '../types.js';
import { createEvmAdapter } from './adapter.js';
import { startRpcCountingProxy } from './testing/rpcCountingProxy.js';

const alice: Address = '0x00000000000000000000000000000000000A11cE';
const bob: Address = '0x0000000000000000000000000000000000000B0b';

let devnet: Devnet;
let usdc: Address;
let weth: Address;
let broken: Address;

beforeAll(async () => {
  devnet = await startDevnet();
  usdc = await devnet.deployToken({ symbol: 'USDC', decimals: 6 });
  weth = await devnet.deployToken({ symbol: 'WETH', decimals: 18 });
  broken = await devnet.deployRevertingToken({ symbol: 'BRK', decimals: 18 });
  await devnet.setNativeBalance(alice, parseEther('12.5'));
  await devnet.mint(usdc, alice, parseUnits('1234.567891', 6));
  await devnet.mint(weth, bob, parseUnits('0.000000000000000123', 18));
});

afterAll(async () => {
  await devnet?.stop();
});

const targets = () => [
  { account: 'alice', address: alice, asset: 'ETH', token: 'native' as const },
  { account: 'alice', address: alice, asset: 'USDC', token: usdc },
  { account: 'bob', address: bob, asset: 'WETH', token: weth },
  { account: 'bob', address: bob, asset: 'USDC', token: usdc },
  { account: 'bob', address: bob, asset: 'BRK', token: broken },
];

test('reads native and ERC-20 balances in whole tokens, a reverting token failing alone', async () => {
  const adapter = createEvmAdapter({ rpcUrls: [devnet.rpcUrl], chainId: devnet.chainId });
  const samples = await adapter.fetchBalances({ targets: targets(), signal: new AbortController().signal });
  const byKey = Object.fromEntries(samples.map((s) => [`${s.account}/${s.asset}`, s.error ?? s.balance]));
  expect(byKey).toEqual({
    'alice/ETH': 12.5,
    'alice/USDC': 1234.567891,
    'bob/WETH': 1.23e-16,
    'bob/USDC': 0,
    'bob/BRK': `balanceOf on ${getAddress(broken)} reverted`,
  });
});

test('one eth_call carries every balance: a single HTTP request per cycle once metadata is cached', async () => {
  const records: RequestRecord[] = [];
  const adapter = createEvmAdapter({ rpcUrls: [devnet.rpcUrl], chainId: devnet.chainId, recordRequest: (r) => records.push(r) });
  await adapter.fetchBalances({ targets: targets(), signal: new AbortController().signal });
  records.length = 0;
  await adapter.fetchBalances({ targets: targets(), signal: new AbortController().signal });
  expect(records).toEqual([{ endpoint: new URL(devnet.rpcUrl).host, outcome: 'success' }]);
});

test('a chain id mismatch disables the endpoint with a clear error', async () => {
  const adapter = createEvmAdapter({ rpcUrls: [devnet.rpcUrl], chainId: 1 });
  await expect(adapter.fetchBalances({ targets: targets(), signal: new AbortController().signal })).rejects.toThrow(
    `all RPC endpoints failed: ${new URL(devnet.rpcUrl).host}: chain id ${devnet.chainId} does not match the configured chain_id 1; endpoint disabled`,
  );
});

test('falls back to the next endpoint when the first is unreachable, and never reports the URL path', async () => {
  const records: RequestRecord[] = [];
  const deadUrl = 'http://127.0.0.1:9/v2/SECRET-KEY';
  const adapter = createEvmAdapter({ rpcUrls: [deadUrl, devnet.rpcUrl], chainId: devnet.chainId, recordRequest: (r) => records.push(r) });
  const samples = await adapter.fetchBalances({ targets: targets().slice(0, 1), signal: new AbortController().signal });
  expect(samples).toEqual([{ account: 'alice', asset: 'ETH', balance: 12.5 }]);
  expect(records[0]).toEqual({ endpoint: '127.0.0.1:9', outcome: 'error' });

  const allDead = createEvmAdapter({ rpcUrls: [deadUrl], chainId: devnet.chainId });
  const failure = allDead.fetchBalances({ targets: targets(), signal: new AbortController().signal });
  await expect(failure).rejects.toThrow(/^all RPC endpoints failed: 127\.0\.0\.1:9: /);
  await expect(failure).rejects.not.toThrow(/SECRET-KEY/);
});

test('batches by batch_size: 1,200 reads travel as 3 eth_calls in one HTTP request', async () => {
  const proxy = await startRpcCountingProxy(devnet.rpcUrl);
  try {
    const adapter = createEvmAdapter({ rpcUrls: [proxy.url], chainId: devnet.chainId, batchSize: 500 });
    await adapter.tokenMetadata([usdc]);
    proxy.reset();
    const many = Array.from({ length: 1200 }, (_, i) => ({ account: `a${i}`, address: alice, asset: 'USDC', token: usdc }));
    const samples = await adapter.fetchBalances({ targets: many, signal: new AbortController().signal });
    expect(samples.filter((s) => s.balance === 1234.567891)).toHaveLength(1200);
    expect(Object.fromEntries(proxy.calls)).toEqual({ eth_call: 3 });
    expect(proxy.httpRequests).toBe(1);
  } finally {
    await proxy.close();
  }
});

test('a failed request is retried once after a short pause before the cycle is given up', async () => {
  const proxy = await startRpcCountingProxy(devnet.rpcUrl);
  try {
    const records: RequestRecord[] = [];
    const adapter = createEvmAdapter({ rpcUrls: [proxy.url], chainId: devnet.chainId, recordRequest: (r) => records.push(r) });
    await adapter.fetchBalances({ targets: targets().slice(0, 1), signal: new AbortController().signal });
    records.length = 0;
    proxy.failNext(1);
    const samples = await adapter.fetchBalances({ targets: targets().slice(0, 1), signal: new AbortController().signal });
    expect(samples).toEqual([{ account: 'alice', asset: 'ETH', balance: 12.5 }]);
    expect(records.map((r) => r.outcome)).toEqual(['error', 'success']);

    proxy.failNext(2);
    await expect(adapter.fetchBalances({ targets: targets().slice(0, 1), signal: new AbortController().signal })).rejects.toThrow(
      /^all RPC endpoints failed: 127\.0\.0\.1:\d+: HTTP request failed/,
    );
  } finally {
    await proxy.close();
  }
});
