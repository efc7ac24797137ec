/**
 * The ledger's schema as numbered migrations. Each runs once per database, recorded in
 * `tcc_schema_migrations`; all of them run in one transaction under a transaction-scoped advisory
 * lock, so two exporters starting at once against one database neither race on `CREATE TABLE`
 * nor apply a migration twice: the second waits for the first, then finds nothing left to do.
 */
import type pg from 'pg';

export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/** Append only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'balance and config change tables',
    statements: [
      `CREATE TABLE IF NOT EXISTS tcc_balance_changes (
        id           bigserial PRIMARY KEY,
        observed_at  timestamptz NOT NULL,
        account      text NOT NULL,
        network      text NOT NULL,
        asset        text NOT NULL,
        previous     double precision,
        current      double precision NOT NULL,
        delta        double precision,
        price_usd    double precision,
        delta_usd    double precision
      )`,
      'CREATE INDEX IF NOT EXISTS tcc_balance_changes_observed_at ON tcc_balance_changes (observed_at DESC)',
      'CREATE INDEX IF NOT EXISTS tcc_balance_changes_account ON tcc_balance_changes (account, observed_at DESC)',
      `CREATE TABLE IF NOT EXISTS tcc_config_changes (
        id           bigserial PRIMARY KEY,
        changed_at   timestamptz NOT NULL,
        actor        text,
        action       text NOT NULL,
        account      text NOT NULL,
        before       jsonb,
        after        jsonb
      )`,
      'CREATE INDEX IF NOT EXISTS tcc_config_changes_changed_at ON tcc_config_changes (changed_at DESC)',
    ],
  },
  {
    version: 2,
    description: 'index for the last recorded balance of each series (read at start)',
    statements: ['CREATE INDEX IF NOT EXISTS tcc_balance_changes_series ON tcc_balance_changes (account, network, asset, id DESC)'],
  },
];

/**
 * Arbitrary but fixed key of the advisory lock that serialises migrations (the ASCII of "tccledgr"),
 * so it does not collide with locks other applications sharing the database might take.
 */
export const MIGRATION_LOCK_KEY = 0x7463636c65646772n;

export interface RunMigrationsReturnType {
  /** Versions this call applied (empty when the schema was already current). */
  applied: number[];
  /** Highest version recorded in the database, possibly newer than this exporter knows. */
  current: number;
}

/**
 * Brings the database to the newest schema, on a client that is not in a transaction.
 * Throws (after rolling back) if any statement fails; nothing is half-applied.
 */
export async function runMigrations(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<RunMigrationsReturnType> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS tcc_schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const result = await client.query<{ version: number }>('SELECT version FROM tcc_schema_migrations');
    const done = new Set(result.rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await client.query(statement);
      await client.query('INSERT INTO tcc_schema_migrations (version, applied_at) VALUES ($1, now())', [migration.version]);
      applied.push(migration.version);
      done.add(migration.version);
    }
    await client.query('COMMIT');
    return { applied, current: Math.max(0, ...done) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
