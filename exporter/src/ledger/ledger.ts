/**
 * The ledger: a history of balance changes and config changes in PostgreSQL, for Grafana's
 * PostgreSQL data source. It is a side channel of the exporter and never its master: recording
 * only appends to an in-memory queue, a background loop writes the queue in batches, and a
 * database that is down or slow costs memory (bounded) and history (the oldest events, counted),
 * never a poll, a scrape or the exporter's start.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { redactUrls } from '../chains/redact.js';
import { endpointHost } from '../chains/types.js';
import type { BalanceChange } from '../metrics/pollRunner.js';
import { metrics } from '../metrics/definitions.js';
import type { ExpositionBuilder } from '../metrics/exposition.js';
import { MIGRATIONS, runMigrations } from './migrations.js';
import {
  BALANCE_COLUMNS,
  CONFIG_COLUMNS,
  balanceRowValues,
  balanceRows,
  configRowValues,
  multiRowInsert,
  seriesKey,
  type ConfigChangeRecord,
  type LedgerEvent,
} from './rows.js';

export type { ConfigChangeRecord } from './rows.js';

export interface CreateLedgerParameters {
  /** `postgres://user:password@host:port/database`; a secret, never logged. */
  postgresUrl: string;
  logger: Logger;
  /** Events kept while the database is unreachable; beyond it the oldest are dropped (and counted). */
  maxQueue?: number;
  /** Pause between two flushes of the queue. */
  flushIntervalMs?: number;
  /** Rows per INSERT statement (each table); bounded by PostgreSQL's 65535 parameters. */
  batchSize?: number;
  /** Bound on connecting and on each statement, so a slow database cannot stall a flush for long. */
  statementTimeoutMs?: number;
}

/** Counters and gauges of the ledger, also rendered as `treasury_ledger_*` series. */
export interface LedgerStats {
  written: number;
  dropped: number;
  rejected: number;
  queueLength: number;
  /** The schema is in place and the last database operation succeeded. */
  up: boolean;
}

export interface Ledger {
  /** Runs the migrations once (failure is logged, not thrown: later flushes retry) and starts the flush loop. */
  start(): Promise<void>;
  /** Queues balance changes from the poll runner; never waits for the database. */
  recordBalanceChanges(changes: readonly BalanceChange[]): void;
  /** Queues one admin API write; never waits for the database. */
  recordConfigChange(record: ConfigChangeRecord): void;
  /** Writes what is queued now (the loop does this on its own; tests and close() call it directly). */
  flush(): Promise<void>;
  readonly stats: LedgerStats;
  /** Adds the `treasury_ledger_*` series to an exposition. */
  appendMetrics(out: ExpositionBuilder): void;
  /** Stops the loop, writes what is queued within `timeoutMs`, and closes the connections. */
  close(parameters?: { timeoutMs?: number }): Promise<void>;
}

const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/** SQLSTATE classes for a batch PostgreSQL refuses as data (22 data exception, 23 constraint): retrying cannot help. */
const REJECTED_SQLSTATE = /^2[23]/;

/**
 * Creates a ledger writing to `postgresUrl`. Nothing connects until `start()`.
 *
 * Balance changes are judged by the ledger itself: it keeps the last value it recorded per
 * (account, network, asset), loaded from the table when it first connects, so a restart does not
 * write a row for a balance that did not move and `previous` / `delta` chain across restarts.
 */
export function createLedger({
  postgresUrl,
  logger,
  maxQueue = 10_000,
  flushIntervalMs = 1000,
  batchSize = 1000,
  statementTimeoutMs = 10_000,
}: CreateLedgerParameters): Ledger {
  const host = endpointHost(postgresUrl);
  const log = logger.child({ component: 'ledger', host });
  const secrets = passwordForms(postgresUrl);
  const pool = new pg.Pool({
    connectionString: postgresUrl,
    max: 2,
    connectionTimeoutMillis: statementTimeoutMs,
    query_timeout: statementTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'treasury-exporter',
  });
  // An idle connection the server drops emits here; unhandled, it would crash the process.
  pool.on('error', (error) => log.debug({ err: safeMessage(error, secrets) }, 'idle ledger connection closed'));
  // A checked-out connection that breaks emits too; the failing query already reports it.
  pool.on('connect', (client) => client.on('error', () => undefined));

  const queue: LedgerEvent[] = [];
  let inFlight = 0;
  const stats = { written: 0, dropped: 0, rejected: 0, up: false };
  const lastRecorded = new Map<string, number>();
  let schemaReady = false;
  let lastFailure: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let dropping = false;

  function enqueue(events: LedgerEvent[]): void {
    if (closed || events.length === 0) return;
    queue.push(...events);
    trimOverflow();
  }

  /** Drops the oldest events beyond maxQueue (the batch being written counts towards it). */
  function trimOverflow(): void {
    const excess = queue.length + inFlight - maxQueue;
    if (excess <= 0) return;
    const removed = queue.splice(0, Math.min(excess, queue.length));
    stats.dropped += removed.length;
    // Warned once per outage; the counter tells how many followed.
    if (!dropping) log.warn({ dropped: removed.length, max_queue: maxQueue }, 'ledger queue full: oldest events dropped');
    else log.debug({ dropped: removed.length }, 'ledger queue full: oldest events dropped');
    dropping = true;
  }

  function noteFailure(error: unknown, what: string): void {
    stats.up = false;
    const message = safeMessage(error, secrets);
    // Logged once per distinct failure: a database down for an hour is one error, not 3600.
    if (message !== lastFailure) log.error({ err: message, queued: queue.length }, `${what}; events stay queued and are retried`);
    else log.debug({ err: message, queued: queue.length }, `${what} (again)`);
    lastFailure = message;
  }

  function noteSuccess(): void {
    dropping = false;
    if (lastFailure !== undefined) log.info({ queued: queue.length }, 'ledger database reachable again');
    lastFailure = undefined;
    stats.up = true;
  }

  async function prepareSchema(): Promise<void> {
    const client = await pool.connect();
    try {
      const { applied, current } = await runMigrations(client);
      if (applied.length > 0) log.info({ applied }, 'ledger schema migrated');
      if (current > LATEST_SCHEMA_VERSION) log.warn({ schema_version: current }, 'ledger schema is newer than this exporter knows; writing anyway');
      const last = await client.query<{ account: string; network: string; asset: string; current: number }>(
        `SELECT DISTINCT ON (account, network, asset) account, network, asset, current
           FROM tcc_balance_changes ORDER BY account, network, asset, id DESC`,
      );
      lastRecorded.clear();
      for (const row of last.rows) lastRecorded.set(seriesKey(row.account, row.network, row.asset), row.current);
      client.release();
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  async function writeBatch(batch: LedgerEvent[]): Promise<{ rows: number; recorded: Map<string, number> }> {
    const { rows, recorded } = balanceRows(
      batch.flatMap((event) => (event.kind === 'balance' ? [event.change] : [])),
      lastRecorded,
    );
    const configs = batch.flatMap((event) => (event.kind === 'config' ? [event.record] : []));
    if (rows.length === 0 && configs.length === 0) return { rows: 0, recorded };
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (rows.length > 0) {
        const insert = multiRowInsert('tcc_balance_changes', BALANCE_COLUMNS, rows.map(balanceRowValues));
        await client.query(insert.text, insert.values);
      }
      if (configs.length > 0) {
        const insert = multiRowInsert('tcc_config_changes', CONFIG_COLUMNS, configs.map(configRowValues), { before: 'jsonb', after: 'jsonb' });
        await client.query(insert.text, insert.values);
      }
      await client.query('COMMIT');
      client.release();
      return { rows: rows.length + configs.length, recorded };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }

  async function flushQueue(): Promise<void> {
    if (!schemaReady) {
      try {
        await prepareSchema();
        schemaReady = true;
        noteSuccess();
      } catch (error) {
        noteFailure(error, 'ledger database not ready');
        return;
      }
    }
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      inFlight = batch.length;
      try {
        const { rows, recorded } = await writeBatch(batch);
        for (const [key, value] of recorded) lastRecorded.set(key, value);
        stats.written += rows;
        noteSuccess();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && REJECTED_SQLSTATE.test(code)) {
          // Retrying a batch the database refuses as data would block the queue for good.
          stats.rejected += batch.length;
          log.error({ err: safeMessage(error, secrets), events: batch.length }, 'ledger batch rejected by the database; dropped');
          continue;
        }
        queue.unshift(...batch);
        noteFailure(error, 'ledger write failed');
        return;
      } finally {
        inFlight = 0;
        trimOverflow();
      }
    }
  }

  /** One flush at a time: a caller during a flush waits for it, then runs its own. */
  let flushChain: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    const next = flushChain.then(flushQueue);
    flushChain = next.catch(() => undefined);
    return next;
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      void flush().finally(schedule);
    }, flushIntervalMs);
    timer.unref();
  }

  return {
    async start() {
      await flush();
      schedule();
    },
    recordBalanceChanges(changes) {
      enqueue(changes.map((change) => ({ kind: 'balance', change })));
    },
    recordConfigChange(record) {
      enqueue([{ kind: 'config', record }]);
    },
    flush,
    get stats() {
      return { ...stats, queueLength: queue.length + inFlight };
    },
    appendMetrics(out) {
      for (const [outcome, count] of [
        ['written', stats.written],
        ['dropped', stats.dropped],
        ['rejected', stats.rejected],
      ] as const) {
        out.add(metrics.ledgerWrites, { outcome }, count);
      }
      out.add(metrics.ledgerQueueLength, {}, queue.length + inFlight);
      out.add(metrics.ledgerUp, {}, stats.up ? 1 : 0);
    },
    async close({ timeoutMs = 5000 } = {}) {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      const bounded = <T>(work: Promise<T>) =>
        Promise.race([work.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref())]);
      const flushed = await bounded(flush());
      if (!flushed || queue.length + inFlight > 0) {
        log.warn({ unwritten: queue.length + inFlight }, 'ledger closed with events not written');
      }
      await bounded(pool.end());
    },
  };
}

/** The password as it may appear in text: decoded and as written in the URL. */
function passwordForms(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return [...new Set([raw, decodeURIComponent(raw)])].filter((form) => form.length > 0);
  } catch {
    return [];
  }
}

/**
 * An error message fit for logs: URLs cut to their host and the password removed wherever it is
 * quoted (pg messages name the user and host, but a connection-string parse error may echo more).
 */
export function safeMessage(error: unknown, secrets: readonly string[]): string {
  const raw = error instanceof Error ? error.message || error.name : String(error);
  let message = redactUrls(raw);
  for (const secret of secrets) message = message.split(secret).join('<redacted>');
  return message;
}
