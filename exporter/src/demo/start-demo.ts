/**
 * `startDemo`: the whole offline demo in one call, in-process, so `main.ts` and the tests drive
 * the same thing. Two anvil chains with the simulated treasury, the exporter on a generated
 * config, the simulator loop, and, when the Debian binaries are installed, Prometheus and
 * Alertmanager with the repo's rules and routing (notifications go to local log-only sinks).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startDevnet, type Devnet } from '../devnet/index.js';
import { startExporter, type RunningExporter } from '../main.js';
import {
  findObservabilityBinary,
  startAlertingStack,
  type AlertingStackLike,
  type RouteTimings,
} from './alerting-harness.js';
import { renderDemoConfig } from './demo-config.js';
import { watchNotifications, type NotificationWatcher } from './notifications.js';
import { createSimulator, type Simulator } from './simulator.js';
import { demoNetworks, deployDemoTreasury, type DeployedDemoTreasury } from './treasury-scenario.js';

export interface StartDemoParameters {
  /** Where the exporter listens; default 127.0.0.1:9877. */
  listen?: { host: string; port: number };
  /** If the listen port is taken, listen on a free one instead of failing (and say so in `notes`). */
  fallbackToFreePort?: boolean;
  /** Exporter poll interval (config Duration). */
  pollInterval?: string;
  /** Simulator tick in ms; 0 starts no loop (tests call `simulator.step()` themselves). */
  tickMs?: number;
  /** Seed of the price random walk. */
  seed?: string;
  /** Multiplies the simulated drain and peg loss per tick (tests). */
  simulatorSpeed?: number;
  /** `auto`: Prometheus and Alertmanager when both binaries are on PATH; `off`: the exporter alone. */
  observability?: 'auto' | 'off';
  /** Prometheus scrape and rule evaluation interval. */
  scrapeInterval?: string;
  /**
   * Every alert's `for:` is divided by this, so alerts fire within minutes of the simulated
   * trouble (5m becomes 30s at 10). 1 runs alerting-rules/treasury.rules.yml unchanged.
   */
  ruleForDivisor?: number;
  /** Alertmanager route timings. */
  routeTimings?: RouteTimings;
  /** The exporter's logger; silent by default. */
  logger?: Logger;
  /** Receives human-readable lines: notifications that reach the sinks, simulator errors. */
  print?: (line: string) => void;
}

export interface RunningDemo {
  exporterUrl: string;
  /** Present when Prometheus and Alertmanager were started. */
  prometheusUrl?: string;
  alertmanagerUrl?: string;
  /** The generated exporter config: edit it and reload (SIGHUP, or `exporter.reload()`). */
  configPath: string;
  /** Things the user should know: a port fallback, a missing binary and how to install it. */
  notes: string[];
  /** The alert `for:` rewrites applied (empty without Prometheus, or at divisor 1). */
  shortenedRules: { alert: string; from: string; to: string }[];
  treasury: DeployedDemoTreasury;
  simulator: Simulator;
  exporter: RunningExporter;
  alerting?: AlertingStackLike;
  /** Stops everything the demo started, each step bounded; safe to call twice. */
  stop(): Promise<void>;
}

const defaultListen = { host: '127.0.0.1', port: 9877 };

/** Waits for `promise` at most `ms`; a step that hangs must not keep Ctrl-C from finishing. */
async function bounded(what: string, promise: Promise<unknown>, ms: number, print: (line: string) => void) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const outcome = await Promise.race([promise.then(() => 'done' as const), timeout]);
    if (outcome === 'timeout') print(`stopping ${what}: gave up after ${ms} ms`);
  } catch (error) {
    print(`stopping ${what}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the demo and resolves once the exporter listens and, if started, Prometheus and
 * Alertmanager are ready. Anything started before a failure is stopped before the rejection.
 *
 * @example
 * const demo = await startDemo({ listen: { host: '127.0.0.1', port: 0 }, tickMs: 0, observability: 'off' });
 * await demo.simulator.step();
 * await demo.stop();
 */
export async function startDemo({
  listen = defaultListen,
  fallbackToFreePort = true,
  pollInterval = '5s',
  tickMs = 2000,
  seed = 'tcc-demo',
  simulatorSpeed = 1,
  observability = 'auto',
  scrapeInterval = '5s',
  ruleForDivisor = 10,
  routeTimings = { groupWait: '5s', groupInterval: '30s', repeatInterval: '1h' },
  logger = pino({ level: 'silent' }),
  print = () => undefined,
}: StartDemoParameters = {}): Promise<RunningDemo> {
  const cleanups: { what: string; run: () => Promise<unknown>; ms: number }[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const cleanup of cleanups.splice(0).reverse()) await bounded(cleanup.what, cleanup.run(), cleanup.ms, print);
  };

  try {
    const workDir = await mkdtemp(join(tmpdir(), 'tcc-demo-'));
    cleanups.push({ what: 'temp folder', run: () => rm(workDir, { recursive: true, force: true }), ms: 5_000 });

    const devnets = {} as Record<'l1' | 'l2', Devnet>;
    for (const chain of ['l1', 'l2'] as const) {
      const devnet = await startDevnet({ chainId: demoNetworks[chain].chainId });
      devnets[chain] = devnet;
      cleanups.push({ what: `anvil ${demoNetworks[chain].name}`, run: () => devnet.stop(), ms: 8_000 });
    }
    const treasury = await deployDemoTreasury(devnets);

    const configPath = join(workDir, 'treasury.yaml');
    await writeFile(configPath, renderDemoConfig({ treasury, pollInterval }));

    const notes: string[] = [];
    const start = (address: { host: string; port: number }) =>
      startExporter({ configPath, listen: address, logger, env: {}, handleSignals: false });
    let exporter: RunningExporter;
    try {
      exporter = await start(listen);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !fallbackToFreePort || listen.port === 0) throw error;
      exporter = await start({ host: listen.host, port: 0 });
      notes.push(`port ${listen.port} on ${listen.host} is taken: the exporter listens on ${exporter.url} instead`);
    }
    cleanups.push({ what: 'exporter', run: () => exporter.stop(), ms: 8_000 });

    const simulator = createSimulator({ treasury, seed, speed: simulatorSpeed });
    cleanups.push({ what: 'simulator', run: () => simulator.stop(), ms: 8_000 });
    if (tickMs > 0) simulator.start(tickMs, (error) => print(`simulator tick failed: ${(error as Error).message}`));

    let alerting: AlertingStackLike | undefined;
    let watcher: NotificationWatcher | undefined;
    if (observability === 'auto') {
      const missing: string[] = [];
      for (const binary of ['prometheus', 'prometheus-alertmanager'] as const) {
        const found = await findObservabilityBinary(binary);
        if (!found.found) missing.push(found.hint);
      }
      if (missing.length === 0) {
        const scrapeTarget = new URL(exporter.url).host;
        alerting = await startAlertingStack({ scrapeTarget, ruleForDivisor, interval: scrapeInterval, timings: routeTimings });
        const stack = alerting;
        cleanups.push({ what: 'Prometheus and Alertmanager', run: () => stack.close(), ms: 15_000 });
        watcher = watchNotifications({ slack: stack.slack, smtp: stack.smtp, print });
        const running = watcher;
        cleanups.push({ what: 'notification log', run: async () => running.stop(), ms: 1_000 });
      } else {
        notes.push(
          `${missing.join('; ')}. Continuing with the exporter alone (Debian/Ubuntu: sudo apt-get install prometheus prometheus-alertmanager).`,
        );
      }
    }

    return {
      exporterUrl: exporter.url,
      prometheusUrl: alerting?.prometheus.url,
      alertmanagerUrl: alerting?.alertmanager.url,
      configPath,
      notes,
      shortenedRules: (alerting?.shortenedRules ?? [])
        .filter((rule) => rule.from !== rule.to)
        .map(({ alert, from, to }) => ({ alert, from, to })),
      treasury,
      simulator,
      exporter,
      alerting,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
