/**
 * The contract between price sources and the poll runner. Sources return plain data; the
 * consensus step and the metrics layer do the rest.
 */
import type { RequestRecorder } from '../chains/types.js';

/** What a source needs to know about one configured asset. */
export interface PricedAsset {
  /** Asset symbol from the config (`ETH`, `USDC`), or an FX pseudo-asset such as `EUR`. */
  asset: string;
  coingeckoId?: string;
  /** DefiLlama coin key, e.g. `coingecko:ethereum` or `ethereum:0xA0b8…`. */
  defillamaId?: string;
  chainlink?: { network: string; feed: `0x${string}`; maxAgeSeconds?: number };
}

/** One source's price for one asset. `updatedAt` is the source's own time, in unix seconds. */
export type PriceSample =
  | { asset: string; source: string; priceUsd: number; updatedAt: number; error?: undefined }
  | { asset: string; source: string; priceUsd?: undefined; updatedAt?: undefined; error: string; stale?: boolean };

export interface FetchPricesParameters {
  assets: readonly PricedAsset[];
  signal: AbortSignal;
  /** Unix seconds "now", injectable so staleness can be tested without waiting. */
  now?: number;
}

/** A price source (coingecko, defillama, chainlink). Rejects only when the whole source is down. */
export interface PriceSource {
  readonly name: string;
  fetchPrices(parameters: FetchPricesParameters): Promise<PriceSample[]>;
  close?(): Promise<void> | void;
}

export type { RequestRecorder };
