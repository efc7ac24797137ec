import { getAddressStats, type EsploraClient } from './esplora.js';
import type { AddressDeriver } from './watchOnlyWallet.js';

export interface ScanWalletParameters {
  /** Stop a branch after this many consecutive never-used addresses (BIP-44's gap limit, 20). */
  gapLimit: number;
  /** Addresses requested at once; never more than the gap still allows, so nothing past the stop is fetched. */
  concurrency?: number;
  signal: AbortSignal;
}

export interface ScanWalletReturnType {
  confirmedSats: bigint;
  unconfirmedSats: bigint;
  /** Addresses with at least one transaction (confirmed or in the mempool). */
  usedAddresses: number;
  /** Addresses queried, used or not. */
  scannedAddresses: number;
}

/**
 * Sums a wallet's balance the way BIP-44 account discovery does: walk each branch (receive,
 * change…) from index 0 and stop after `gapLimit` consecutive addresses that have never had a
 * transaction. Funds beyond such a gap are not found; that is the standard's contract with
 * wallets, which never hand out an address more than `gapLimit` past the last used one.
 */
export async function scanWallet(
  client: EsploraClient,
  deriver: AddressDeriver,
  { gapLimit, concurrency = 4, signal }: ScanWalletParameters,
): Promise<ScanWalletReturnType> {
  const result: ScanWalletReturnType = { confirmedSats: 0n, unconfirmedSats: 0n, usedAddresses: 0, scannedAddresses: 0 };
  for (let branch = 0; branch < deriver.wallet.branches.length; branch += 1) {
    let index = 0;
    let gap = 0;
    while (gap < gapLimit) {
      const size = Math.max(1, Math.min(concurrency, gapLimit - gap));
      const indexes = Array.from({ length: size }, (_, offset) => index + offset);
      const stats = await Promise.all(indexes.map((at) => getAddressStats(client, deriver.addressAt(branch, at), signal)));
      for (const entry of stats) {
        result.scannedAddresses += 1;
        if (entry.txCount > 0) {
          result.usedAddresses += 1;
          result.confirmedSats += entry.confirmedSats;
          result.unconfirmedSats += entry.unconfirmedSats;
          gap = 0;
        } else {
          gap += 1;
        }
      }
      index += size;
    }
  }
  return result;
}
