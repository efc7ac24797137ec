export { createBitcoinAdapter, satsToBtc, type BitcoinAdapter, type BitcoinBalanceSample, type CreateBitcoinAdapterParameters } from './adapter.js';
export {
  createEsploraClient,
  EsploraAddressRejectedError,
  EsploraUnavailableError,
  getAddressStats,
  type CreateEsploraClientParameters,
  type EsploraAddressStats,
  type EsploraClient,
} from './esplora.js';
export { scanWallet, type ScanWalletParameters, type ScanWalletReturnType } from './scanWallet.js';
export { descriptorChecksum } from './descriptorChecksum.js';
export {
  addressForPublicKey,
  BITCOIN_NETWORKS,
  createAddressDeriver,
  isWatchOnlyWalletText,
  parseWatchOnlyWallet,
  WatchOnlyWalletError,
  type AddressDeriver,
  type BitcoinNetwork,
  type ScriptKind,
  type WatchOnlyWallet,
} from './watchOnlyWallet.js';
