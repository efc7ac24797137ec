/**
 * Generates the Grafana dashboards in this folder from the Grafana app's PromQL builders
 * (grafana-plugin/src/queries), so the dashboards and the app's pages never drift apart.
 *
 *   npx tsx dashboards/generate.ts        # rewrites dashboards/*.json
 *
 * exporter/src/demo/dashboards.test.ts fails when a committed JSON differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  accountBalances,
  accountBalancesUsd,
  accountHealth,
  accountLastSuccess,
  accountMinimumBalances,
  ASSET_VARIABLE_QUERY,
  ENTITY_VARIABLE_QUERY,
  failingTargets,
  firingTreasuryAlertCount,
  firingTreasuryAlerts,
  NETWORK_VARIABLE_QUERY,
  pegDeviation,
  pegThreshold,
  recentBalanceChangesUsd,
  reserveRatio,
  STABLECOIN_VARIABLE_QUERY,
  stablecoinConsensusPrice,
  stablecoinReservesUsd,
  stablecoinSourcePrices,
  stablecoinSupply,
  staleOrFailingTargetCount,
  topAccountsUsd,
  totalTreasuryUsd,
  treasuryUsdBy,
  VARIABLE_FILTERS,
} from '../grafana-plugin/src/queries/index.js';
import {
  configAgeSeconds,
  configReloadSuccessful,
  exporterBuildInfo,
  exporterScrapeUp,
  pollDurationSeconds,
  pollIntervalSeconds,
  priceSourceAgeSeconds,
  priceSourceMaxAgeSeconds,
  providerRequestRate,
  secondsSinceTargetSuccess,
  TARGET_NETWORK_VARIABLE_QUERY,
} from './queries.js';

/** Every panel and variable queries the Prometheus data source chosen in the `datasource` variable. */
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

type Json = Record<string, unknown>;

interface Target {
  expr: string;
  legendFormat?: string;
  /** Tables read the current value; charts the range. */
  instant?: boolean;
}

interface PanelSpec {
  type: 'stat' | 'timeseries' | 'table' | 'piechart';
  title: string;
  description?: string;
  unit?: string;
  targets: Target[];
  width: number;
  height: number;
  /** Extra fieldConfig.defaults (thresholds, min/max). */
  defaults?: Json;
  options?: Json;
  transformations?: Json[];
}

const problemThresholds = {
  mode: 'absolute',
  steps: [
    { color: 'green', value: null },
    { color: 'red', value: 1 },
  ],
};

const panelOptions: Record<PanelSpec['type'], Json> = {
  stat: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto' },
  timeseries: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  table: { showHeader: true, cellHeight: 'sm' },
  piechart: {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    pieType: 'donut',
    legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['value', 'percent'] },
  },
};

/** Lays panels out left to right in rows 24 units wide, as Grafana's grid does. */
function layOut(specs: PanelSpec[]): Json[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    if (x + spec.width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { h: spec.height, w: spec.width, x, y };
    x += spec.width;
    rowHeight = Math.max(rowHeight, spec.height);
    return {
      id: index + 1,
      type: spec.type,
      title: spec.title,
      ...(spec.description ? { description: spec.description } : {}),
      datasource: DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { ...(spec.unit ? { unit: spec.unit } : {}), ...spec.defaults }, overrides: [] },
      options: { ...panelOptions[spec.type], ...spec.options },
      targets: spec.targets.map((target, targetIndex) => ({
        datasource: DATASOURCE,
        refId: String.fromCharCode(65 + targetIndex),
        expr: target.expr,
        ...(target.legendFormat ? { legendFormat: target.legendFormat } : {}),
        ...(target.instant ? { instant: true, range: false, format: 'table' } : { range: true }),
      })),
      ...(spec.transformations ? { transformations: spec.transformations } : {}),
    };
  });
}

const datasourceVariable = {
  name: 'datasource',
  label: 'Prometheus',
  type: 'datasource',
  query: 'prometheus',
  current: {},
  hide: 0,
  refresh: 1,
  regex: '',
  options: [],
};

/** A multi-value label variable whose "All" is `.*`, as the builders' `${name:regex}` filters expect. */
function labelVariable(name: string, label: string, query: string): Json {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    definition: query,
    query: { query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    includeAll: true,
    allValue: '.*',
    multi: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    sort: 1,
    hide: 0,
  };
}

function dashboard({ uid, title, description, variables, panels }: { uid: string; title: string; description: string; variables: Json[]; panels: PanelSpec[] }): Json {
  return {
    uid,
    title,
    description,
    tags: ['treasury', 'tcc'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    timezone: 'browser',
    annotations: { list: [] },
    links: [{ type: 'dashboards', title: 'Treasury', tags: ['tcc'], asDropdown: false, includeVars: true, keepTime: true }],
    templating: { list: [datasourceVariable, ...variables] },
    panels: layOut(panels),
  };
}

const f = VARIABLE_FILTERS;

/** Joins instant queries into one table row per holding (Grafana's "merge" transformation). */
const mergeTables = [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: { Time: true } } }];

function overview(): Json {
  return dashboard({
    uid: 'tcc-overview',
    title: 'Treasury overview',
    description: 'USD value of the treasury, its split, the largest accounts, balances against their minimum and what moved.',
    variables: [
      labelVariable('network', 'Network', NETWORK_VARIABLE_QUERY),
      labelVariable('entity', 'Entity', ENTITY_VARIABLE_QUERY),
      labelVariable('asset', 'Asset', ASSET_VARIABLE_QUERY),
    ],
    panels: [
      { type: 'stat', title: 'Total treasury', description: 'USD value of every account under the filters', unit: 'currencyUSD', width: 8, height: 5, targets: [{ expr: totalTreasuryUsd(f) }] },
      {
        type: 'stat',
        title: 'Stale or failing targets',
        description: 'Accounts whose last poll failed or whose last success is older than 5 poll intervals; their balances are the last good values',
        width: 8,
        height: 5,
        defaults: { thresholds: problemThresholds, color: { mode: 'thresholds' } },
        targets: [{ expr: staleOrFailingTargetCount(f) }],
      },
      {
        type: 'stat',
        title: 'Firing treasury alerts',
        width: 8,
        height: 5,
        defaults: { thresholds: problemThresholds, color: { mode: 'thresholds' } },
        targets: [{ expr: firingTreasuryAlertCount() }],
      },
      { type: 'piechart', title: 'By network', unit: 'currencyUSD', width: 8, height: 8, targets: [{ expr: treasuryUsdBy(f, 'network'), legendFormat: '{{network}}' }] },
      { type: 'piechart', title: 'By asset', unit: 'currencyUSD', width: 8, height: 8, targets: [{ expr: treasuryUsdBy(f, 'asset'), legendFormat: '{{asset}}' }] },
      { type: 'piechart', title: 'By entity', unit: 'currencyUSD', width: 8, height: 8, targets: [{ expr: treasuryUsdBy(f, 'entity'), legendFormat: '{{entity}}' }] },
      { type: 'timeseries', title: 'Treasury value by entity', unit: 'currencyUSD', width: 24, height: 9, targets: [{ expr: treasuryUsdBy(f, 'entity'), legendFormat: '{{entity}}' }] },
      { type: 'table', title: 'Top accounts', unit: 'currencyUSD', width: 12, height: 9, targets: [{ expr: topAccountsUsd(f, 10), instant: true }] },
      { type: 'table', title: 'Changes over the time range (USD)', unit: 'currencyUSD', width: 12, height: 9, targets: [{ expr: recentBalanceChangesUsd(f), instant: true }] },
      {
        type: 'table',
        title: 'Balances and minimums',
        description: 'Whole-token balance, USD value and configured min_balance of each holding',
        width: 24,
        height: 10,
        targets: [
          { expr: accountBalances(f), instant: true },
          { expr: accountBalancesUsd(f), instant: true },
          { expr: accountMinimumBalances(f), instant: true },
        ],
        transformations: mergeTables,
      },
    ],
  });
}

function stablecoins(): Json {
  return dashboard({
    uid: 'tcc-stablecoins',
    title: 'Treasury stablecoins',
    description: 'Stablecoin prices by source, peg deviation against the configured thresholds, supply and reserves.',
    variables: [
      labelVariable('asset', 'Stablecoin', STABLECOIN_VARIABLE_QUERY),
      labelVariable('network', 'Network', NETWORK_VARIABLE_QUERY),
    ],
    panels: [
      {
        type: 'timeseries',
        title: 'Price by source',
        unit: 'currencyUSD',
        width: 12,
        height: 9,
        targets: [
          { expr: stablecoinSourcePrices(f), legendFormat: '{{asset}} {{source}}' },
          { expr: stablecoinConsensusPrice(f), legendFormat: '{{asset}} consensus' },
        ],
      },
      {
        type: 'timeseries',
        title: 'Peg deviation',
        description: 'Consensus / peg − 1, with the warning and critical thresholds the alert rules use',
        unit: 'percentunit',
        width: 12,
        height: 9,
        targets: [
          { expr: pegDeviation(f), legendFormat: '{{asset}}' },
          { expr: pegThreshold(f, 'warning'), legendFormat: '{{asset}} warning' },
          { expr: pegThreshold(f, 'warning', -1), legendFormat: '{{asset}} warning' },
          { expr: pegThreshold(f, 'critical'), legendFormat: '{{asset}} critical' },
          { expr: pegThreshold(f, 'critical', -1), legendFormat: '{{asset}} critical' },
        ],
      },
      { type: 'timeseries', title: 'Supply by network', unit: 'short', width: 12, height: 8, targets: [{ expr: stablecoinSupply(f), legendFormat: '{{asset}} {{network}}' }] },
      { type: 'timeseries', title: 'Reserves (USD)', unit: 'currencyUSD', width: 6, height: 8, targets: [{ expr: stablecoinReservesUsd(f), legendFormat: '{{asset}}' }] },
      {
        type: 'stat',
        title: 'Reserve ratio',
        description: 'Reserves / supply; below 1 the stablecoin is under-collateralised',
        unit: 'percentunit',
        width: 6,
        height: 8,
        defaults: {
          thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 1 }] },
          color: { mode: 'thresholds' },
        },
        targets: [{ expr: reserveRatio(f), legendFormat: '{{asset}}' }],
      },
    ],
  });
}

function exporterHealth(): Json {
  return dashboard({
    uid: 'tcc-exporter-health',
    title: 'Treasury exporter health',
    description: 'Whether the exporter is scraped, which poll targets fail or are stale, poll durations, provider requests and config reloads.',
    variables: [
      labelVariable('network', 'Network', TARGET_NETWORK_VARIABLE_QUERY),
      labelVariable('asset', 'Asset', ASSET_VARIABLE_QUERY),
    ],
    panels: [
      {
        type: 'stat',
        title: 'Exporter scraped',
        width: 6,
        height: 5,
        defaults: {
          mappings: [{ type: 'value', options: { '0': { text: 'DOWN', color: 'red' }, '1': { text: 'UP', color: 'green' } } }],
          thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 1 }] },
          color: { mode: 'thresholds' },
        },
        targets: [{ expr: exporterScrapeUp(), legendFormat: '{{instance}}' }],
      },
      {
        type: 'stat',
        title: 'Stale or failing targets',
        width: 6,
        height: 5,
        defaults: { thresholds: problemThresholds, color: { mode: 'thresholds' } },
        targets: [{ expr: staleOrFailingTargetCount(f) }],
      },
      {
        type: 'stat',
        title: 'Last config reload',
        width: 6,
        height: 5,
        defaults: {
          mappings: [{ type: 'value', options: { '0': { text: 'FAILED', color: 'red' }, '1': { text: 'OK', color: 'green' } } }],
          thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 1 }] },
          color: { mode: 'thresholds' },
        },
        targets: [{ expr: configReloadSuccessful() }],
      },
      { type: 'stat', title: 'Config age', unit: 's', width: 6, height: 5, targets: [{ expr: configAgeSeconds() }] },
      { type: 'table', title: 'Failing targets', description: 'Targets whose last poll failed (empty when all are healthy)', width: 12, height: 8, targets: [{ expr: failingTargets(f), instant: true }] },
      {
        type: 'table',
        title: 'Account polls',
        width: 12,
        height: 8,
        targets: [
          { expr: accountHealth(f), instant: true },
          { expr: accountLastSuccess(f), instant: true },
        ],
        transformations: mergeTables,
      },
      { type: 'timeseries', title: 'Seconds since last success', unit: 's', width: 12, height: 8, targets: [{ expr: secondsSinceTargetSuccess(f), legendFormat: '{{target}}' }] },
      {
        type: 'timeseries',
        title: 'Poll duration',
        unit: 's',
        width: 12,
        height: 8,
        targets: [
          { expr: pollDurationSeconds(f), legendFormat: '{{network}}' },
          { expr: pollIntervalSeconds(f), legendFormat: '{{network}} interval' },
        ],
      },
      { type: 'timeseries', title: 'Provider requests', unit: 'reqps', width: 12, height: 8, targets: [{ expr: providerRequestRate(f), legendFormat: '{{network}} {{endpoint}} {{outcome}}' }] },
      {
        type: 'timeseries',
        title: 'Price source age',
        unit: 's',
        width: 12,
        height: 8,
        targets: [
          { expr: priceSourceAgeSeconds(f), legendFormat: '{{asset}} {{source}}' },
          { expr: priceSourceMaxAgeSeconds(f), legendFormat: '{{asset}} {{source}} max age' },
        ],
      },
      { type: 'table', title: 'Firing treasury alerts', width: 12, height: 7, targets: [{ expr: firingTreasuryAlerts(), instant: true }] },
      { type: 'table', title: 'Exporter version', width: 12, height: 7, targets: [{ expr: exporterBuildInfo(), instant: true }] },
    ],
  });
}

/** Every dashboard of this folder: file name → JSON text, exactly as committed. */
export function buildDashboardFiles(): Record<string, string> {
  const render = (json: Json) => `${JSON.stringify(json, null, 2)}\n`;
  return {
    'treasury-overview.json': render(overview()),
    'treasury-stablecoins.json': render(stablecoins()),
    'exporter-health.json': render(exporterHealth()),
  };
}

// Written only when run as a script (tsx dashboards/generate.ts), never when a test imports it.
const entry = process.argv[1];
if (entry !== undefined && basename(entry).startsWith('generate.')) {
  const folder = dirname(entry);
  for (const [file, text] of Object.entries(buildDashboardFiles())) {
    writeFileSync(join(folder, file), text);
    process.stdout.write(`wrote ${join(folder, file)}\n`);
  }
}
