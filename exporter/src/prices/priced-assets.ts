/**
 * From the config's `assets` section to the list the price sources take: one entry per asset
 * with at least one price id, plus one fiat pseudo-asset per non-USD peg currency.
 */
import { fxAssetName, fxPricedAsset } from './peg.js';
import type { PricedAsset } from './types.js';

/** The price-related part of a config asset (DESIGN §2); durations are milliseconds, as parsed. */
export interface AssetPriceConfig {
  coingecko_id?: string;
  defillama_id?: string;
  chainlink?: { network: string; feed: string; max_age?: number; heartbeat?: number };
  peg?: string;
}

export interface PricedAssetsFromConfigOptions {
  /**
   * On-chain `<currency> / USD` feeds for non-USD pegs, keyed by currency (`EUR`). The config
   * has no such section yet; without one a peg currency is priced by CoinGecko alone.
   */
  fxFeeds?: Readonly<Record<string, NonNullable<AssetPriceConfig['chainlink']>>>;
  /**
   * Without an explicit `defillama_id`, ask DefiLlama for `coingecko:<coingecko_id>`. On by
   * default so DefiLlama is a fallback when CoinGecko is down; note DefiLlama serves those keys
   * from CoinGecko data, so for an independent second opinion set `defillama_id` to the token's
   * `<chain>:<address>`.
   */
  defillamaFromCoingecko?: boolean;
}

/**
 * Builds the sources' asset list. A configured asset whose name equals a peg currency shadows the
 * FX pseudo-asset (it would be the same series); such a config should rename the asset.
 */
export function pricedAssetsFromConfig(
  assets: Readonly<Record<string, AssetPriceConfig>>,
  { fxFeeds = {}, defillamaFromCoingecko = true }: PricedAssetsFromConfigOptions = {},
): PricedAsset[] {
  const priced: PricedAsset[] = [];
  const pegCurrencies = new Set<string>();
  for (const [asset, config] of Object.entries(assets)) {
    if (config.peg && config.peg.toUpperCase() !== 'USD') pegCurrencies.add(config.peg.toUpperCase());
    const entry: PricedAsset = { asset };
    if (config.coingecko_id) entry.coingeckoId = config.coingecko_id;
    const defillamaId = config.defillama_id ?? (defillamaFromCoingecko && config.coingecko_id ? `coingecko:${config.coingecko_id}` : undefined);
    if (defillamaId) entry.defillamaId = defillamaId;
    if (config.chainlink) entry.chainlink = chainlinkEntry(config.chainlink);
    if (entry.coingeckoId || entry.defillamaId || entry.chainlink) priced.push(entry);
  }
  for (const currency of [...pegCurrencies].sort()) {
    if (Object.hasOwn(assets, fxAssetName(currency))) continue;
    const feed = fxFeeds[currency];
    priced.push(fxPricedAsset(currency, feed ? chainlinkEntry(feed) : undefined));
  }
  return priced;
}

function chainlinkEntry(config: NonNullable<AssetPriceConfig['chainlink']>): NonNullable<PricedAsset['chainlink']> {
  return {
    network: config.network,
    feed: config.feed as `0x${string}`,
    ...(config.max_age !== undefined ? { maxAgeSeconds: config.max_age / 1000 } : {}),
    ...(config.heartbeat !== undefined ? { heartbeatSeconds: config.heartbeat / 1000 } : {}),
  };
}
