import { join } from 'node:path';
import { findFreePort } from './free-port.js';
import { startReadyDaemon } from './ready-daemon.js';

export type PrometheusServer = {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Instant query; returns the result vector's samples as labels + numeric value. */
  query(expr: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  recentOutput(): string;
  stop(): Promise<void>;
};

export type StartPrometheusParameters = {
  configFile: string;
  /** A fresh directory for the TSDB; the caller removes it. */
  workDir: string;
};

/** Runs the Debian `prometheus` on a free loopback port with the given config. */
export async function startPrometheus({ configFile, workDir }: StartPrometheusParameters): Promise<PrometheusServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startReadyDaemon({
    binary: 'prometheus',
    baseUrl: url,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Links in notifications (generatorURL) would otherwise name this machine's hostname.
      `--web.external-url=${url}`,
      '--log.level=warn',
    ],
  });
  return {
    url,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`, {
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success' || body.data?.resultType !== 'vector') {
        throw new Error(`query ${expr} failed: ${body.error ?? body.data?.resultType}`);
      }
      return body.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
    },
    recentOutput: () => daemon.recentOutput(),
    stop: () => daemon.stop(),
  };
}
