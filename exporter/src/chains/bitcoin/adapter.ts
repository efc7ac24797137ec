import { validateBitcoinAddress } from './address.js';
import type { BalanceSample, BalanceTarget, ChainAdapter, FetchBalancesParameters, RequestRecorder } from '../types.js';
import { createEsploraClient, EsploraUnavailableError, getAddressStats } from './esplora.js';
import { scanWallet } from './scanWallet.js';
import {
  createAddressDeriver,
  isWatchOnlyWalletText,
  parseWatchOnlyWallet,
  type AddressDeriver,
  type BitcoinNetwork,
} from './watchOnlyWallet.js';

/**
 * A Bitcoin balance sample. `balance` is the CONFIRMED balance; `unconfirmedBalance` is the net
 * effect of mempool transactions (negative while a spend waits for a block), in BTC, present on
 * every successful sample. The poll runner may publish it as its own series; summing both gives
 * what a wallet shows as "total".
 */
export type BitcoinBalanceSample =
  | (BalanceSample & { balance: number; unconfirmedBalance: number })
  | (BalanceSample & { error: string; unconfirmedBalance?: undefined });

export interface BitcoinAdapter extends ChainAdapter {
  readonly kind: 'bitcoin';
  fetchBalances(parameters: FetchBalancesParameters): Promise<BitcoinBalanceSample[]>;
}

export interface CreateBitcoinAdapterParameters {
  /** Esplora base URLs (`…/api`), tried in order on 429, 5xx, timeouts and malformed replies. */
  esploraUrls: readonly string[];
  /** Consecutive unused addresses after which a wallet branch is considered exhausted. */
  gapLimit?: number;
  /**
   * Addresses must be of this network; extended keys too (xpub/ypub/zpub on mainnet, tpub/upub/vpub
   * on testnet and regtest, where derived addresses use `bcrt1…`).
   */
  network?: BitcoinNetwork;
  /** Per-request timeout, per server. */
  timeoutMs?: number;
  recordRequest?: RequestRecorder;
  /** Esplora requests in flight at once while scanning a wallet. */
  concurrency?: number;
}

const SATS_DECIMALS = 8;

/** Satoshis to BTC, exact in decimal before the one conversion to a float. */
export function satsToBtc(sats: bigint): number {
  const negative = sats < 0n;
  const digits = (negative ? -sats : sats).toString().padStart(SATS_DECIMALS + 1, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -SATS_DECIMALS)}.${digits.slice(-SATS_DECIMALS)}`);
}

/**
 * A Bitcoin adapter over Esplora. A target's address is either a single address (legacy `1…`,
 * P2SH `3…`, `bc1q…`, `bc1p…`; testnet forms with `network: 'testnet'`) or a watch-only wallet (an
 * extended public key or an output descriptor, see `parseWatchOnlyWallet`), whose balance is the
 * sum over its addresses found by gap-limit scanning.
 *
 * `fetchBalances` rejects only when every target failed because no Esplora server answered.
 */
export function createBitcoinAdapter({
  esploraUrls,
  gapLimit = 20,
  network = 'mainnet',
  timeoutMs = 10_000,
  recordRequest,
  concurrency = 4,
}: CreateBitcoinAdapterParameters): BitcoinAdapter {
  if (!Number.isInteger(gapLimit) || gapLimit < 1) throw new Error('gapLimit must be a positive integer');
  const client = createEsploraClient({ urls: esploraUrls, timeoutMs, recordRequest });
  // Parsed wallets and their derived addresses, kept across polls (derivation is the costly part).
  const derivers = new Map<string, AddressDeriver>();
  const verdicts = new Map<string, string | null>();

  function deriverFor(text: string): AddressDeriver {
    let deriver = derivers.get(text);
    if (!deriver) {
      deriver = createAddressDeriver(parseWatchOnlyWallet(text), network);
      derivers.set(text, deriver);
    }
    return deriver;
  }

  async function readBalance(address: string, signal: AbortSignal): Promise<{ confirmedSats: bigint; unconfirmedSats: bigint }> {
    // The config module's validator, bound to this network: the same verdict and wording as
    // `--check`. Remembered, as wallets are re-parsed by it.
    let problem = verdicts.get(address);
    if (problem === undefined) {
      problem = validateBitcoinAddress(address, network);
      verdicts.set(address, problem);
    }
    if (problem) throw new Error(problem);
    if (isWatchOnlyWalletText(address)) {
      return scanWallet(client, deriverFor(address), { gapLimit, concurrency, signal });
    }
    return getAddressStats(client, address, signal);
  }

  return {
    kind: 'bitcoin',
    async fetchBalances({ targets, signal }) {
      const samples: BitcoinBalanceSample[] = [];
      const byAddress = new Map<string, BalanceTarget[]>();
      for (const target of targets) {
        if (target.token !== 'native') {
          samples.push({ account: target.account, asset: target.asset, error: 'Bitcoin has no tokens: the asset must be "native"' });
          continue;
        }
        byAddress.set(target.address, [...(byAddress.get(target.address) ?? []), target]);
      }

      let outage: string | undefined;
      let outages = 0;
      for (const [address, addressTargets] of byAddress) {
        signal.throwIfAborted();
        const fail = (message: string) => {
          for (const target of addressTargets) samples.push({ account: target.account, asset: target.asset, error: message });
        };
        // Once every server has failed, do not keep hammering them for the remaining targets.
        if (outage) {
          outages += addressTargets.length;
          fail(outage);
          continue;
        }
        try {
          const { confirmedSats, unconfirmedSats } = await readBalance(address, signal);
          for (const target of addressTargets) {
            samples.push({
              account: target.account,
              asset: target.asset,
              balance: satsToBtc(confirmedSats),
              unconfirmedBalance: satsToBtc(unconfirmedSats),
            });
          }
        } catch (error) {
          if (signal.aborted) throw error;
          const message = error instanceof Error ? error.message : String(error);
          if (error instanceof EsploraUnavailableError) {
            outage = message;
            outages += addressTargets.length;
          }
          fail(message);
        }
      }
      if (targets.length > 0 && outages === targets.length && outage) throw new EsploraUnavailableError(outage);
      return samples;
    },
    close() {
      derivers.clear();
      verdicts.clear();
    },
  };
}
