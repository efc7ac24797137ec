import { exact, regex, selector, type TreasuryFilters } from './filters.js';

/**
 * PromQL for balances and treasury totals (DESIGN §4). Plain functions without Grafana imports,
 * so the dashboards/ JSON generator can import them from Node.
 */

/** Dimensions a treasury total can be split by. `entity` comes from the account info series. */
export type TreasuryDimension = 'network' | 'asset' | 'entity' | 'account';

/** The account info series narrowed to the entity filter; joins add its `entity` label. */
export function accountInfoSelector(filters: TreasuryFilters, offset?: string): string {
  const series = `treasury_account_info${selector({ network: regex(filters.network), entity: regex(filters.entity) })}`;
  return offset === undefined ? series : `${series} offset ${offset}`;
}

/**
 * A balance series (`treasury_account_balance` or its `_usd` twin) narrowed by network and asset,
 * joined with the account info so that the entity filter applies and `entity` is available to
 * `sum by`. An account without an `entity` label matches only when the entity filter is `.*`.
 */
export function balanceWithEntity(
  filters: TreasuryFilters,
  {
    metric = 'treasury_account_balance_usd',
    account,
    offset,
  }: { metric?: string; account?: string; offset?: string } = {}
): string {
  const balance = `${metric}${selector({
    account: account === undefined ? undefined : exact(account),
    network: regex(filters.network),
    asset: regex(filters.asset),
  })}${offset === undefined ? '' : ` offset ${offset}`}`;
  return `${balance} * on (account, network) group_left (entity) ${accountInfoSelector(filters, offset)}`;
}

/** Total treasury value in USD under the filters (one series, no labels). */
export function totalTreasuryUsd(filters: TreasuryFilters): string {
  return `sum(${balanceWithEntity(filters)})`;
}

/** Treasury value in USD split by one dimension. */
export function treasuryUsdBy(filters: TreasuryFilters, dimension: TreasuryDimension): string {
  return `sum by (${dimension}) (${balanceWithEntity(filters)})`;
}

/** The `limit` accounts holding the most USD, with their network. */
export function topAccountsUsd(filters: TreasuryFilters, limit = 10): string {
  return `topk(${limit}, sum by (account, network) (${balanceWithEntity(filters)}))`;
}

/**
 * Change of each holding's USD value over the dashboard's time range, only holdings that moved.
 * `$__range` is interpolated by Grafana; a holding that did not exist at the range start is absent.
 */
export function recentBalanceChangesUsd(filters: TreasuryFilters, range = '$__range'): string {
  const now = `sum by (account, network, asset) (${balanceWithEntity(filters)})`;
  const then = `sum by (account, network, asset) (${balanceWithEntity(filters, { offset: range })})`;
  return `(${now} - ${then}) != 0`;
}

/** Whole-token balance of each holding (table column). */
export function accountBalances(filters: TreasuryFilters, account?: string): string {
  return `sum by (account, network, asset) (${balanceWithEntity(filters, { metric: 'treasury_account_balance', account })})`;
}

/** USD value of each holding (table column). */
export function accountBalancesUsd(filters: TreasuryFilters, account?: string): string {
  return `sum by (account, network, asset) (${balanceWithEntity(filters, { account })})`;
}

/** Configured minimum balance of each holding (`min_balance`), for the table and thresholds. */
export function accountMinimumBalances(filters: TreasuryFilters, account?: string): string {
  return `treasury_account_balance_minimum${selector({
    account: account === undefined ? undefined : exact(account),
    network: regex(filters.network),
    asset: regex(filters.asset),
  })}`;
}

/** One account's USD value over time, split by asset (detail page). */
export function accountUsdHistory(filters: TreasuryFilters, account: string): string {
  return `sum by (asset) (${balanceWithEntity(filters, { account })})`;
}

/** One account's whole-token balances over time, split by asset (detail page). */
export function accountBalanceHistory(filters: TreasuryFilters, account: string): string {
  return `sum by (asset) (${balanceWithEntity(filters, { metric: 'treasury_account_balance', account })})`;
}

/** Descriptive labels of one account (address, entity, purpose…) as a single info row. */
export function accountInfo(account: string): string {
  return `treasury_account_info${selector({ account: exact(account) })}`;
}
