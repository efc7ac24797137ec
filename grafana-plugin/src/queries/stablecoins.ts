import { regex, selector, type TreasuryFilters } from './filters.js';

/** PromQL for stablecoin pages: prices per source, peg, supply and reserves (DESIGN §4). */

type AssetFilter = Pick<TreasuryFilters, 'asset'>;

/** Only assets that have a peg: the peg deviation series exists exactly for those. */
function pegged(expr: string, filters: AssetFilter): string {
  return `${expr} and on (asset) treasury_stablecoin_peg_deviation_ratio${selector({ asset: regex(filters.asset) })}`;
}

/** Each source's price of each stablecoin. */
export function stablecoinSourcePrices(filters: AssetFilter): string {
  return pegged(`treasury_asset_source_price_usd${selector({ asset: regex(filters.asset) })}`, filters);
}

/** Consensus price of each stablecoin. */
export function stablecoinConsensusPrice(filters: AssetFilter): string {
  return pegged(`treasury_asset_price_usd${selector({ asset: regex(filters.asset) })}`, filters);
}

/** Signed peg deviation (consensus / peg − 1) of each stablecoin. */
export function pegDeviation(filters: AssetFilter): string {
  return `treasury_stablecoin_peg_deviation_ratio${selector({ asset: regex(filters.asset) })}`;
}

/**
 * A configured peg threshold (`warning` or `critical`) per stablecoin, as the alert rules read
 * it; drawn beside the deviation as ± bands.
 */
export function pegThreshold(filters: AssetFilter, severity: 'warning' | 'critical', sign: 1 | -1 = 1): string {
  const threshold = `max by (asset) (treasury_stablecoin_peg_threshold_ratio${selector({
    asset: regex(filters.asset),
    severity: { op: '=', value: severity },
  })})`;
  return sign === 1 ? threshold : `-${threshold}`;
}

/** On-chain supply of each stablecoin, split by network. */
export function stablecoinSupply(filters: Pick<TreasuryFilters, 'asset' | 'network'>): string {
  return `sum by (asset, network) (treasury_stablecoin_supply${selector({
    asset: regex(filters.asset),
    network: regex(filters.network),
  })})`;
}

/** USD value of each stablecoin's reserves. */
export function stablecoinReservesUsd(filters: AssetFilter): string {
  return `treasury_stablecoin_reserves_usd${selector({ asset: regex(filters.asset) })}`;
}

/** Reserves / supply of each stablecoin; below 1 means under-collateralised. */
export function reserveRatio(filters: AssetFilter): string {
  return `treasury_stablecoin_reserve_ratio${selector({ asset: regex(filters.asset) })}`;
}
