/** The local test chain: anvil plus our contracts, for tests, the benchmark and the offline demo. */
export {
  defineDevnetChain,
  multicall3Address,
  startDevnet,
  withDevnet,
  type DeployAggregatorParameters,
  type DeployTokenParameters,
  type Devnet,
  type DevnetPublicClient,
  type DevnetTestClient,
  type DevnetWalletClient,
  type NativeBalance,
  type SetAggregatorRoundParameters,
  type StartDevnetParameters,
  type TokenMint,
} from './devnet.js';
export {
  deriveTreasuryAddress,
  fundTreasury,
  type BalanceSpec,
  type FundedToken,
  type FundTreasuryParameters,
  type FundTreasuryReturnType,
  type FundTreasuryToken,
} from './fund-treasury.js';
export { resolveAnvilBinary } from './anvil-process.js';
export {
  revertingTokenArtifact,
  testAggregatorArtifact,
  testTokenArtifact,
  treasuryMulticallArtifact,
} from './contract-artifacts.generated.js';
