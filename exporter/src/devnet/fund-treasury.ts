/**
 * Puts a whole simulated treasury on a devnet at once: many watch-only addresses holding native
 * coin and several tokens. Used by the benchmark (1,000 accounts × 10 tokens) and the demo, so it
 * avoids one transaction per balance: native balances are set directly and tokens are minted in
 * batches.
 */
import { getAddress, keccak256, slice, stringToHex, type Address } from 'viem';
import type { Devnet } from './devnet.js';

/** A balance for every account, or one computed from the account's index (to vary values). */
export type BalanceSpec = bigint | ((accountIndex: number) => bigint);

export interface FundTreasuryToken {
  symbol: string;
  decimals: number;
  name?: string;
  /** An existing TestToken deployed by this devnet; omitted deploys a new one. */
  address?: Address;
  /** Base units (decimals applied) for each account; 0 skips the mint. */
  balance: BalanceSpec;
}

export interface FundTreasuryParameters {
  /** How many addresses to create. */
  accounts: number;
  /** Wei for each account; omitted leaves native balances at 0. */
  nativeBalance?: BalanceSpec;
  tokens?: readonly FundTreasuryToken[];
  /** Addresses derive from it, so the same seed gives the same treasury on every run. */
  seed?: string;
}

export interface FundedToken {
  symbol: string;
  decimals: number;
  address: Address;
}

export interface FundTreasuryReturnType {
  /** Checksummed addresses, index i is account i of the balance functions. */
  accounts: Address[];
  /** In the order given, each with its (possibly newly deployed) address. */
  tokens: FundedToken[];
}

/**
 * A deterministic address for account `index` of a treasury. Nobody holds a key for it: the
 * exporter only watches, so an address derived from a hash is all a test treasury needs.
 */
export function deriveTreasuryAddress(seed: string, index: number): Address {
  return getAddress(slice(keccak256(stringToHex(`${seed}:${index}`)), 12));
}

function balanceFor(spec: BalanceSpec, index: number): bigint {
  return typeof spec === 'function' ? spec(index) : spec;
}

/**
 * Creates `accounts` addresses on the devnet with the given native and token balances and returns
 * them with the token addresses.
 *
 * @example
 * const { accounts, tokens } = await fundTreasury(devnet, {
 *   accounts: 1000,
 *   nativeBalance: 2n * 10n ** 18n,
 *   tokens: [{ symbol: 'USDC', decimals: 6, balance: (i) => BigInt(i + 1) * 1_000_000n }],
 * });
 */
export async function fundTreasury(
  devnet: Devnet,
  { accounts: accountCount, nativeBalance, tokens = [], seed = 'tcc-devnet-treasury' }: FundTreasuryParameters,
): Promise<FundTreasuryReturnType> {
  const accounts = Array.from({ length: accountCount }, (_, index) => deriveTreasuryAddress(seed, index));

  if (nativeBalance !== undefined) {
    await devnet.setNativeBalances(
      accounts.map((address, index) => ({ address, wei: balanceFor(nativeBalance, index) })),
    );
  }

  const funded: FundedToken[] = [];
  for (const token of tokens) {
    const address =
      token.address ?? (await devnet.deployToken({ symbol: token.symbol, decimals: token.decimals, name: token.name }));
    const mints = accounts
      .map((to, index) => ({ to, amount: balanceFor(token.balance, index) }))
      .filter((entry) => entry.amount > 0n);
    await devnet.mintBatch(address, mints);
    funded.push({ symbol: token.symbol, decimals: token.decimals, address });
  }
  return { accounts, tokens: funded };
}
