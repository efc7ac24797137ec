/**
 * The demo end to end: two anvil chains with the simulated treasury, the exporter on the
 * generated config, the simulator, and the Debian Prometheus and Alertmanager with the repo's
 * rules and routing. Asserts what /metrics shows against what was put on-chain, then runs every
 * PromQL expression of dashboards/*.json and of the Grafana app's builders against Prometheus.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseExposition, sampleValue, waitFor, type Sample } from '../testing/exposition.js';
import {
  dashboardExpressions,
  pluginBuilderExpressions,
  pluginNonBuilderExports,
  toPromQL,
  type NamedExpression,
} from './promql-expressions.js';
import { loadPluginQueries, repoFiles } from './repo-files.js';
import { startDemo, type RunningDemo } from './start-demo.js';

let demo: RunningDemo;

async function scrape(): Promise<Sample[]> {
  return parseExposition(await (await fetch(`${demo.exporterUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text());
}

beforeAll(async () => {
  demo = await startDemo({
    listen: { host: '127.0.0.1', port: 0 },
    pollInterval: '300ms',
    tickMs: 0,
    // 25× the drain and peg loss: ops-hot falls below 5 ETH and USDX past 2% in three ticks.
    simulatorSpeed: 25,
    scrapeInterval: '1s',
  });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
});

test('/metrics shows the simulated treasury as it was put on the two chains', async () => {
  const samples = await waitFor('first poll of every target', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_stablecoin_reserve_ratio', { asset: 'USDX' }) !== undefined &&
      sampleValue(s, 'treasury_account_balance', { account: 'payroll', asset: 'USDC' }) !== undefined
      ? s
      : undefined;
  });
  const balance = (account: string, asset: string) => sampleValue(samples, 'treasury_account_balance', { account, asset });
  expect(balance('treasury-main', 'ETH')).toBe(1200);
  expect(balance('treasury-main', 'WBTC')).toBe(35);
  expect(balance('treasury-main', 'USDC')).toBe(2_500_000);
  expect(balance('ops-hot', 'ETH')).toBe(6);
  expect(balance('custody-reserve', 'USDC')).toBe(1_350_000);
  expect(balance('l2-ops', 'USDX')).toBe(50_000);
  expect(sampleValue(samples, 'treasury_account_balance', { account: 'payroll', network: 'arbitrum-sim', asset: 'USDC' })).toBe(120_000);
  expect(sampleValue(samples, 'treasury_account_balance_minimum', { account: 'ops-hot', asset: 'ETH' })).toBe(5);
  expect(sampleValue(samples, 'treasury_account_info', { account: 'payroll', entity: 'acme-labs', purpose: 'payroll' })).toBe(1);

  expect(sampleValue(samples, 'treasury_asset_source_price_usd', { asset: 'ETH', source: 'chainlink' })).toBe(3000);
  expect(sampleValue(samples, 'treasury_asset_price_usd', { asset: 'WBTC' })).toBe(65_000);
  expect(sampleValue(samples, 'treasury_account_balance_usd', { account: 'treasury-main', asset: 'WBTC' })).toBe(35 * 65_000);
  expect(sampleValue(samples, 'treasury_stablecoin_peg_deviation_ratio', { asset: 'USDX', peg: 'USD' })).toBe(0);

  // 1,000,000 + 200,000 market USDX and l2-ops' 50,000, backed by 1,350,000 USDC at 1.00.
  expect(sampleValue(samples, 'treasury_stablecoin_supply', { asset: 'USDX', network: 'ethereum-sim' })).toBe(1_000_000);
  expect(sampleValue(samples, 'treasury_stablecoin_supply', { asset: 'USDX', network: 'arbitrum-sim' })).toBe(250_000);
  expect(sampleValue(samples, 'treasury_stablecoin_reserves_usd', { asset: 'USDX' })).toBe(1_350_000);
  expect(sampleValue(samples, 'treasury_stablecoin_reserve_ratio', { asset: 'USDX' })).toBeCloseTo(1.08, 12);

  const health = samples.filter((s) => s.name === 'treasury_target_up');
  expect(health.map((s) => `${s.labels.network} ${s.labels.target}`).sort()).toEqual([
    'arbitrum-sim account:l2-ops',
    'arbitrum-sim account:payroll',
    'arbitrum-sim supply:USDX',
    'ethereum-sim account:custody-reserve',
    'ethereum-sim account:ops-hot',
    'ethereum-sim account:treasury-main',
    'ethereum-sim supply:USDX',
    'prices price:chainlink:ETH',
    'prices price:chainlink:USDC',
    'prices price:chainlink:USDX',
    'prices price:chainlink:WBTC',
  ]);
  expect(health.filter((s) => s.value !== 1)).toEqual([]);
});

test('the simulator moves prices, lets USDX lose its peg and drains ops-hot below its minimum', async () => {
  for (let i = 0; i < 3; i++) await demo.simulator.step();
  const snapshot = demo.simulator.snapshot();
  expect(snapshot.drainingBalance).toBe(4.5);
  const samples = await waitFor('the third tick in /metrics', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_account_balance', { account: 'ops-hot', asset: 'ETH' }) === snapshot.drainingBalance &&
      sampleValue(s, 'treasury_asset_source_price_usd', { asset: 'USDX', source: 'chainlink' }) === snapshot.prices.USDX &&
      sampleValue(s, 'treasury_asset_source_price_usd', { asset: 'ETH', source: 'chainlink' }) === snapshot.prices.ETH
      ? s
      : undefined;
  });
  expect(snapshot.prices.ETH).not.toBe(3000);
  expect(sampleValue(samples, 'treasury_account_balance', { account: 'ops-hot', asset: 'ETH' })).toBeLessThan(
    sampleValue(samples, 'treasury_account_balance_minimum', { account: 'ops-hot', asset: 'ETH' })!,
  );
  const deviation = sampleValue(samples, 'treasury_stablecoin_peg_deviation_ratio', { asset: 'USDX', peg: 'USD' })!;
  expect(deviation).toBeCloseTo(snapshot.prices.USDX - 1, 12);
  // Three ticks at 25× lose 0.0225 USD: past the 2% critical threshold.
  expect(deviation).toBeLessThan(-0.02);
  expect(sampleValue(samples, 'treasury_account_balance_usd', { account: 'ops-hot', asset: 'ETH' })).toBeCloseTo(4.5 * snapshot.prices.ETH, 6);
});

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown[] };
}

test('a real Prometheus scraping the demo answers every dashboard and app query with data', async () => {
  expect(demo.notes).toEqual([]);
  const prometheusUrl = demo.prometheusUrl!;
  expect(prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const query = async (expr: string, at?: number): Promise<QueryAnswer> =>
    (await (
      await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}${at === undefined ? '' : `&time=${at}`}`, {
        signal: AbortSignal.timeout(5_000),
      })
    ).json()) as QueryAnswer;

  // Prices move on every tick, so every USD value changes between scrapes.
  demo.simulator.start(700);
  await waitFor(
    'six scrapes of the moving treasury',
    async () => {
      const answer = await query('count_over_time(treasury_asset_price_usd{asset="ETH"}[1m]) >= 6');
      return (answer.data?.result.length ?? 0) > 0 ? true : undefined;
    },
    30_000,
  );

  const dashboards: NamedExpression[] = [];
  for (const file of (await readdir(repoFiles.dashboardsDir)).filter((name) => name.endsWith('.json')).sort()) {
    dashboards.push(...dashboardExpressions(file, JSON.parse(await readFile(join(repoFiles.dashboardsDir, file), 'utf8'))));
  }
  expect(dashboards.length).toBeGreaterThan(30);

  const queries = await loadPluginQueries();
  const plugin = pluginBuilderExpressions(queries, { accountName: 'ops-hot', filters: queries.VARIABLE_FILTERS });
  // Every query the app exports is exercised here: a new builder must be added above.
  const unexercised = Object.keys(queries).filter((name) => !plugin.covered.has(name) && !pluginNonBuilderExports.has(name));
  expect(unexercised).toEqual([]);

  // Empty by design while the demo is healthy; their status is still checked.
  const mayBeEmpty: Record<string, string> = {
    'plugin failingTargets': 'no target fails in the demo',
    'exporter-health.json: Failing targets (A)': 'no target fails in the demo',
    'plugin staleTargets': 'no target is stale in the demo',
    'plugin firingTreasuryAlerts': 'non-empty only once an alert has fired (after its shortened `for:`)',
    'exporter-health.json: Firing treasury alerts (A)': 'non-empty only once an alert has fired',
  };
  const problems: string[] = [];
  for (const { source, expr } of [...dashboards, ...plugin.expressions]) {
    const promql = toPromQL(expr, { range: '4s', interval: '5s' });
    const answer = await query(promql);
    const key = source.replace(/\(.*\)$/, '').trim();
    if (answer.status !== 'success') problems.push(`${source}: ${answer.error}\n  ${promql}`);
    else if (answer.data!.result.length === 0 && !(key in mayBeEmpty) && !(source in mayBeEmpty)) {
      problems.push(`${source}: no data\n  ${promql}`);
    }
  }
  expect(problems).toEqual([]);

  // And a value, not only "some data": the total equals the sum of the exporter's USD series,
  // both evaluated at the same instant (prices move on every tick).
  const at = Math.floor(Date.now() / 1000) - 1;
  const total = await query(toPromQL((queries.totalTreasuryUsd as (f: unknown) => string)(queries.VARIABLE_FILTERS), { range: '4s', interval: '5s' }), at);
  const sum = await query('sum(treasury_account_balance_usd)', at);
  const value = (answer: QueryAnswer) => Number((answer.data!.result[0] as { value: [number, string] }).value[1]);
  expect(value(total)).toBeGreaterThan(1_000_000);
  expect(value(total)).toBeCloseTo(value(sum), 2);
  await demo.simulator.stop();
});
