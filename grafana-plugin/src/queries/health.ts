import { exact, regex, selector, type TreasuryFilters } from './filters.js';

/**
 * PromQL for target health. The exporter labels an account's poll target `account:<name>`
 * (exporter/src/metrics/pollRunner.ts); these builders lift the name into an `account` label so
 * that health joins with balances.
 */

/** Prefix of the `target` label for account polls. */
export const ACCOUNT_TARGET_PREFIX = 'account:';

/** Multiple of the poll interval after which a target counts as stale (same as the alert rule). */
export const STALE_POLL_INTERVALS = 5;

function withAccountLabel(expr: string): string {
  return `label_replace(${expr}, "account", "$1", "target", "${ACCOUNT_TARGET_PREFIX}(.+)")`;
}

function targetSelector(filters: Pick<TreasuryFilters, 'network'>, account?: string): string {
  return selector({
    network: regex(filters.network),
    target: account === undefined ? undefined : exact(`${ACCOUNT_TARGET_PREFIX}${account}`),
  });
}

/** Targets whose last poll failed. */
export function failingTargets(filters: Pick<TreasuryFilters, 'network'>): string {
  return `treasury_target_up${targetSelector(filters)} == 0`;
}

/** Targets whose last success is older than {@link STALE_POLL_INTERVALS} poll intervals. */
export function staleTargets(filters: Pick<TreasuryFilters, 'network'>): string {
  return (
    `time() - treasury_target_last_success_timestamp_seconds${targetSelector(filters)}` +
    ` > on (network) group_left () ${STALE_POLL_INTERVALS} * max by (network) (treasury_target_poll_interval_seconds)`
  );
}

/**
 * Number of targets that are failing or stale, counted once each; `or vector(0)` makes an
 * all-healthy treasury show 0 rather than "No data".
 */
export function staleOrFailingTargetCount(filters: Pick<TreasuryFilters, 'network'>): string {
  return `count(${failingTargets(filters)} or ${staleTargets(filters)}) or vector(0)`;
}

/** 1/0 health of each account target, with an `account` label (table column). */
export function accountHealth(filters: Pick<TreasuryFilters, 'network'>, account?: string): string {
  return withAccountLabel(`treasury_target_up${targetSelector(filters, account)}`);
}

/** Unix time of each account target's last successful poll, with an `account` label. */
export function accountLastSuccess(filters: Pick<TreasuryFilters, 'network'>, account?: string): string {
  return withAccountLabel(`treasury_target_last_success_timestamp_seconds${targetSelector(filters, account)}`);
}
