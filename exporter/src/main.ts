/**
 * Wires the exporter together: config store → poll runner → HTTP app, plus signals.
 * Kept free of argument parsing so tests can start a whole exporter in-process.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigStore, formatIssue } from './config/index.js';
import { PollRunner } from './metrics/pollRunner.js';
import { createApp } from './server/app.js';
import { listen, type ListeningServer } from './server/listen.js';
import { exporterVersion } from './version.js';
import { createAdminRouter } from './server/admin/index.js';
import { createLedger, type Ledger } from './ledger/index.js';

export interface StartExporterParameters {
  configPath: string;
  listen?: { host: string; port: number };
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Install SIGHUP/SIGTERM handlers (the CLI does; tests do not). */
  handleSignals?: boolean;
}

export interface RunningExporter {
  url: string;
  runner: PollRunner;
  store: ConfigStore;
  /** Present when the config has a `ledger` section. */
  ledger: Ledger | undefined;
  reload(): Promise<Awaited<ReturnType<ConfigStore['reload']>>>;
  stop(): Promise<void>;
}

/** Loads the config (rejecting with every issue if it is invalid), starts polling and listens. */
export async function startExporter({
  configPath,
  listen: address = { host: '0.0.0.0', port: 9877 },
  logger,
  env = process.env,
  handleSignals = false,
}: StartExporterParameters): Promise<RunningExporter> {
  const store = new ConfigStore({ path: configPath, env, logger });
  await store.load();
  const ledgerUrl = store.current.config.ledger?.postgres_url;
  const ledger = ledgerUrl ? createLedger({ postgresUrl: ledgerUrl, logger }) : undefined;
  const runner = new PollRunner({
    logger,
    version: exporterVersion,
    onBalanceChanges: ledger && ((changes) => ledger.recordBalanceChanges(changes)),
    appendSeries: ledger && ((out) => ledger.appendMetrics(out)),
  });
  runner.applyConfig(store.current);
  store.onChange((next) => {
    runner.applyConfig(next);
    // The ledger's connection is made once; a changed URL waits for a restart (never logged: it is a secret).
    if (next.config.ledger?.postgres_url !== ledgerUrl) logger.warn('ledger.postgres_url changed: restart the exporter to apply it');
  });

  async function reload() {
    const outcome = await store.reload();
    if (outcome.status === 'failed') {
      runner.markReloadFailed();
      logger.error({ issues: outcome.issues?.map(formatIssue) }, 'config reload failed; the last good config keeps running');
    } else logger.info({ status: outcome.status }, 'config reloaded');
    return outcome;
  }

  runner.start();
  // Not awaited: an unreachable database must not delay the treasury watch; the ledger retries on its own.
  void ledger?.start();
  const app = createApp({
    exposition: runner.cached,
    ready: () => (runner.ready ? { ready: true } : { ready: false, reason: 'first poll not finished' }),
    version: exporterVersion,
    adminRouter: createAdminRouter({
      configPath,
      store,
      adminToken: () => readAdminToken(env, store.current.config.exporter.admin_token_file),
      auditLogPath: store.current.config.exporter.audit_log ?? `${configPath}.audit.jsonl`,
      statusProvider: () =>
        runner.targets.map((t) => ({ network: t.network, target: t.target, up: t.up, last_success: t.lastSuccess, last_error: t.lastError })),
      logger,
      reload,
      env,
      onConfigChange: ledger && ((record) => ledger.recordConfigChange(record)),
    }),
  });
  let server: ListeningServer;
  try {
    server = await listen(app, address);
  } catch (error) {
    await runner.stop();
    await ledger?.close();
    throw error;
  }
  logger.info({ listen: server.url, version: exporterVersion }, 'treasury exporter listening');

  const onHup = () => void reload();
  const onTerm = () => {
    logger.info('SIGTERM: draining');
    void stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  if (handleSignals) {
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onTerm);
  }

  async function stop() {
    process.off('SIGHUP', onHup);
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onTerm);
    await server.close();
    await runner.stop();
    await ledger?.close();
  }

  return { url: server.url, runner, store, ledger, reload, stop };
}

/**
 * The admin token, first found of: `TREASURY_ADMIN_TOKEN`, the file `TREASURY_ADMIN_TOKEN_FILE`
 * names, the file `exporter.admin_token_file` names. Read per request, so rotating the file needs
 * no restart; none found keeps the admin API closed (503).
 */
export function readAdminToken(env: Record<string, string | undefined>, configTokenFile?: string): string | undefined {
  if (env.TREASURY_ADMIN_TOKEN) return env.TREASURY_ADMIN_TOKEN;
  for (const file of [env.TREASURY_ADMIN_TOKEN_FILE, configTokenFile]) {
    if (!file) continue;
    try {
      const token = readFileSync(file, 'utf8').trim();
      if (token) return token;
    } catch {
      // An unreadable file is a closed API (503 on /api/v1), not a crash of the treasury watch.
    }
  }
  return undefined;
}
