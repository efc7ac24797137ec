import type { Logger } from 'pino';
import type { Environment } from './interpolate.js';
import { ConfigError, formatIssue, type ConfigIssue } from './issues.js';
import { loadConfigFile, type LoadedConfig } from './load.js';

export interface ConfigStoreOptions {
  /** The config file; read again on every reload. */
  path: string;
  /** Values for `${VAR}`; defaults to `process.env`. */
  env?: Environment;
  logger?: Logger;
}

export type ReloadResult =
  | { status: 'reloaded' }
  | { status: 'unchanged' }
  | { status: 'failed'; issues: ConfigIssue[] };

export type ConfigChangeListener = (next: LoadedConfig, previous: LoadedConfig) => void;

/**
 * Holds the last good config and swaps it only on a good reload (blackbox_exporter's SafeConfig):
 * a broken edit never takes the exporter down, it shows up as
 * `treasury_exporter_config_last_reload_successful 0` and in the reload's answer.
 */
export class ConfigStore {
  readonly #path: string;
  readonly #env: Environment;
  readonly #logger: Logger | undefined;
  #current: LoadedConfig | undefined;
  #listeners = new Set<ConfigChangeListener>();
  /** Reloads run one at a time (SIGHUP and POST /-/reload can race). */
  #queue: Promise<unknown> = Promise.resolve();
  #lastReloadSuccessful = false;
  #lastReloadSuccessTimestamp = 0;

  constructor({ path, env = process.env, logger }: ConfigStoreOptions) {
    this.#path = path;
    this.#env = env;
    this.#logger = logger;
  }

  /** The config file's path, as given. */
  get path(): string {
    return this.#path;
  }

  /** The config in force. Throws before the first successful {@link load}. */
  get current(): LoadedConfig {
    if (!this.#current) throw new Error('ConfigStore: no config loaded yet (call load() first)');
    return this.#current;
  }

  /** Whether the most recent load or reload succeeded (an unchanged file counts as success). */
  get lastReloadSuccessful(): boolean {
    return this.#lastReloadSuccessful;
  }

  /** Unix seconds of the most recent successful load or reload; 0 before the first. */
  get lastReloadSuccessTimestamp(): number {
    return this.#lastReloadSuccessTimestamp;
  }

  /**
   * First load. Rejects with a {@link ConfigError} whose message lists every issue, one
   * `FILE:LINE:COL path: message` per line, so the CLI can print it and exit.
   */
  load(): Promise<LoadedConfig> {
    return this.#serialize(async () => {
      const result = await loadConfigFile(this.#path, this.#env);
      if (!result.ok) {
        this.#lastReloadSuccessful = false;
        throw new ConfigError(result.issues);
      }
      this.#accept(result.loaded);
      return result.loaded;
    });
  }

  /**
   * Reads the file again. Identical bytes are `unchanged` (listeners are not called); a file that
   * fails validation is `failed` and the previous config stays in force; otherwise the new config
   * replaces it and every listener is called with (next, previous).
   */
  reload(): Promise<ReloadResult> {
    return this.#serialize(async (): Promise<ReloadResult> => {
      const previous = this.#current;
      const result = await loadConfigFile(this.#path, this.#env);
      if (!result.ok) {
        this.#lastReloadSuccessful = false;
        this.#logger?.error({ issues: result.issues.map(formatIssue) }, 'config reload failed, keeping the previous config');
        return { status: 'failed', issues: result.issues };
      }
      if (previous && previous.sha256 === result.loaded.sha256) {
        this.#markSuccess();
        return { status: 'unchanged' };
      }
      this.#accept(result.loaded);
      this.#logger?.info({ sha256: result.loaded.sha256 }, 'config reloaded');
      if (previous) {
        for (const listener of this.#listeners) {
          try {
            listener(result.loaded, previous);
          } catch (error) {
            // One consumer failing to apply the change must not stop the others from seeing it.
            this.#logger?.error({ err: error }, 'config change listener failed');
          }
        }
      }
      return { status: 'reloaded' };
    });
  }

  /** Registers a listener for successful changes; returns the function that unregisters it. */
  onChange(listener: ConfigChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #accept(loaded: LoadedConfig): void {
    this.#current = loaded;
    this.#markSuccess();
  }

  #markSuccess(): void {
    this.#lastReloadSuccessful = true;
    this.#lastReloadSuccessTimestamp = Math.floor(Date.now() / 1000);
  }

  #serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
