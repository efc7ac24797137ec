/** Queries behind the network, entity and asset template variables (`label_values`). */

/** Networks with configured accounts. */
export const NETWORK_VARIABLE_QUERY = 'label_values(treasury_account_info, network)';
/** Entities from the accounts' `entity` config label. */
export const ENTITY_VARIABLE_QUERY = 'label_values(treasury_account_info, entity)';
/** Assets held by any account. */
export const ASSET_VARIABLE_QUERY = 'label_values(treasury_account_balance, asset)';
/** Assets with a peg (stablecoins). */
export const STABLECOIN_VARIABLE_QUERY = 'label_values(treasury_stablecoin_peg_deviation_ratio, asset)';
