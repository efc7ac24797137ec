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
  chainlink?: {
    network: string;
    feed: `0x${string}`;
    /** A round older than this is stale (config `max_age`). */
    maxAgeSeconds?: number;
    /** The feed's heartbeat (config `heartbeat`); without `maxAgeSeconds` the max age is 1.5 × this. */
    heartbeatSeconds?: number;
  };
  /**
   * Set on an FX pseudo-asset: the ISO 4217 code of the fiat currency it stands for (`EUR`), whose
   * USD price values a non-USD peg. CoinGecko prices it from its own FX conversion; Chainlink needs
   * a `chainlink` feed (EUR / USD); DefiLlama has no fiat prices and skips it.
   */
  fiatCurrency?: string;
}

/** One source's price for one asset. `updatedAt` is the source's own time, in unix seconds. */
export type PriceSample =
  | { asset: string; source: string; priceUsd: number; updatedAt: number; error?: undefined }
  | {
      asset: string;
      source: string;
      priceUsd?: undefined;
      error: string;
      /** True when the source answered but its value is too old or invalid (Chainlink). */
      stale?: boolean;
      /**
       * The source's own update time when it answered at all (a stale Chainlink round), so
       * `treasury_asset_source_updated_timestamp_seconds` shows how old the stale value is.
       */
      updatedAt?: number;
    };

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
