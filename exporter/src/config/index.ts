/** The config module's public surface; see README.md (and the configuration reference in the root README). */
export { accountAssets, networkPollInterval, type AccountAsset } from './accountAssets.js';
export { ADDRESS_VALIDATORS } from './crossChecks.js';
export { formatDuration, parseDuration, MINIMUM_DURATION_MS, type ParseDurationResult } from './duration.js';
export { interpolate, type Environment } from './interpolate.js';
export { ConfigError, formatIssue, type ConfigIssue } from './issues.js';
export {
  loadConfigFile,
  parseConfigText,
  type LoadConfigFileResult,
  type LoadedConfig,
  type ParseConfigOptions,
  type ParseConfigResult,
} from './load.js';
export {
  BITCOIN_CHAINS,
  configSchema,
  DEFAULT_BATCH_SIZE,
  DEFAULT_GAP_LIMIT,
  DEFAULT_MULTICALL_ADDRESS,
  DEFAULT_PEG_THRESHOLDS,
  DEFAULT_POLL_INTERVAL,
  DEFAULT_REQUEST_TIMEOUT,
  NETWORK_KINDS,
  RESERVED_LABEL_NAMES,
  type AccountConfig,
  type AssetConfig,
  type Config,
  type ConfigInput,
  type NetworkConfig,
  type NetworkKind,
  type ReserveConfig,
} from './schema.js';
export { detectSecret } from './secretsGuard.js';
export { ConfigStore, type ConfigChangeListener, type ConfigStoreOptions, type ReloadResult } from './store.js';
export { summarizeConfig } from './summary.js';
