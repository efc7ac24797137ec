/**
 * Label filters shared by every treasury query. Values are regular expressions as Prometheus
 * reads them after Grafana interpolated the variables (`${network:regex}` gives `a|b` for a
 * multi-value selection and the variable's "All" value `.*`).
 */
export interface TreasuryFilters {
  /** Regex matched against the `network` label. */
  network: string;
  /** Regex matched against the `entity` config label on `treasury_account_info`. */
  entity: string;
  /** Regex matched against the `asset` label. */
  asset: string;
}

/** The filters a Scenes page or dashboard passes: its template variables, regex-formatted. */
export const VARIABLE_FILTERS: TreasuryFilters = {
  network: '${network:regex}',
  entity: '${entity:regex}',
  asset: '${asset:regex}',
};

/** Filters that match everything, for callers without variables. */
export const MATCH_ALL_FILTERS: TreasuryFilters = { network: '.*', entity: '.*', asset: '.*' };

/**
 * Escapes a literal label value for use inside a double-quoted PromQL string.
 * Backslashes first, so the escapes added for quotes are not doubled.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Escapes a literal so that it matches itself inside a `=~` regex matcher (RE2 syntax), then
 * escapes it for the PromQL string.
 */
export function escapeRegexLiteral(value: string): string {
  return escapeLabelValue(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Renders a label selector body (`a=~"x", b="y"`) from matchers, skipping undefined ones. */
export function selector(
  matchers: Record<string, { op: '=' | '=~' | '!=' | '!~'; value: string } | undefined>
): string {
  const parts = Object.entries(matchers)
    .filter((entry): entry is [string, { op: '=' | '=~' | '!=' | '!~'; value: string }] => entry[1] !== undefined)
    .map(([label, { op, value }]) => `${label}${op}"${value}"`);
  return `{${parts.join(', ')}}`;
}

/** Regex matcher helper; the value is already a regex (e.g. an interpolated variable). */
export const regex = (value: string) => ({ op: '=~' as const, value });
/** Exact matcher helper; the value is a literal and gets escaped. */
export const exact = (value: string) => ({ op: '=' as const, value: escapeLabelValue(value) });
