/**
 * Stablecoin pegs. A USD peg is worth 1 USD; any other peg (EUR, GBP, CHF…) is worth the USD
 * price of its currency, priced like an asset: a fiat pseudo-asset named after the currency
 * (`EUR`) that goes through the same sources and the same consensus as the coins.
 */
import type { AssetConsensus } from './consensus.js';
import type { PricedAsset } from './types.js';

/**
 * `consensus / peg − 1`, signed: −0.0125 for a USD stablecoin at 0.9875. `pegUsd` is the USD
 * value of one unit of the peg currency (1 for USD, EURUSD for EUR).
 */
export function pegDeviation(consensusUsd: number, pegUsd: number): number {
  return consensusUsd / pegUsd - 1;
}

/** The name of the fiat pseudo-asset for a peg currency; the currency code itself (`EUR`). */
export function fxAssetName(currency: string): string {
  return currency.toUpperCase();
}

/**
 * The fiat pseudo-asset pricing `currency` in USD. CoinGecko prices it from its own FX table;
 * pass `chainlink` to also read an on-chain `<currency> / USD` feed; DefiLlama has no fiat price.
 */
export function fxPricedAsset(currency: string, chainlink?: PricedAsset['chainlink']): PricedAsset {
  const code = currency.toUpperCase();
  return { asset: fxAssetName(code), fiatCurrency: code, ...(chainlink ? { chainlink } : {}) };
}

/**
 * USD value of one unit of `peg` this cycle: 1 for USD, else the fresh consensus of its fiat
 * pseudo-asset; undefined when that has no fresh consensus (then no deviation is computed).
 */
export function pegUsd(peg: string, consensus: ReadonlyMap<string, AssetConsensus>): number | undefined {
  if (peg.toUpperCase() === 'USD') return 1;
  const fx = consensus.get(fxAssetName(peg));
  return fx?.fresh ? fx.priceUsd : undefined;
}
