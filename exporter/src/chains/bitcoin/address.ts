import { Address } from '@scure/btc-signer';
import {
  BITCOIN_NETWORKS,
  isWatchOnlyWalletText,
  keyNetworkMatches,
  parseWatchOnlyWallet,
  WatchOnlyWalletError,
  type BitcoinNetwork,
} from './watchOnlyWallet.js';

/**
 * Config-time checks for what a Bitcoin account may watch. Wallet texts (extended public keys,
 * descriptors) are checked by the adapter's own parser, so a config that passes `--check` is one
 * the adapter can poll.
 */

export const EXTENDED_PRIVATE_KEY_MESSAGE =
  'looks like an extended private key: TCC is watch-only and never accepts private keys';

/** Matches any SLIP-132 extended private key (xprv, yprv, zprv, tprv, uprv, vprv and the multisig Yprv/Zprv/Uprv/Vprv), wherever it appears in a string. */
export const EXTENDED_PRIVATE_KEY_PATTERN = /(?:^|[^1-9A-HJ-NP-Za-km-z])[xyztuvYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,}/;

const GENERAL =
  'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor';

const BITCOIN_NETWORK_NAMES: readonly BitcoinNetwork[] = ['mainnet', 'testnet', 'regtest'];
const ADDRESS_CODERS = BITCOIN_NETWORK_NAMES.map((name) => ({ name, coder: Address(BITCOIN_NETWORKS[name]) }));

/** The networks whose address encoding accepts `value` (testnet and regtest share base58 versions). */
function addressNetworks(value: string): BitcoinNetwork[] {
  return ADDRESS_CODERS.filter(({ coder }) => {
    try {
      coder.decode(value);
      return true;
    } catch {
      return false;
    }
  }).map(({ name }) => name);
}

/**
 * Checks what a Bitcoin account may watch: a single address (P2PKH, P2SH, P2WPKH, P2WSH, P2TR),
 * an extended public key (xpub/ypub/zpub, tpub/upub/vpub), or an output descriptor over one
 * (`pkh`, `wpkh`, `sh(wpkh)`, `tr`, with optional key origin, `<0;1>` multipath and `#checksum`).
 * @param chain when given, the value must belong to that chain (a testnet address on a mainnet
 *   network is refused); without it any of mainnet, testnet and regtest is accepted.
 * @returns null when valid, otherwise the reason (never echoing the value).
 */
export function validateBitcoinAddress(value: string, chain?: BitcoinNetwork): string | null {
  if (EXTENDED_PRIVATE_KEY_PATTERN.test(value)) return EXTENDED_PRIVATE_KEY_MESSAGE;
  const networks = addressNetworks(value);
  if (networks.length > 0) {
    if (chain === undefined || networks.includes(chain)) return null;
    return `not a valid Bitcoin ${chain} address (it is a ${networks.join('/')} address)`;
  }
  if (/^[YZUV]pub/.test(value)) {
    return 'multisig extended public keys (Ypub/Zpub/Upub/Vpub) are not supported: give each signer as its own account, or use a single-key xpub/ypub/zpub';
  }
  if (!isWatchOnlyWalletText(value)) return GENERAL;
  try {
    const wallet = parseWatchOnlyWallet(value);
    if (chain !== undefined && !keyNetworkMatches(wallet.network, chain)) {
      return `extended public key is for ${wallet.network} but the network's chain is ${chain}`;
    }
    return null;
  } catch (error) {
    if (error instanceof WatchOnlyWalletError) return error.message;
    throw error;
  }
}

/**
 * Bitcoin has no tokens this exporter reads; the only asset on it is the native coin.
 * @returns null for `native`, otherwise the reason.
 */
export function validateBitcoinTokenId(value: string): string | null {
  return value === 'native' ? null : 'Bitcoin has no tokens here: use "native"';
}
