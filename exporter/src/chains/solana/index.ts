export { createSolanaAdapter } from './solanaAdapter.js';
export type {
  CreateSolanaAdapterParameters,
  FetchTokenSuppliesReturnType,
  SolanaAdapter,
  SolanaMintInfo,
} from './solanaAdapter.js';
export { createFailoverTransport, SolanaRpcUnavailableError } from './failoverTransport.js';
export type { CreateFailoverTransportParameters } from './failoverTransport.js';
export { findAssociatedTokenAddress } from './associatedTokenAddress.js';
export {
  ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
  SYSTEM_PROGRAM_ADDRESS,
  TOKEN_2022_PROGRAM_ADDRESS,
  TOKEN_PROGRAM_ADDRESS,
} from './programs.js';
