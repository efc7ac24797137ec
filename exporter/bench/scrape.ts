/**
 * Scrape cost at 10,000 and 100,000 series: the exporter's cached exposition served over HTTP,
 * beside plain prom-client `registry.metrics()` serialising the same series in the same process.
 */
import { request } from 'node:http';
import { pino } from 'pino';
import { Gauge, Registry } from 'prom-client';
import type { Config } from '../src/config/index.js';
import { benchConfig } from './config.js';
import { PollRunner } from '../src/metrics/pollRunner.js';
import { createApp } from '../src/server/app.js';
import { listen } from '../src/server/listen.js';

export interface ScrapeFigures {
  series: number;
  bodyBytes: number;
  gzipBytes: number;
  scrapeMedianMs: number;
  scrapeP99Ms: number;
  gzipScrapeMedianMs: number;
  gzipScrapeP99Ms: number;
  promClientMedianMs: number;
  promClientP99Ms: number;
  rssMb: number;
}

const ASSETS_PER_ACCOUNT = 10;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Builds a treasury whose balance + USD series add up to about `series`. */
function syntheticTreasury(series: number): { config: Config; values: Array<[string, string, number]> } {
  const accounts = Math.ceil(series / (2 * ASSETS_PER_ACCOUNT));
  const assets: Record<string, { on: Record<string, string> }> = {};
  for (let a = 0; a < ASSETS_PER_ACCOUNT; a++) {
    assets[`TOK${a}`] = { on: { ethereum: `0x${(a + 1).toString(16).padStart(40, '0')}` } };
  }
  const accountList = [];
  const values: Array<[string, string, number]> = [];
  for (let i = 0; i < accounts; i++) {
    const name = `account-${i}`;
    accountList.push({ name, network: 'ethereum', address: `0x${(i + 0x1000).toString(16).padStart(40, '0')}`, labels: { entity: `entity-${i % 7}` } });
    for (let a = 0; a < ASSETS_PER_ACCOUNT; a++) values.push([name, `TOK${a}`, 1000 + i * 0.123456 + a]);
  }
  const config = benchConfig({
    version: 1,
    networks: { ethereum: { kind: 'evm', chain_id: 1, rpc_urls: ['http://127.0.0.1:1'] } },
    assets,
    accounts: accountList,
  });
  return { config, values };
}

function get(port: number, gzip: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeScrapes(port: number, gzip: boolean, count: number): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < 10; i++) await get(port, gzip); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await get(port, gzip));
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** Measures one size; `scrapes` requests per variant. */
export async function benchScrape(series: number, scrapes = 200): Promise<ScrapeFigures> {
  const { config, values } = syntheticTreasury(series);
  const runner = new PollRunner({ logger: pino({ level: 'silent' }), version: 'bench' });
  runner.applyConfig({ config, sha256: '', path: 'bench.yaml', loadedAt: 0 });
  for (const [account, asset, balance] of values) runner.state.setBalance(account, asset, balance);
  for (let a = 0; a < ASSETS_PER_ACCOUNT; a++) runner.state.consensusPrices.set(`TOK${a}`, 1.5 + a);
  runner.render();
  const renderedSeries = runner.cached.seriesCount;
  await new Promise((r) => setTimeout(r, 500)); // let the gzip form finish
  // Settle the heap built while rendering, so the timings measure scrapes, not that garbage.
  global.gc?.();

  const server = await listen(createApp({ exposition: runner.cached, ready: () => ({ ready: true }), version: 'bench' }), { host: '127.0.0.1', port: 0 });
  const port = Number(new URL(server.url).port);
  const identity = await timeScrapes(port, false, scrapes);
  const gzipped = await timeScrapes(port, true, scrapes);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await server.close();
  await runner.stop();

  // Baseline: the same balance and USD series in plain prom-client gauges.
  const registry = new Registry();
  const balance = new Gauge({ name: 'treasury_account_balance', help: 'b', labelNames: ['account', 'network', 'asset'], registers: [registry] });
  const usd = new Gauge({ name: 'treasury_account_balance_usd', help: 'u', labelNames: ['account', 'network', 'asset'], registers: [registry] });
  const info = new Gauge({ name: 'treasury_account_info', help: 'i', labelNames: ['account', 'network', 'address', 'entity'], registers: [registry] });
  for (const account of config.accounts) info.set({ account: account.name, network: 'ethereum', address: account.address, entity: account.labels!.entity! }, 1);
  for (const [account, asset, value] of values) {
    balance.set({ account, network: 'ethereum', asset }, value);
    usd.set({ account, network: 'ethereum', asset }, value * (1.5 + Number(asset.slice(3))));
  }
  const baseline: number[] = [];
  const baselineRuns = Math.max(20, Math.floor(scrapes / 5));
  for (let i = 0; i < 3; i++) await registry.metrics();
  for (let i = 0; i < baselineRuns; i++) {
    const started = performance.now();
    await registry.metrics();
    baseline.push(performance.now() - started);
  }
  baseline.sort((a, b) => a - b);

  return {
    series: renderedSeries,
    bodyBytes: runner.cached.identity.length,
    gzipBytes: runner.cached.gzip?.length ?? 0,
    scrapeMedianMs: identity.median,
    scrapeP99Ms: identity.p99,
    gzipScrapeMedianMs: gzipped.median,
    gzipScrapeP99Ms: gzipped.p99,
    promClientMedianMs: quantile(baseline, 0.5),
    promClientP99Ms: quantile(baseline, 0.99),
    rssMb,
  };
}
