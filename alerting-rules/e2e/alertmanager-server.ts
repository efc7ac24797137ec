import { join } from 'node:path';
import { findFreePort } from './free-port.js';
import { startReadyDaemon } from './ready-daemon.js';

/** An alert as Alertmanager's API v2 lists it (the fields the test reads). */
export type AlertmanagerAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] };
};

export type AlertmanagerServer = {
  /** http://127.0.0.1:PORT */
  url: string;
  /** host:port, for Prometheus' alerting config. */
  address: string;
  /** The alerts Alertmanager currently holds (`GET /api/v2/alerts`), with inhibition state. */
  alerts(): Promise<AlertmanagerAlert[]>;
  recentOutput(): string;
  stop(): Promise<void>;
};

export type StartAlertmanagerParameters = {
  configFile: string;
  /** A fresh directory for silences and the notification log; the caller removes it. */
  workDir: string;
};

/**
 * Runs the Debian `prometheus-alertmanager` on a free loopback port. Clustering is switched off
 * (empty `--cluster.listen-address`): no gossip port, no peers, loopback only.
 */
export async function startAlertmanager({ configFile, workDir }: StartAlertmanagerParameters): Promise<AlertmanagerServer> {
  const port = await findFreePort();
  const address = `127.0.0.1:${port}`;
  const url = `http://${address}`;
  const daemon = await startReadyDaemon({
    binary: 'prometheus-alertmanager',
    baseUrl: url,
    args: [
      `--config.file=${configFile}`,
      `--storage.path=${join(workDir, 'alertmanager-data')}`,
      `--web.listen-address=${address}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
  });
  return {
    url,
    address,
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`, { signal: AbortSignal.timeout(5_000) });
      if (response.status !== 200) throw new Error(`GET /api/v2/alerts: HTTP ${response.status}`);
      return (await response.json()) as AlertmanagerAlert[];
    },
    recentOutput: () => daemon.recentOutput(),
    stop: () => daemon.stop(),
  };
}
