/** The PostgreSQL ledger: see README.md for tables, behaviour and failure handling. */
export { createLedger, type CreateLedgerParameters, type Ledger, type LedgerStats, type ConfigChangeRecord } from './ledger.js';
export { MIGRATIONS, runMigrations, type Migration, type RunMigrationsReturnType } from './migrations.js';
