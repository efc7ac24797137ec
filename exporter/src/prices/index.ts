/** Price sources (CoinGecko, Chainlink, DefiLlama), their consensus, and stablecoin pegs. */
export type { FetchPricesParameters, PriceSample, PriceSource, PricedAsset } from './types.js';
export { createCoinGeckoSource, coinGeckoPlans, type CreateCoinGeckoSourceParameters } from './coingecko.js';
export { createDefiLlamaSource, defaultDefiLlamaBaseUrl, type CreateDefiLlamaSourceParameters } from './defillama.js';
export {
  aggregatorV3Abi,
  canonicalMulticall3Address,
  chainlinkMaxAgeSeconds,
  createChainlinkSource,
  defaultHeartbeatSeconds,
  heartbeatGraceFactor,
  readChainlinkRounds,
  type ChainlinkRound,
  type ChainlinkRoundResult,
  type CreateChainlinkSourceParameters,
  type ReadChainlinkRoundsParameters,
  type ReadChainlinkRoundsReturnType,
} from './chainlink.js';
export {
  computeConsensus,
  defaultMaxAgeSeconds,
  median,
  type AssetConsensus,
  type ComputeConsensusOptions,
  type ConsensusSource,
} from './consensus.js';
export { fxAssetName, fxPricedAsset, pegDeviation, pegUsd } from './peg.js';
export { pricedAssetsFromConfig, type AssetPriceConfig, type PricedAssetsFromConfigOptions } from './priced-assets.js';
export { PriceRequestError, parseRetryAfter } from './http.js';
