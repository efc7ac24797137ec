import { resolveBinary, type ObservabilityBinary } from '../src/binaries.js';
import { startManagedProcess, type ManagedProcess } from './managed-process.js';
import { waitFor } from './wait-for.js';

export type StartReadyDaemonParameters = {
  binary: ObservabilityBinary;
  args: string[];
  /** Base URL the daemon serves, e.g. http://127.0.0.1:9090 ; readiness is `${baseUrl}/-/ready`. */
  baseUrl: string;
  readyTimeoutMs?: number;
};

/**
 * Starts prometheus or alertmanager and resolves once `/-/ready` answers 200. If the process
 * exits first (bad config, port taken) or readiness times out, it is stopped and the error
 * carries its last log lines.
 */
export async function startReadyDaemon({
  binary,
  args,
  baseUrl,
  readyTimeoutMs = 20_000,
}: StartReadyDaemonParameters): Promise<ManagedProcess> {
  const daemon = startManagedProcess({ command: resolveBinary(binary), args });
  try {
    await waitFor(
      async () => {
        if (daemon.exited()) throw new Error(`${binary} exited`);
        const response = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        return response.status === 200 ? true : undefined;
      },
      { description: `${binary} ready at ${baseUrl}`, timeoutMs: readyTimeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    // A daemon that already exited must not be waited on; one still starting is stopped.
    await daemon.stop(2_000);
    throw new Error(`${(error as Error).message}\n--- ${binary} output ---\n${daemon.recentOutput()}`);
  }
  return daemon;
}
