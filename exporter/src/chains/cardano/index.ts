export { createCardanoAdapter, type CreateCardanoAdapterParameters } from './adapter.js';
export {
  createBlockfrostClient,
  networkOfProjectId,
  type BlockfrostClient,
  type BlockfrostNetwork,
  type CreateBlockfrostClientParameters,
} from './blockfrostClient.js';
export { getAssetDecimals, getPaymentAddressHoldings, getStakeAccountHoldings, toWholeUnits, type CardanoHoldings } from './balances.js';
export { describeBlockfrostError, isBlockfrostNotFound, isBlockfrostOutage } from './errors.js';
