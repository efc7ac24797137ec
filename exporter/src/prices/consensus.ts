/**
 * Turns the sources' samples into one price per asset: the median of the fresh sources, and how
 * far the farthest source strays from it. A median needs no weights and ignores one bad source
 * among three; with two it is their mean.
 */
import type { PriceSample } from './types.js';

/** How one source counted for one asset this cycle. */
export interface ConsensusSource {
  source: string;
  /** The source's price, when it gave one (also when it was left out as too old). */
  priceUsd?: number;
  /** The source's own update time (unix s), when known (also for a stale Chainlink round). */
  updatedAt?: number;
  /** Whether this source's price went into the median. */
  included: boolean;
  /** Why it was left out: the source's error, or its age. */
  reason?: string;
  stale?: boolean;
}

export type AssetConsensus =
  | { fresh: true; priceUsd: number; divergenceRatio: number; sources: ConsensusSource[] }
  /** No fresh source this cycle: the caller keeps the last consensus and marks it stale. */
  | { fresh: false; priceUsd?: undefined; divergenceRatio?: undefined; sources: ConsensusSource[] };

export interface ComputeConsensusOptions {
  /** Unix seconds. */
  now: number;
  /**
   * Per-source maximum age of `updatedAt`, for sources that do not judge staleness themselves.
   * Chainlink is absent on purpose: its source already applies each feed's own heartbeat (a
   * stablecoin feed may legitimately be 20 hours old).
   */
  maxAgeSeconds?: Readonly<Record<string, number>>;
}

/** CoinGecko refreshes every 30–60 s and DefiLlama within minutes; an hour means it stopped. */
export const defaultMaxAgeSeconds: Readonly<Record<string, number>> = { coingecko: 3600, defillama: 3600 };

/**
 * Groups samples by asset and computes each asset's consensus. Every asset that has at least one
 * sample gets an entry; `fresh: false` when none of its sources is usable.
 */
export function computeConsensus(
  samples: readonly PriceSample[],
  { now, maxAgeSeconds = defaultMaxAgeSeconds }: ComputeConsensusOptions,
): Map<string, AssetConsensus> {
  const byAsset = new Map<string, ConsensusSource[]>();
  for (const sample of samples) {
    const sources = byAsset.get(sample.asset) ?? [];
    byAsset.set(sample.asset, sources);
    sources.push(judgeSample(sample, now, maxAgeSeconds[sample.source]));
  }

  const result = new Map<string, AssetConsensus>();
  for (const [asset, sources] of byAsset) {
    const prices = sources.filter((source) => source.included).map((source) => source.priceUsd!);
    if (prices.length === 0) {
      result.set(asset, { fresh: false, sources });
      continue;
    }
    const priceUsd = median(prices);
    const divergenceRatio = Math.max(...prices.map((price) => Math.abs(price - priceUsd))) / priceUsd;
    result.set(asset, { fresh: true, priceUsd, divergenceRatio, sources });
  }
  return result;
}

function judgeSample(sample: PriceSample, now: number, maxAge: number | undefined): ConsensusSource {
  const base = { source: sample.source, updatedAt: sample.updatedAt };
  if (sample.error !== undefined) {
    return { ...base, included: false, reason: sample.error, ...(sample.stale ? { stale: true } : {}) };
  }
  if (!Number.isFinite(sample.priceUsd) || sample.priceUsd <= 0) {
    return { ...base, priceUsd: sample.priceUsd, included: false, reason: 'not a positive price' };
  }
  if (maxAge !== undefined && now - sample.updatedAt > maxAge) {
    return {
      ...base,
      priceUsd: sample.priceUsd,
      included: false,
      stale: true,
      reason: `updated ${now - sample.updatedAt}s ago (max age ${maxAge}s)`,
    };
  }
  return { ...base, priceUsd: sample.priceUsd, included: true };
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
