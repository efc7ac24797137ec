/**
 * `npm run bench`: every figure beside a baseline measured in the same run, printed as a table
 * with the targets from the issues. Ratios, not absolute times, are what compare across machines.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEvm } from './evm.js';
import { benchPrices } from './prices.js';
import { benchSolana } from './solana.js';
import type { ScrapeFigures } from './scrape.js';

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass?: boolean;
}

const rows: Row[] = [];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function scrapeInChild(series: number): ScrapeFigures {
  const child = fileURLToPath(new URL('./scrape-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx/esm', child, String(series)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ScrapeFigures;
}

async function main() {
  console.error('bench: EVM poll cycle, 1,000 accounts × 10 assets on anvil …');
  const evm = await benchEvm();
  rows.push(
    {
      figure: `EVM HTTP requests / cycle (${evm.balances} balances)`,
      value: String(evm.warmCycle.httpRequests),
      baseline: String(evm.naive.httpRequests),
      ratio: `${fmt(evm.naive.httpRequests / evm.warmCycle.httpRequests, 0)}× fewer`,
      target: '≥ 100× fewer',
      pass: evm.naive.httpRequests / evm.warmCycle.httpRequests >= 100,
    },
    {
      figure: 'EVM eth_calls / cycle',
      value: String(evm.warmCycle.ethCalls),
      baseline: `${evm.naive.ethCalls} + ${evm.naive.httpRequests - evm.naive.ethCalls} eth_getBalance`,
      ratio: `${fmt(evm.naive.httpRequests / Math.max(1, evm.warmCycle.ethCalls), 0)}× fewer`,
      target: '',
    },
    {
      figure: 'EVM first cycle (reads token metadata)',
      value: `${evm.coldCycle.httpRequests} req, ${fmt(evm.coldCycle.ms, 0)} ms`,
      baseline: '',
      ratio: '',
      target: '',
    },
    {
      figure: 'EVM poll cycle wall time',
      value: `${fmt(evm.warmCycle.ms, 0)} ms`,
      baseline: `${fmt(evm.naive.ms, 0)} ms`,
      ratio: `${fmt(evm.naive.ms / evm.warmCycle.ms)}× faster`,
      target: '< 3000 ms',
      pass: evm.warmCycle.ms < 3000 && evm.balancesCorrect,
    },
  );

  for (const series of [10_000, 100_000]) {
    console.error(`bench: scrape at ${series} series …`);
    const s = scrapeInChild(series);
    const label = `${Math.round(s.series / 1000)}k series`;
    rows.push(
      {
        figure: `scrape p99, ${label} (gzip, as Prometheus asks)`,
        value: `${fmt(s.gzipScrapeP99Ms, 2)} ms (median ${fmt(s.gzipScrapeMedianMs, 2)})`,
        baseline: `${fmt(s.promClientP99Ms, 1)} ms (median ${fmt(s.promClientMedianMs, 1)})`,
        ratio: `${fmt(s.promClientMedianMs / s.gzipScrapeMedianMs, 0)}× faster`,
        target: series === 100_000 ? '< 5 ms, ≥ 20× faster' : '',
        pass: series === 100_000 ? s.gzipScrapeP99Ms < 5 && s.promClientMedianMs / s.gzipScrapeMedianMs >= 20 : undefined,
      },
      {
        figure: `scrape p99, ${label} (identity)`,
        value: `${fmt(s.scrapeP99Ms, 2)} ms (median ${fmt(s.scrapeMedianMs, 2)})`,
        baseline: `${fmt(s.promClientP99Ms, 1)} ms`,
        ratio: `${fmt(s.promClientMedianMs / s.scrapeMedianMs, 0)}× faster`,
        target: '',
      },
      {
        figure: `RSS, ${label}`,
        value: `${fmt(s.rssMb, 0)} MB`,
        baseline: '',
        ratio: `body ${fmt(s.bodyBytes / 1e6, 1)} MB, gzip ${fmt(s.gzipBytes / 1e6, 2)} MB`,
        target: series === 100_000 ? '< 300 MB' : '',
        pass: series === 100_000 ? s.rssMb < 300 : undefined,
      },
    );
  }

  for (const extra of await optionalBenches()) rows.push(...extra);

  const headers: Row = { figure: 'figure', value: 'TCC', baseline: 'baseline (same run)', ratio: 'ratio', target: 'target', pass: undefined };
  const table = [headers, ...rows];
  const width = (k: keyof Row) => Math.max(...table.map((r) => String(r[k] ?? '').length));
  const line = (r: Row) =>
    `| ${(['figure', 'value', 'baseline', 'ratio', 'target'] as const).map((k) => String(r[k]).padEnd(width(k))).join(' | ')} | ${
      r === headers ? 'met' : r.pass === undefined ? '   ' : r.pass ? 'yes' : 'NO '
    } |`;
  console.log(line(headers));
  console.log(`|${(['figure', 'value', 'baseline', 'ratio', 'target'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|-----|`);
  for (const r of rows) console.log(line(r));
}

/** Benchmarks of the other chain families and price sources, each in its own module. */
async function optionalBenches(): Promise<Row[][]> {
  console.error('bench: Solana, 1,000 accounts × 5 mints on the local JSON-RPC server …');
  const solana = await benchSolana();
  console.error('bench: prices, 100 assets on the local CoinGecko and DefiLlama servers …');
  const prices = await benchPrices();
  return [
    [
      {
        figure: 'Solana requests / cycle (1,000 accounts × 5 mints)',
        value: `${solana.requestsPerCycle} (first cycle ${solana.firstCycleRequests})`,
        baseline: String(solana.naiveRequestsPerCycle),
        ratio: `${fmt(solana.naiveRequestsPerCycle / solana.requestsPerCycle, 0)}× fewer`,
        target: 'fewer than one per (account, mint)',
        pass: solana.requestsPerCycle < solana.naiveRequestsPerCycle,
      },
      {
        figure: 'Solana cycle wall time',
        value: `${fmt(solana.cycleMs, 0)} ms`,
        baseline: `${fmt(solana.naiveCycleMs, 0)} ms`,
        ratio: `${fmt(solana.naiveCycleMs / solana.cycleMs)}× faster`,
        target: '',
      },
      {
        figure: `price HTTP requests / cycle (${prices.assets} assets)`,
        value: String(prices.requestsPerCycle),
        baseline: String(prices.naiveRequestsPerCycle),
        ratio: `${fmt(prices.naiveRequestsPerCycle / prices.requestsPerCycle, 0)}× fewer`,
        target: '1 CoinGecko + 1 DefiLlama',
        pass: prices.requestsPerCycle === 2,
      },
    ],
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
