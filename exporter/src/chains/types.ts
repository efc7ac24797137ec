/**
 * The contract between the poll runner and every chain family. Adapters return plain data;
 * only the metrics layer turns it into series, and only the poll runner records health.
 */

/** One balance to read: an (account, asset) pair resolved to what the chain understands. */
export interface BalanceTarget {
  /** Account name from the config; unique across the file. */
  account: string;
  /** The account's address as written in the config (EVM checksummed, base58, bech32, xpub…). */
  address: string;
  /** Asset symbol from the config (`ETH`, `USDC`). */
  asset: string;
  /**
   * `native` for the chain's own coin, otherwise the family's token id: an ERC-20 contract
   * address, an SPL mint, a Cardano `policyId + assetNameHex` unit.
   */
  token: 'native' | string;
}

/** The outcome of one balance read. Exactly one of `balance` and `error` is set. */
export type BalanceSample =
  | {
      account: string;
      asset: string;
      balance: number;
      error?: undefined;
      /** Net effect of not-yet-confirmed transactions (Bitcoin mempool), when the chain has one. */
      unconfirmedBalance?: number;
    }
  | { account: string; asset: string; balance?: undefined; error: string };

/** One HTTP request an adapter made, reported so the runner can count `treasury_rpc_requests_total`. */
export interface RequestRecord {
  /** Host (and port) of the endpoint only: never a path or query, which may carry an API key. */
  endpoint: string;
  outcome: 'success' | 'error' | 'rate_limited' | 'timeout';
}

export interface RequestRecorder {
  (record: RequestRecord): void;
}

export interface FetchBalancesParameters {
  targets: readonly BalanceTarget[];
  /** Aborted when the exporter shuts down or the cycle is superseded by a reload. */
  signal: AbortSignal;
}

/**
 * A chain family (evm, solana, cardano, bitcoin) bound to one configured network.
 * `fetchBalances` resolves with one sample per target, in any order; it rejects only when the
 * whole network is unreachable (every endpoint failed), never for a single bad token.
 */
export interface ChainAdapter {
  readonly kind: 'evm' | 'solana' | 'cardano' | 'bitcoin';
  fetchBalances(parameters: FetchBalancesParameters): Promise<BalanceSample[]>;
  /** Releases sockets and timers; called when the network is removed by a reload or on exit. */
  close?(): Promise<void> | void;
}

/** Reduces an endpoint URL to `host[:port]`, the only part of it that may appear in labels or logs. */
export function endpointHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
