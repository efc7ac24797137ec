import type { TreasuryFilters } from './filters.js';

/**
 * SQL over the exporter's ledger (PostgreSQL tables `tcc_balance_changes` and `tcc_config_changes`).
 * Plain strings with Grafana's `$__timeFilter(column)` macro and the pages' variables, for the
 * PostgreSQL data source; no Grafana imports, like the PromQL builders beside them.
 *
 * Variables are matched as regular expressions, not with `IN (${var:singlequote})`: the pages'
 * variables have the custom "All" value `.*` (the PromQL needs it), and Grafana passes a custom All
 * value through every format unchanged, so `IN (.*)` would be a syntax error. `${var:regex}`
 * yields `.*`, a value, or `(a|b)`, with every regex metacharacter escaped, `$` included.
 */

/** Filters the ledger can apply: it records network and asset, but not the entity label. */
export type LedgerFilters = Pick<TreasuryFilters, 'network' | 'asset'>;

/** Dollar-quote tag around interpolated regexes. */
const REGEX_QUOTE_TAG = '$tcc_re$';

/** The default row limits: enough for a page of history, small enough for a table panel. */
export const LEDGER_RECENT_LIMIT = 200;
export const LEDGER_ACCOUNT_LIMIT = 500;

/**
 * A SQL string literal: single quotes doubled (PostgreSQL with `standard_conforming_strings`,
 * the default since 9.1, takes backslashes literally).
 */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A regex as a dollar-quoted SQL string. Dollar quoting needs no escaping of quotes, and a value
 * interpolated with `${var:regex}` cannot close it: Grafana escapes every `$` in the value as `\$`,
 * while the closing tag needs a bare `$`.
 *
 * @throws when the regex itself contains the tag (only possible for a caller's literal regex).
 */
export function sqlRegexString(regex: string): string {
  if (regex.includes(REGEX_QUOTE_TAG)) {
    throw new Error(`regex must not contain ${REGEX_QUOTE_TAG}`);
  }
  return `${REGEX_QUOTE_TAG}${regex}${REGEX_QUOTE_TAG}`;
}

/**
 * `column` fully matches `regex`, as a Prometheus `=~` matcher does (anchored at both ends), so a
 * filter means the same on the PromQL and the SQL panels. POSIX regex (`~`), case-sensitive.
 */
export function sqlFullMatch(column: string, regex: string): string {
  return `${column} ~ ('^(' || ${sqlRegexString(regex)} || ')$')`;
}

/** `WHERE` conditions for the time range and the filters, one per line. */
function whereClause(conditions: string[]): string {
  return `WHERE ${conditions.join('\n  AND ')}`;
}

/** Options shared by the balance-change builders. */
export interface BalanceChangesParameters {
  /** Most recent rows returned. */
  limit?: number;
}

/**
 * The most recent balance changes under the network and asset filters within the dashboard's time
 * range, newest first: one row per change the exporter observed, with the USD value of the change
 * at the price of that time (NULL when unknown).
 */
export function recentBalanceChanges(
  filters: LedgerFilters,
  { limit = LEDGER_RECENT_LIMIT }: BalanceChangesParameters = {}
): string {
  return [
    'SELECT observed_at AS "time", account, network, asset, previous, "current", delta, price_usd, delta_usd',
    'FROM tcc_balance_changes',
    whereClause([
      '$__timeFilter(observed_at)',
      sqlFullMatch('network', filters.network),
      sqlFullMatch('asset', filters.asset),
    ]),
    'ORDER BY observed_at DESC',
    `LIMIT ${limit}`,
  ].join('\n');
}

/**
 * One account's balance changes within the time range, newest first, under the network and asset
 * filters. The account is a literal (the detail page's route parameter), quoted here.
 */
export function accountBalanceChanges(
  filters: LedgerFilters,
  account: string,
  { limit = LEDGER_ACCOUNT_LIMIT }: BalanceChangesParameters = {}
): string {
  return [
    'SELECT observed_at AS "time", network, asset, previous, "current", delta, price_usd, delta_usd',
    'FROM tcc_balance_changes',
    whereClause([
      '$__timeFilter(observed_at)',
      `account = ${sqlLiteral(account)}`,
      sqlFullMatch('network', filters.network),
      sqlFullMatch('asset', filters.asset),
    ]),
    'ORDER BY observed_at DESC',
    `LIMIT ${limit}`,
  ].join('\n');
}

/** Options of {@link configChanges}. */
export interface ConfigChangesParameters {
  /** Only this account's changes. */
  account?: string;
  /** Most recent rows returned. */
  limit?: number;
}

/** `before` or `after` as a JSON object, `{}` when NULL or not an object, for key comparison. */
function jsonObject(column: string): string {
  return `CASE WHEN jsonb_typeof(${column}) = 'object' THEN ${column} ELSE '{}'::jsonb END`;
}

/**
 * Account configuration changes (create, update, delete through the admin API) within the time
 * range, newest first: who (`actor`, Grafana's user when known), which account, the top-level
 * fields that differ, and the account before and after as JSON text.
 */
export function configChanges({ account, limit = LEDGER_RECENT_LIMIT }: ConfigChangesParameters = {}): string {
  const changedFields =
    "(SELECT string_agg(key, ', ' ORDER BY key) FROM (" +
    `SELECT key FROM jsonb_each(${jsonObject('before')}) UNION SELECT key FROM jsonb_each(${jsonObject('after')})` +
    ') AS fields WHERE before -> key IS DISTINCT FROM after -> key) AS changed';
  return [
    `SELECT changed_at AS "time", actor, action, account, ${changedFields}, before::text AS before, after::text AS after`,
    'FROM tcc_config_changes',
    whereClause(['$__timeFilter(changed_at)', ...(account === undefined ? [] : [`account = ${sqlLiteral(account)}`])]),
    'ORDER BY changed_at DESC',
    `LIMIT ${limit}`,
  ].join('\n');
}
