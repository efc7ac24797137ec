/**
 * The whole exporter, in-process, against a real anvil node: balances put on-chain come out of
 * /metrics over HTTP as exactly those numbers, and a node outage keeps them, marked stale.
 */
import { getAddress, parseEther, parseUnits, type Address } from 'viem';
import { startDevnet, type Devnet } from './devnet/devnet.js';
import type { RunningExporter } from './main.js';
import { sampleValue, waitFor } from './testing/exposition.js';
import { startTestExporter, type TestExporter } from './testing/testExporter.js';

const ops: Address = '0x00000000000000000000000000000000000A11cE';
const custody: Address = '0x0000000000000000000000000000000000C0FFEE';

let devnet: Devnet;
let harness: TestExporter;
let exporter: RunningExporter;
let usdc: Address;
let weth: Address;

function configYaml(extraAccount = ''): string {
  return `# test treasury
version: 1
exporter:
  poll_interval: 200ms
  request_timeout: 500ms
networks:
  devnet: { kind: evm, chain_id: ${devnet.chainId}, rpc_urls: ["${devnet.rpcUrl}"] }
assets:
  ETH: { on: { devnet: native } }
  USDC: { peg: USD, on: { devnet: "${usdc}" } }
  WETH: { on: { devnet: "${weth}" } }
accounts:
  - name: ops-hot
    network: devnet
    address: "${ops}"
    labels: { entity: acme, purpose: operations }
    min_balance: { ETH: 2 }
${extraAccount}`;
}

const scrape = () => harness.scrape();

beforeAll(async () => {
  devnet = await startDevnet();
  usdc = getAddress(await devnet.deployToken({ symbol: 'USDC', decimals: 6 }));
  weth = getAddress(await devnet.deployToken({ symbol: 'WETH', decimals: 18 }));
  await devnet.setNativeBalance(ops, parseEther('3.25'));
  await devnet.mint(usdc, ops, parseUnits('250000.5', 6));
  await devnet.mint(weth, ops, parseUnits('1.000000000000000001', 18));
  await devnet.mint(usdc, custody, parseUnits('7', 6));
  harness = await startTestExporter(configYaml());
  exporter = harness.exporter;
});

afterAll(async () => {
  await harness?.close();
  await devnet?.stop();
});

test('balances put on-chain come out of /metrics as exactly those numbers', async () => {
  await waitFor('readiness', async () => ((await fetch(`${exporter.url}/readyz`)).ok ? true : undefined));
  const response = await fetch(`${exporter.url}/metrics`);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const samples = await scrape();
  const labels = (asset: string) => ({ account: 'ops-hot', network: 'devnet', asset });
  expect(sampleValue(samples, 'treasury_account_balance', labels('ETH'))).toBe(3.25);
  expect(sampleValue(samples, 'treasury_account_balance', labels('USDC'))).toBe(250000.5);
  // 1 + 1e-18 is not representable in a float64: the nearest double is 1.
  expect(sampleValue(samples, 'treasury_account_balance', labels('WETH'))).toBe(1);
  expect(sampleValue(samples, 'treasury_account_balance_minimum', labels('ETH'))).toBe(2);
  expect(sampleValue(samples, 'treasury_account_info', { account: 'ops-hot', address: ops, entity: 'acme', purpose: 'operations' })).toBe(1);
  expect(sampleValue(samples, 'treasury_target_up', { network: 'devnet', target: 'account:ops-hot' })).toBe(1);
  expect(sampleValue(samples, 'treasury_target_poll_interval_seconds', { network: 'devnet' })).toBe(0.2);
  expect(sampleValue(samples, 'treasury_exporter_config_last_reload_successful')).toBe(1);
  expect(sampleValue(samples, 'treasury_rpc_requests_total', { network: 'devnet', endpoint: `127.0.0.1:${devnet.port}`, outcome: 'success' })).toBeGreaterThan(0);
});

test('a node outage keeps the last balances, drops target_up to 0 and freezes last success; recovery needs no restart', async () => {
  const labels = { account: 'ops-hot', network: 'devnet', asset: 'USDC' };
  const health = { network: 'devnet', target: 'account:ops-hot' };
  await devnet.pause();
  const down = await waitFor('target down', async () => {
    const samples = await scrape();
    return sampleValue(samples, 'treasury_target_up', health) === 0 ? samples : undefined;
  });
  expect(sampleValue(down, 'treasury_account_balance', labels)).toBe(250000.5);
  const frozen = sampleValue(down, 'treasury_target_last_success_timestamp_seconds', health);
  await new Promise((r) => setTimeout(r, 700)); // several poll intervals
  const stillDown = await scrape();
  expect(sampleValue(stillDown, 'treasury_target_last_success_timestamp_seconds', health)).toBe(frozen);
  expect(sampleValue(stillDown, 'treasury_account_balance', labels)).toBe(250000.5);
  const status = exporter.runner.targets.find((t) => t.target === 'account:ops-hot');
  expect(status?.lastError).toMatch(/^all RPC endpoints failed: 127\.0\.0\.1:\d+: /);

  await devnet.resume();
  await devnet.mint(usdc, ops, parseUnits('1', 6));
  const recovered = await waitFor('recovery', async () => {
    const samples = await scrape();
    return sampleValue(samples, 'treasury_target_up', health) === 1 ? samples : undefined;
  });
  expect(sampleValue(recovered, 'treasury_target_last_success_timestamp_seconds', health)).toBeGreaterThan(frozen!);
  await waitFor('new balance', async () => (sampleValue(await scrape(), 'treasury_account_balance', labels) === 250001.5 ? true : undefined));
});

test('reload: a broken file keeps the last good config; a removed account disappears; unchanged bytes are a no-op', async () => {
  await harness.writeConfig(configYaml(`  - name: custody\n    network: devnet\n    address: "${custody}"\n    assets: [USDC]\n`));
  expect(await exporter.reload()).toEqual({ status: 'reloaded' });
  // Still ready while the new account's first poll runs: a reload never takes a serving exporter out.
  expect((await fetch(`${exporter.url}/readyz`)).status).toBe(200);
  await waitFor('custody balance', async () =>
    sampleValue(await scrape(), 'treasury_account_balance', { account: 'custody', asset: 'USDC' }) === 7 ? true : undefined,
  );
  expect(await exporter.reload()).toEqual({ status: 'unchanged' });

  await harness.writeConfig(configYaml().replace('version: 1', 'version: 1\nbogus: true'));
  const failed = await exporter.reload();
  expect(failed.status).toBe('failed');
  const afterFailure = await scrape();
  expect(sampleValue(afterFailure, 'treasury_exporter_config_last_reload_successful')).toBe(0);
  expect(sampleValue(afterFailure, 'treasury_account_balance', { account: 'custody', asset: 'USDC' })).toBe(7);

  await harness.writeConfig(configYaml());
  expect(await exporter.reload()).toEqual({ status: 'reloaded' });
  const afterRemoval = await scrape();
  expect(sampleValue(afterRemoval, 'treasury_account_balance', { account: 'custody', asset: 'USDC' })).toBeUndefined();
  expect(afterRemoval.some((s) => s.labels.account === 'custody' || s.labels.target === 'account:custody')).toBe(false);
  expect(sampleValue(afterRemoval, 'treasury_exporter_config_last_reload_successful')).toBe(1);
});
