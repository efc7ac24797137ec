/**
 * Collects every PromQL expression a user of the stack will run: the panel targets and variable
 * queries of dashboards/*.json and the Grafana app's query builders, ready to send to a real
 * Prometheus (Grafana's template variables and `label_values()` replaced by what they mean).
 */
import type { PluginQueries, QueryFilters } from './repo-files.js';

export interface NamedExpression {
  /** Where it comes from, for the failure message: `treasury-overview.json: Top accounts (A)`. */
  source: string;
  expr: string;
}

interface DashboardJson {
  templating?: { list?: { name: string; type: string; query?: unknown; allValue?: string }[] };
  panels?: { title: string; targets?: { refId: string; expr?: string }[] }[];
}

/** Panel target expressions and `query` variables of one dashboard. */
export function dashboardExpressions(file: string, dashboard: DashboardJson): NamedExpression[] {
  const found: NamedExpression[] = [];
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query as { query: string }).query;
    found.push({ source: `${file}: variable ${variable.name}`, expr: query });
  }
  for (const panel of dashboard.panels ?? []) {
    for (const target of panel.targets ?? []) {
      if (target.expr) found.push({ source: `${file}: ${panel.title} (${target.refId})`, expr: target.expr });
    }
  }
  return found;
}

export interface SubstituteParameters {
  /** What `$__range` becomes; must be shorter than the data Prometheus holds for `offset` to find any. */
  range: string;
  /** What `$__rate_interval` and `$__interval` become. */
  interval: string;
}

/**
 * Replaces Grafana's variables the way Grafana does with every label variable on "All"
 * (`allValue: .*`), and turns `label_values(metric, label)` (a Grafana function, not PromQL) into
 * the PromQL whose result lists the same values.
 */
export function toPromQL(expr: string, { range, interval }: SubstituteParameters): string {
  const labelValues = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(expr.trim());
  if (labelValues) return `group by (${labelValues[2]}) (${labelValues[1]})`;
  return expr
    .replace(/\$__range/g, range)
    .replace(/\$__rate_interval|\$__interval/g, interval)
    .replace(/\$\{(network|entity|asset)(:regex)?\}|\$(network|entity|asset)\b/g, '.*');
}

/**
 * Calls every PromQL builder the app exports with the filters a page passes, one entry per
 * builder (and per argument that changes the query's shape). `accountName` is an account that
 * exists, so the single-account variants have data. Returns the expressions and the exported
 * names that are not builders (helpers, constants), so a test can check nothing was missed.
 */
export function pluginBuilderExpressions(
  queries: PluginQueries,
  { accountName, filters }: { accountName: string; filters: QueryFilters },
): { expressions: NamedExpression[]; covered: Set<string> } {
  const call = (name: string, ...args: unknown[]): NamedExpression => {
    const builder = queries[name];
    if (typeof builder !== 'function') throw new Error(`grafana-plugin/src/queries exports no function ${name}`);
    return { source: `plugin ${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`, expr: (builder as (...a: unknown[]) => string)(...args) };
  };
  const constant = (name: string): NamedExpression => {
    const value = queries[name];
    if (typeof value !== 'string') throw new Error(`grafana-plugin/src/queries exports no string ${name}`);
    return { source: `plugin ${name}`, expr: value };
  };
  const f = filters;
  const expressions = [
    call('totalTreasuryUsd', f),
    ...(['network', 'asset', 'entity', 'account'] as const).map((dimension) => call('treasuryUsdBy', f, dimension)),
    call('topAccountsUsd', f, 10),
    call('recentBalanceChangesUsd', f),
    call('accountBalances', f),
    call('accountBalances', f, accountName),
    call('accountBalancesUsd', f),
    call('accountBalancesUsd', f, accountName),
    call('accountMinimumBalances', f),
    call('accountMinimumBalances', f, accountName),
    call('accountUsdHistory', f, accountName),
    call('accountBalanceHistory', f, accountName),
    call('accountInfo', accountName),
    call('failingTargets', f),
    call('staleTargets', f),
    call('staleOrFailingTargetCount', f),
    call('accountHealth', f),
    call('accountHealth', f, accountName),
    call('accountLastSuccess', f),
    call('accountLastSuccess', f, accountName),
    call('stablecoinSourcePrices', f),
    call('stablecoinConsensusPrice', f),
    call('pegDeviation', f),
    call('pegThreshold', f, 'warning'),
    call('pegThreshold', f, 'critical', -1),
    call('stablecoinSupply', f),
    call('stablecoinReservesUsd', f),
    call('reserveRatio', f),
    call('firingTreasuryAlerts'),
    call('firingTreasuryAlertCount'),
    constant('NETWORK_VARIABLE_QUERY'),
    constant('ENTITY_VARIABLE_QUERY'),
    constant('ASSET_VARIABLE_QUERY'),
    constant('STABLECOIN_VARIABLE_QUERY'),
  ];
  const covered = new Set(expressions.map((e) => /^plugin (\w+)/.exec(e.source)![1]!));
  return { expressions, covered };
}

/**
 * Exports of grafana-plugin/src/queries that are not queries a page runs: escaping and selector
 * helpers, building blocks the builders above compose, constants and filter presets.
 */
export const pluginNonBuilderExports = new Set([
  'escapeLabelValue',
  'escapeRegexLiteral',
  'selector',
  'regex',
  'exact',
  'accountInfoSelector',
  'balanceWithEntity',
  'VARIABLE_FILTERS',
  'MATCH_ALL_FILTERS',
  'ACCOUNT_TARGET_PREFIX',
  'STALE_POLL_INTERVALS',
  'TREASURY_ALERT_PREFIX',
  // SQL for the PostgreSQL ledger, not PromQL: the plugin's own tests check its exact text.
  'LEDGER_RECENT_LIMIT',
  'LEDGER_ACCOUNT_LIMIT',
  'sqlLiteral',
  'sqlRegexString',
  'sqlFullMatch',
  'recentBalanceChanges',
  'accountBalanceChanges',
  'configChanges',
]);
