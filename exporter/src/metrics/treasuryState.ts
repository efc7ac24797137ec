/**
 * The exporter's memory between poll cycles: the last good value of everything it has read and
 * the health of every target. Pollers write here; the renderer reads. A failed read never
 * overwrites a good value: it only changes the health of its target.
 */
import type { RequestRecord } from '../chains/types.js';

export interface TargetHealth {
  network: string;
  target: string;
  up: boolean;
  /** Unix seconds of the last successful poll, or null if it never succeeded. */
  lastSuccess: number | null;
  /** The last error, already free of secrets, or null after a success. */
  lastError: string | null;
}

export interface SourcePrice {
  priceUsd?: number;
  /** The source's own update time, unix seconds. */
  updatedAt?: number;
  maxAgeSeconds?: number;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class TreasuryState {
  /** account → asset → balance in whole tokens. */
  readonly balances = new Map<string, Map<string, number>>();
  /** account → asset → unconfirmed delta, for chains with a mempool view (Bitcoin). */
  readonly unconfirmed = new Map<string, Map<string, number>>();
  readonly health = new Map<string, TargetHealth>();
  readonly pollDurations = new Map<string, number>();
  readonly requestCounts = new Map<string, { network: string; endpoint: string; outcome: string; count: number }>();
  /** asset → consensus USD price (last good). */
  readonly consensusPrices = new Map<string, number>();
  readonly divergence = new Map<string, number>();
  /** asset → source → last reading. */
  readonly sourcePrices = new Map<string, Map<string, SourcePrice>>();
  /** asset → network → supply in whole tokens. */
  readonly supply = new Map<string, Map<string, number>>();
  /** asset → reserves in USD, when read from a Proof-of-Reserve feed. */
  readonly proofOfReserveUsd = new Map<string, number>();
  configReload = { successful: true, timestamp: 0 };

  setBalance(account: string, asset: string, balance: number): void {
    let assets = this.balances.get(account);
    if (!assets) this.balances.set(account, (assets = new Map()));
    assets.set(asset, balance);
  }

  setUnconfirmed(account: string, asset: string, delta: number): void {
    let assets = this.unconfirmed.get(account);
    if (!assets) this.unconfirmed.set(account, (assets = new Map()));
    assets.set(asset, delta);
  }

  getBalance(account: string, asset: string): number | undefined {
    return this.balances.get(account)?.get(asset);
  }

  recordSuccess(network: string, target: string, at: number): void {
    this.health.set(key(network, target), { network, target, up: true, lastSuccess: at, lastError: null });
  }

  recordFailure(network: string, target: string, error: string): void {
    const previous = this.health.get(key(network, target));
    this.health.set(key(network, target), {
      network,
      target,
      up: false,
      lastSuccess: previous?.lastSuccess ?? null,
      lastError: error,
    });
  }

  getHealth(network: string, target: string): TargetHealth | undefined {
    return this.health.get(key(network, target));
  }

  countRequest(network: string, record: RequestRecord): void {
    const k = key(network, record.endpoint, record.outcome);
    const entry = this.requestCounts.get(k);
    if (entry) entry.count++;
    else this.requestCounts.set(k, { network, endpoint: record.endpoint, outcome: record.outcome, count: 1 });
  }

  setSourcePrice(asset: string, source: string, reading: SourcePrice): void {
    let sources = this.sourcePrices.get(asset);
    if (!sources) this.sourcePrices.set(asset, (sources = new Map()));
    sources.set(source, { ...sources.get(source), ...reading });
  }

  /**
   * Forgets what no longer belongs to the config, so a removed account, network or asset
   * disappears from /metrics instead of lingering with its last value.
   */
  prune(keep: { accounts: Set<string>; networks: Set<string>; assets: Set<string> }): void {
    for (const map of [this.balances, this.unconfirmed]) {
      for (const account of map.keys()) if (!keep.accounts.has(account)) map.delete(account);
    }
    for (const [k, h] of this.health) {
      if (!keep.networks.has(h.network)) this.health.delete(k);
      else if (h.target.startsWith('account:') && !keep.accounts.has(h.target.slice('account:'.length))) this.health.delete(k);
    }
    for (const network of this.pollDurations.keys()) if (!keep.networks.has(network)) this.pollDurations.delete(network);
    for (const map of [this.consensusPrices, this.divergence, this.sourcePrices, this.supply, this.proofOfReserveUsd]) {
      for (const asset of map.keys()) if (!keep.assets.has(asset)) map.delete(asset);
    }
  }
}
