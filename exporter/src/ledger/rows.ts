/**
 * Pure pieces of the ledger: which balance observations become rows, and one multi-row INSERT
 * per table. Kept apart from the connection handling so their rules read in one place.
 */
import type { BalanceChange } from '../metrics/pollRunner.js';

/** One admin API write, as the audit log records it (the audit record fits this shape). */
export interface ConfigChangeRecord {
  /** ISO 8601 time of the write. */
  time: string;
  /** The Grafana user (X-Grafana-User) or "admin-token"; null when unknown. */
  actor?: string | null;
  action: 'create' | 'update' | 'delete';
  account: string;
  /** The account as written in the file before and after (null when absent). */
  before: unknown;
  after: unknown;
}

export type LedgerEvent = { kind: 'balance'; change: BalanceChange } | { kind: 'config'; record: ConfigChangeRecord };

export interface BalanceRow {
  observedAt: Date;
  account: string;
  network: string;
  asset: string;
  previous: number | null;
  current: number;
  delta: number | null;
  priceUsd: number | null;
  deltaUsd: number | null;
}

/** Key of one balance series in the "last recorded" map. */
export const seriesKey = (account: string, network: string, asset: string) => `${account}\u0000${network}\u0000${asset}`;

/**
 * The rows a batch of observations adds, judged against the last value recorded per series
 * (`lastRecorded`, not modified). An observation equal to the last recorded value adds nothing;
 * `previous` is always the last recorded value, so deltas chain exactly even when the runner saw
 * values in between that were never recorded (dropped from a full queue, or before a restart).
 * @returns the rows and the map entries to store once they are committed.
 */
export function balanceRows(
  changes: readonly BalanceChange[],
  lastRecorded: ReadonlyMap<string, number>,
): { rows: BalanceRow[]; recorded: Map<string, number> } {
  const recorded = new Map<string, number>();
  const rows: BalanceRow[] = [];
  for (const change of changes) {
    const key = seriesKey(change.account, change.network, change.asset);
    const previous = recorded.get(key) ?? lastRecorded.get(key) ?? null;
    if (previous === change.current) continue;
    const delta = previous === null ? null : change.current - previous;
    const priceUsd = change.priceUsd ?? null;
    rows.push({
      observedAt: new Date(change.observedAt * 1000),
      account: change.account,
      network: change.network,
      asset: change.asset,
      previous,
      current: change.current,
      delta,
      priceUsd,
      deltaUsd: delta !== null && priceUsd !== null ? delta * priceUsd : null,
    });
    recorded.set(key, change.current);
  }
  return { rows, recorded };
}

/** `INSERT INTO table (cols) VALUES ($1, …), (…)` with its flat parameter list; casts per column where text needs one. */
export function multiRowInsert(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  casts: Readonly<Record<string, string>> = {},
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value, index) => {
      values.push(value);
      const cast = casts[columns[index]!];
      return cast ? `$${values.length}::${cast}` : `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values };
}

export const BALANCE_COLUMNS = ['observed_at', 'account', 'network', 'asset', 'previous', 'current', 'delta', 'price_usd', 'delta_usd'] as const;
export const CONFIG_COLUMNS = ['changed_at', 'actor', 'action', 'account', 'before', 'after'] as const;

export function balanceRowValues(row: BalanceRow): unknown[] {
  return [row.observedAt, row.account, row.network, row.asset, row.previous, row.current, row.delta, row.priceUsd, row.deltaUsd];
}

/** jsonb parameters go as JSON text; an absent side is SQL NULL, not the JSON literal null. */
export function configRowValues(record: ConfigChangeRecord): unknown[] {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return [new Date(record.time), record.actor ?? null, record.action, record.account, json(record.before), json(record.after)];
}
