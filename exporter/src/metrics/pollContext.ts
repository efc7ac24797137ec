/** What every poll job needs from the runner: the state to write to, a clock, a logger. */
import type { Logger } from 'pino';
import type { ChainAdapter } from '../chains/types.js';
import type { TreasuryState } from './treasuryState.js';

export interface PollContext {
  state: TreasuryState;
  logger: Logger;
  /** Unix seconds. */
  now: () => number;
  /** The adapter of each configured network that has one. */
  adapters: ReadonlyMap<string, ChainAdapter>;
}

/** A unit of background polling with its own interval, health and duration series. */
export interface PollJob {
  /** The `network` label of its duration and interval series. */
  network: string;
  intervalMs: number;
  run(signal: AbortSignal): Promise<void>;
}

/** The message of anything thrown, for logs and `/api/v1/status` (callers already removed secrets). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
