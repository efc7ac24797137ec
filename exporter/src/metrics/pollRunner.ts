/**
 * Polls every configured network in the background, each on its own interval, and keeps the
 * rendered exposition in memory. A scrape only copies that string out, so its cost does not grow
 * with the number of series, and several Prometheus replicas do not multiply RPC traffic.
 *
 * Every adapter call is wrapped here with the health series (`_up`, last success, duration):
 * adapters never emit those themselves.
 */
import type { Logger } from 'pino';
import type { Config, LoadedConfig } from '../config/index.js';
import { accountAssets } from '../config/index.js';
import { createChainAdapter } from '../chains/registry.js';
import type { BalanceTarget, ChainAdapter } from '../chains/types.js';
import { CachedExposition } from './cachedExposition.js';
import type { PollContext, PollJob } from './pollContext.js';
import { createPriceJob, createPriceSources } from './priceJob.js';
import { createReserveReads } from './reserveJob.js';
import type { ExpositionBuilder } from './exposition.js';
import { buildTreasuryExposition, pegCurrencies } from './render.js';
import { TreasuryState, type TargetHealth } from './treasuryState.js';

export interface PollRunnerParameters {
  logger: Logger;
  version: string;
  /** Unix time in seconds; injectable for tests. */
  now?: () => number;
  /**
   * Called after a successful balance read with every balance that changed or was seen for the
   * first time (the ledger subscribes here). Must not block: it runs on the poll path.
   */
  onBalanceChanges?: (changes: BalanceChange[]) => void;
  /** Adds series owned by other parts (the ledger's) to every rendering. */
  appendSeries?: (out: ExpositionBuilder) => void;
}

/** A balance that differs from the runner's last good value for it, or its first reading. */
export interface BalanceChange {
  /** Unix seconds when the poll that read it finished. */
  observedAt: number;
  account: string;
  network: string;
  asset: string;
  current: number;
  /** Consensus USD price of the asset at that time; null while unknown. */
  priceUsd: number | null;
}

type Job = PollJob;

export const accountTarget = (name: string) => `account:${name}`;

export class PollRunner {
  readonly state = new TreasuryState();
  private config: Config | undefined;
  private adapters = new Map<string, { key: string; adapter: ChainAdapter }>();
  private jobs: Job[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private controller = new AbortController();
  private running = false;
  private completedJobs = new Set<string>();
  private renderPending = false;
  readonly cached = new CachedExposition();
  private readonly logger: Logger;
  private readonly version: string;
  private readonly now: () => number;
  private readonly onBalanceChanges: PollRunnerParameters['onBalanceChanges'];
  private readonly appendSeries: PollRunnerParameters['appendSeries'];

  constructor({ logger, version, now = () => Date.now() / 1000, onBalanceChanges, appendSeries }: PollRunnerParameters) {
    this.logger = logger;
    this.version = version;
    this.now = now;
    this.onBalanceChanges = onBalanceChanges;
    this.appendSeries = appendSeries;
  }

  /** The last rendered exposition text. */
  get exposition(): string {
    return this.cached.text;
  }

  /**
   * True once every job has finished a first cycle (successful or not), and from then on: a reload
   * that adds a network must not make an orchestrator pull a serving exporter out of rotation.
   */
  get ready(): boolean {
    if (!this.becameReady) this.becameReady = this.config !== undefined && this.jobs.every((job) => this.completedJobs.has(job.network));
    return this.becameReady;
  }

  private becameReady = false;

  get targets(): TargetHealth[] {
    return [...this.state.health.values()];
  }

  /** Swaps in a config (first load or reload): rebuilds jobs, keeps adapters whose network did not change. */
  applyConfig(loaded: LoadedConfig): void {
    const config = loaded.config;
    this.config = config;
    this.state.configReload = { successful: true, timestamp: loaded.loadedAt / 1000 };
    const timeoutMs = config.exporter.request_timeout;

    const nextAdapters = new Map<string, { key: string; adapter: ChainAdapter }>();
    for (const [name, network] of Object.entries(config.networks)) {
      const key = JSON.stringify(network) + timeoutMs;
      const previous = this.adapters.get(name);
      if (previous && previous.key === key) nextAdapters.set(name, previous);
      else {
        try {
          nextAdapters.set(name, {
            key,
            adapter: createChainAdapter(network, { timeoutMs, recordRequest: (record) => this.state.countRequest(name, record) }),
          });
        } catch (error) {
          this.logger.error({ network: name, err: String(error) }, 'network disabled: no adapter');
        }
      }
    }
    for (const [name, { adapter }] of this.adapters) {
      if (nextAdapters.get(name)?.adapter !== adapter) void adapter.close?.();
    }
    this.adapters = nextAdapters;

    this.state.prune({
      accounts: new Set(config.accounts.map((a) => a.name)),
      networks: new Set(Object.keys(config.networks)),
      assets: new Set([...Object.keys(config.assets), ...pegCurrencies(config)]),
    });
    this.jobs = this.buildJobs(config, timeoutMs);
    this.completedJobs = new Set([...this.completedJobs].filter((network) => this.jobs.some((j) => j.network === network)));
    if (this.running) this.restartLoops();
    this.render();
  }

  /** Records a failed reload so it shows on /metrics; the running config stays. */
  markReloadFailed(): void {
    this.state.configReload = { ...this.state.configReload, successful: false };
    this.render();
  }

  /** Starts the background loops. */
  start(): void {
    this.running = true;
    this.restartLoops();
  }

  /** Runs every job once, concurrently, and renders (for `--once`, tests and benchmarks). */
  async runOnce(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.runJob(job, this.controller.signal)));
    this.render();
  }

  /** Stops polling and closes adapters; in-flight cycles are aborted. */
  async stop(): Promise<void> {
    this.running = false;
    this.controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.adapters.values()].map(({ adapter }) => adapter.close?.()));
  }

  private restartLoops(): void {
    this.controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller = new AbortController();
    const signal = this.controller.signal;
    for (const job of this.jobs) {
      const loop = async () => {
        const started = Date.now();
        await this.runJob(job, signal);
        if (signal.aborted) return;
        const timer = setTimeout(loop, Math.max(0, job.intervalMs - (Date.now() - started)));
        this.timers.add(timer);
      };
      void loop();
    }
  }

  private async runJob(job: Job, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    try {
      await job.run(signal);
    } catch (error) {
      // Jobs record their own target failures; this only catches programming errors.
      this.logger.error({ network: job.network, err: String(error) }, 'poll job crashed');
    }
    if (signal.aborted) return;
    this.state.pollDurations.set(job.network, (performance.now() - started) / 1000);
    this.completedJobs.add(job.network);
    this.scheduleRender();
  }

  private buildJobs(config: Config, timeoutMs: number): Job[] {
    const defaultInterval = config.exporter.poll_interval;
    const context: PollContext = {
      state: this.state,
      logger: this.logger,
      now: this.now,
      adapters: new Map([...this.adapters].map(([name, { adapter }]) => [name, adapter])),
    };
    const jobs: Job[] = [];
    const priceJob = createPriceJob(config, context, createPriceSources(config, context, timeoutMs));
    if (priceJob) jobs.push(priceJob);
    const reserveReads = createReserveReads(config, context);
    for (const [name, network] of Object.entries(config.networks)) {
      const entry = this.adapters.get(name);
      const accounts = config.accounts.filter((a) => a.network === name);
      const reads = reserveReads.get(name) ?? [];
      if (!entry || (accounts.length === 0 && reads.length === 0)) continue;
      const targets: BalanceTarget[] = accounts.flatMap((account) =>
        accountAssets(config, account).map(({ asset, token }) => ({ account: account.name, address: account.address, asset, token })),
      );
      jobs.push({
        network: name,
        intervalMs: network.poll_interval ?? defaultInterval,
        run: async (signal) => {
          await Promise.all([
            targets.length > 0 ? this.pollBalances(name, entry.adapter, targets, signal) : undefined,
            ...reads.map((read) => read(signal)),
          ]);
        },
      });
    }
    return jobs;
  }

  /** Configured interval per polled network, exported so alert rules can judge staleness generically. */
  get pollIntervals(): Map<string, number> {
    return new Map(this.jobs.map((job) => [job.network, job.intervalMs]));
  }

  private async pollBalances(network: string, adapter: ChainAdapter, targets: BalanceTarget[], signal: AbortSignal): Promise<void> {
    const accounts = [...new Set(targets.map((t) => t.account))];
    let samples;
    try {
      samples = await adapter.fetchBalances({ targets, signal });
    } catch (error) {
      if (signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ network, err: message }, 'balance poll failed; keeping last values');
      for (const account of accounts) this.state.recordFailure(network, accountTarget(account), message);
      return;
    }
    if (signal.aborted) return;
    const errors = new Map<string, string[]>();
    const changes: Omit<BalanceChange, 'observedAt'>[] = [];
    for (const sample of samples) {
      if (sample.error !== undefined) {
        const list = errors.get(sample.account) ?? [];
        list.push(`${sample.asset}: ${sample.error}`);
        errors.set(sample.account, list);
      } else {
        const previous = this.state.getBalance(sample.account, sample.asset);
        if (previous !== sample.balance) {
          const priceUsd = this.state.consensusPrices.get(sample.asset) ?? null;
          changes.push({ account: sample.account, network, asset: sample.asset, current: sample.balance, priceUsd });
        }
        this.state.setBalance(sample.account, sample.asset, sample.balance);
        if (sample.unconfirmedBalance !== undefined) this.state.setUnconfirmed(sample.account, sample.asset, sample.unconfirmedBalance);
      }
    }
    const at = this.now();
    for (const account of accounts) {
      const accountErrors = errors.get(account);
      if (accountErrors) {
        this.logger.warn({ network, account, err: accountErrors.join('; ') }, 'some balances failed; keeping their last values');
        this.state.recordFailure(network, accountTarget(account), accountErrors.join('; '));
      } else this.state.recordSuccess(network, accountTarget(account), at);
    }
    if (changes.length > 0 && this.onBalanceChanges) {
      try {
        this.onBalanceChanges(changes.map((change) => ({ observedAt: at, ...change })));
      } catch (error) {
        // A subscriber's bug must not stop the treasury watch.
        this.logger.error({ network, err: String(error) }, 'balance change subscriber failed');
      }
    }
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    setImmediate(() => {
      this.renderPending = false;
      this.render();
    });
  }

  /** Re-renders the exposition from state; cheap enough per cycle, never done per scrape. */
  render(): void {
    if (!this.config) return;
    const exposition = buildTreasuryExposition({ config: this.config, state: this.state, version: this.version, pollIntervals: this.pollIntervals });
    this.appendSeries?.(exposition);
    this.cached.update(exposition.render(), exposition.seriesCount);
  }
}
