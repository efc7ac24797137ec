/**
 * The ledger against a real PostgreSQL server: the schema it creates, the rows it writes for
 * balance and config changes, and what it does when the database is down (through a TCP gate
 * the test shuts and opens), including a full queue and a password that must never leak.
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import type { BalanceChange } from '../metrics/pollRunner.js';
import { ExpositionBuilder } from '../metrics/exposition.js';
import { parseExposition, sampleValue } from '../testing/exposition.js';
import { createLedger, type Ledger } from './ledger.js';
import { MIGRATIONS, runMigrations } from './migrations.js';
import { startTcpGate, type TcpGate } from './testing/tcpGate.js';
import { startTestPostgres, type TestPostgres } from './testing/postgres.js';

let postgres: TestPostgres;
let gate: TcpGate;
let db: pg.Pool;
const ledgers: Ledger[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
  gate = await startTcpGate({ target: postgres.url });
  db = new pg.Pool({ connectionString: postgres.url, max: 2 });
});

afterAll(async () => {
  await Promise.all(ledgers.map((ledger) => ledger.close({ timeoutMs: 2000 })));
  await db?.end();
  await gate?.close();
  await postgres?.stop();
});

function capturedLogger() {
  const captured = { text: '' };
  const sink = new Writable({
    write(chunk, _encoding, done) {
      captured.text += String(chunk);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), captured };
}

/** A ledger closed after all tests; the flush loop is slowed down so tests drive flush() themselves. */
function newLedger(parameters: { url?: string; maxQueue?: number; logger?: pino.Logger } = {}): Ledger {
  const ledger = createLedger({
    postgresUrl: parameters.url ?? postgres.url,
    logger: parameters.logger ?? pino({ level: 'silent' }),
    maxQueue: parameters.maxQueue,
    flushIntervalMs: 3_600_000,
    statementTimeoutMs: 5000,
  });
  ledgers.push(ledger);
  return ledger;
}

async function resetSchema(): Promise<void> {
  await db.query('DROP TABLE IF EXISTS tcc_balance_changes, tcc_config_changes, tcc_schema_migrations');
}

async function balanceRows(account: string) {
  const result = await db.query(
    `SELECT extract(epoch FROM observed_at)::float8 AS observed_at, account, network, asset, previous, current, delta, price_usd, delta_usd
       FROM tcc_balance_changes WHERE account = $1 ORDER BY id`,
    [account],
  );
  return result.rows;
}

const change = (account: string, current: number, priceUsd: number | null, observedAt = 1_767_000_000.25, asset = 'ETH'): BalanceChange => ({
  observedAt,
  account,
  network: 'ethereum',
  asset,
  current,
  priceUsd,
});

describe('schema', () => {
  test('two ledgers starting at once create the tables once; running the migrations again applies nothing', async () => {
    await resetSchema();
    const [a, b] = [newLedger(), newLedger()];
    await Promise.all([a.start(), b.start()]);
    expect(a.stats.up).toBe(true);
    expect(b.stats.up).toBe(true);

    const versions = await db.query('SELECT version FROM tcc_schema_migrations ORDER BY version');
    expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const client = await db.connect();
    try {
      expect(await runMigrations(client)).toEqual({ applied: [], current: 2 });
    } finally {
      client.release();
    }

    const columns = await db.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name IN ('tcc_balance_changes', 'tcc_config_changes', 'tcc_schema_migrations') ORDER BY table_name, ordinal_position`,
    );
    expect(columns.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`)).toEqual([
      'tcc_balance_changes.id bigint not null',
      'tcc_balance_changes.observed_at timestamp with time zone not null',
      'tcc_balance_changes.account text not null',
      'tcc_balance_changes.network text not null',
      'tcc_balance_changes.asset text not null',
      'tcc_balance_changes.previous double precision',
      'tcc_balance_changes.current double precision not null',
      'tcc_balance_changes.delta double precision',
      'tcc_balance_changes.price_usd double precision',
      'tcc_balance_changes.delta_usd double precision',
      'tcc_config_changes.id bigint not null',
      'tcc_config_changes.changed_at timestamp with time zone not null',
      'tcc_config_changes.actor text',
      'tcc_config_changes.action text not null',
      'tcc_config_changes.account text not null',
      'tcc_config_changes.before jsonb',
      'tcc_config_changes.after jsonb',
      'tcc_schema_migrations.version integer not null',
      'tcc_schema_migrations.applied_at timestamp with time zone not null',
    ]);
    const indexes = await db.query(`SELECT indexname FROM pg_indexes WHERE tablename LIKE 'tcc_%' AND indexname NOT LIKE '%_pkey' ORDER BY indexname`);
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      'tcc_balance_changes_account',
      'tcc_balance_changes_observed_at',
      'tcc_balance_changes_series',
      'tcc_config_changes_changed_at',
    ]);
  });

  test('a failing migration leaves nothing half-applied', async () => {
    await resetSchema();
    const client = await db.connect();
    try {
      const broken = [...MIGRATIONS, { version: 3, description: 'broken', statements: ['CREATE TABLE tcc_x (id int)', 'SELECT no_such_function()'] }];
      await expect(runMigrations(client, broken)).rejects.toThrow(/no_such_function/);
      const tables = await client.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'tcc_%'`);
      expect(tables.rows).toEqual([]);
    } finally {
      client.release();
    }
  });
});

describe('rows', () => {
  beforeAll(async () => {
    await resetSchema();
  });

  test('first observation has no previous; an unchanged value writes nothing; deltas and USD deltas are exact', async () => {
    const ledger = newLedger();
    await ledger.start();
    ledger.recordBalanceChanges([change('ops', 3.25, 2000.5, 1_767_000_000.25)]);
    ledger.recordBalanceChanges([change('ops', 3.25, 2001, 1_767_000_030.25)]);
    ledger.recordBalanceChanges([change('ops', 250000.5, 1999.75, 1_767_000_060.5), change('ops', 0.1, null, 1_767_000_090)]);
    await ledger.flush();
    expect(await balanceRows('ops')).toEqual([
      { observed_at: 1_767_000_000.25, account: 'ops', network: 'ethereum', asset: 'ETH', previous: null, current: 3.25, delta: null, price_usd: 2000.5, delta_usd: null },
      {
        observed_at: 1_767_000_060.5,
        account: 'ops',
        network: 'ethereum',
        asset: 'ETH',
        previous: 3.25,
        current: 250000.5,
        delta: 249997.25,
        price_usd: 1999.75,
        delta_usd: 249997.25 * 1999.75,
      },
      // Unpriced: the delta is known, its USD value is not.
      { observed_at: 1_767_000_090, account: 'ops', network: 'ethereum', asset: 'ETH', previous: 250000.5, current: 0.1, delta: 0.1 - 250000.5, price_usd: null, delta_usd: null },
    ]);
    expect(ledger.stats).toMatchObject({ written: 3, dropped: 0, queueLength: 0, up: true });
  });

  test('after a restart the history continues from the last recorded value', async () => {
    const restarted = newLedger();
    await restarted.start();
    // The runner's first reading after a restart: equal to the last row, so no row.
    restarted.recordBalanceChanges([change('ops', 0.1, 2000, 1_767_000_120)]);
    await restarted.flush();
    expect(await balanceRows('ops')).toHaveLength(3);
    restarted.recordBalanceChanges([change('ops', 1.1, 2000, 1_767_000_150)]);
    await restarted.flush();
    const rows = await balanceRows('ops');
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ previous: 0.1, current: 1.1, delta: 1.1 - 0.1, delta_usd: (1.1 - 0.1) * 2000 });
  });

  test('a config change is one row with the before and after as jsonb', async () => {
    const ledger = newLedger();
    await ledger.start();
    const after = { name: 'cold-1', network: 'ethereum', address: '0x00000000000000000000000000000000000A11cE', labels: { entity: 'acme' } };
    ledger.recordConfigChange({ time: '2026-11-27T10:00:00.123Z', actor: 'alice', action: 'create', account: 'cold-1', before: null, after });
    ledger.recordConfigChange({ time: '2026-11-27T10:05:00.000Z', actor: 'bob', action: 'delete', account: 'cold-1', before: after, after: null });
    await ledger.flush();
    const rows = await db.query(`SELECT changed_at, actor, action, account, before, after FROM tcc_config_changes ORDER BY id`);
    expect(rows.rows).toEqual([
      { changed_at: new Date('2026-11-27T10:00:00.123Z'), actor: 'alice', action: 'create', account: 'cold-1', before: null, after },
      { changed_at: new Date('2026-11-27T10:05:00.000Z'), actor: 'bob', action: 'delete', account: 'cold-1', before: after, after: null },
    ]);
  });

  test('a batch the database refuses as data is dropped and counted, and does not block the queue', async () => {
    const ledger = newLedger();
    await ledger.start();
    // jsonb cannot hold U+0000: PostgreSQL refuses it with SQLSTATE 22P05.
    ledger.recordConfigChange({ time: '2026-11-27T11:00:00Z', actor: 'eve', action: 'update', account: 'x', before: { label: 'a\u0000b' }, after: null });
    await ledger.flush();
    ledger.recordConfigChange({ time: '2026-11-27T11:01:00Z', actor: 'eve', action: 'update', account: 'y', before: null, after: { ok: true } });
    await ledger.flush();
    expect(ledger.stats).toMatchObject({ rejected: 1, written: 1, queueLength: 0 });
    const rows = await db.query(`SELECT account FROM tcc_config_changes WHERE actor = 'eve'`);
    expect(rows.rows).toEqual([{ account: 'y' }]);
  });
});

describe('database down', () => {
  beforeAll(async () => {
    await resetSchema();
  });

  test('down at start: start() does not fail, events wait in the queue and are written once it is up', async () => {
    gate.shut();
    const { logger, captured } = capturedLogger();
    const ledger = newLedger({ url: gate.through(postgres.url), logger });
    await ledger.start();
    expect(ledger.stats.up).toBe(false);
    ledger.recordBalanceChanges([change('late', 5, 1)]);
    ledger.recordConfigChange({ time: '2026-11-27T12:00:00Z', actor: 'alice', action: 'create', account: 'late', before: null, after: { name: 'late' } });
    await ledger.flush();
    expect(ledger.stats).toMatchObject({ written: 0, queueLength: 2, up: false });

    gate.open();
    await ledger.flush();
    expect(ledger.stats).toMatchObject({ written: 2, queueLength: 0, up: true });
    expect(await balanceRows('late')).toMatchObject([{ previous: null, current: 5 }]);
    expect((await db.query(`SELECT actor FROM tcc_config_changes WHERE account = 'late'`)).rows).toEqual([{ actor: 'alice' }]);

    // The outage was logged once as an error naming the host, and its end as info.
    const lines = captured.text.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; host: string });
    expect(lines.filter((line) => line.level === 50)).toHaveLength(1);
    expect(lines.find((line) => line.level === 50)).toMatchObject({ host: `127.0.0.1:${gate.port}`, msg: expect.stringMatching(/not ready/) });
    expect(lines.some((line) => line.msg === 'ledger database reachable again')).toBe(true);
    expect(captured.text).not.toContain(postgres.password);
  });

  test('a full queue drops the oldest events, counts them, and the deltas still chain', async () => {
    const ledger = newLedger({ url: gate.through(postgres.url), maxQueue: 3 });
    await ledger.start();
    gate.shut();
    ledger.recordBalanceChanges([1, 2, 3, 4, 5].map((value) => change('overflow', value, 10, 1_767_000_000 + value)));
    await ledger.flush();
    expect(ledger.stats).toMatchObject({ dropped: 2, queueLength: 3, written: 0, up: false });

    gate.open();
    await ledger.flush();
    expect((await balanceRows('overflow')).map((row) => [row.previous, row.current, row.delta, row.delta_usd])).toEqual([
      [null, 3, null, null],
      [3, 4, 1, 10],
      [4, 5, 1, 10],
    ]);
    const out = new ExpositionBuilder();
    ledger.appendMetrics(out);
    const samples = parseExposition(out.render());
    expect(sampleValue(samples, 'treasury_ledger_writes_total', { outcome: 'written' })).toBe(3);
    expect(sampleValue(samples, 'treasury_ledger_writes_total', { outcome: 'dropped' })).toBe(2);
    expect(sampleValue(samples, 'treasury_ledger_writes_total', { outcome: 'rejected' })).toBe(0);
    expect(sampleValue(samples, 'treasury_ledger_queue_length')).toBe(0);
    expect(sampleValue(samples, 'treasury_ledger_up')).toBe(1);
  });

  test('a database going down mid-run: the write is retried and nothing is lost or doubled', async () => {
    gate.open();
    const ledger = newLedger({ url: gate.through(postgres.url) });
    await ledger.start();
    ledger.recordBalanceChanges([change('flaky', 1, null)]);
    await ledger.flush();
    gate.shut(); // cuts the pooled connection too
    ledger.recordBalanceChanges([change('flaky', 2, null)]);
    await ledger.flush();
    expect(ledger.stats).toMatchObject({ queueLength: 1, up: false });
    gate.open();
    await ledger.flush();
    expect((await balanceRows('flaky')).map((row) => [row.previous, row.current])).toEqual([
      [null, 1],
      [1, 2],
    ]);
  });

  test('a wrong password is logged without the password, and close() with events queued ends within its bound', async () => {
    const wrongPassword = 'wrongLedgerPw-456';
    const url = new URL(postgres.url);
    url.password = wrongPassword;
    const { logger, captured } = capturedLogger();
    const ledger = createLedger({ postgresUrl: url.toString(), logger, flushIntervalMs: 3_600_000 });
    await ledger.start();
    ledger.recordBalanceChanges([change('never', 1, null)]);
    await ledger.close({ timeoutMs: 2000 });
    expect(captured.text).toMatch(/password authentication failed for user/);
    expect(captured.text).toMatch(/closed with events not written/);
    expect(captured.text).not.toContain(wrongPassword);
    expect(captured.text).not.toContain(postgres.password);
    expect(await balanceRows('never')).toEqual([]);
  });
});
