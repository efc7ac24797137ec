/**
 * Watch-only HD wallets: an extended PUBLIC key (xpub/ypub/zpub and their testnet forms) or an
 * output descriptor over one, turned into the addresses it controls. Extended private keys are
 * refused: TCC never holds keys.
 */
import { HDKey, type Versions } from '@scure/bip32';
import { NETWORK, p2pkh, p2sh, p2tr, p2wpkh, TEST_NETWORK } from '@scure/btc-signer';
import { descriptorChecksum } from './descriptorChecksum.js';

export type BitcoinNetwork = 'mainnet' | 'testnet' | 'regtest';

/** Address parameters per network; regtest shares testnet's keys and base58 bytes, not its bech32 prefix. */
export const BITCOIN_NETWORKS: Record<BitcoinNetwork, typeof NETWORK> = {
  mainnet: NETWORK,
  testnet: TEST_NETWORK,
  regtest: { ...TEST_NETWORK, bech32: 'bcrt' },
};

/** Whether keys serialised for `keyNetwork` (mainnet or testnet version bytes) may be used on `network`. */
export function keyNetworkMatches(keyNetwork: BitcoinNetwork, network: BitcoinNetwork): boolean {
  return keyNetwork === 'mainnet' ? network === 'mainnet' : network !== 'mainnet';
}

/** How a derived public key becomes an address. */
export type ScriptKind = 'pkh' | 'sh-wpkh' | 'wpkh' | 'tr';

/** A parsed watch-only wallet: the key, the script, and the branches (chains) to scan. */
export interface WatchOnlyWallet {
  key: HDKey;
  script: ScriptKind;
  /** `mainnet` or `testnet`, from the key's version bytes (testnet keys also serve regtest). */
  network: BitcoinNetwork;
  /**
   * Unhardened steps from the key to each branch whose children `…/*` are the addresses.
   * A bare xpub has `[[0], [1]]` (BIP-44 receive and change); `wpkh(xpub…/0/*)` has `[[0]]`.
   */
  branches: number[][];
}

interface ExtendedKeyFormat {
  versions: Versions;
  network: BitcoinNetwork;
  /** Script implied when the key is given bare, per SLIP-0132. */
  script: ScriptKind;
}

// SLIP-0132 version bytes (BIP-32 for xpub/tpub, BIP-49 for ypub/upub, BIP-84 for zpub/vpub).
const EXTENDED_PUBLIC_KEYS: Record<string, ExtendedKeyFormat> = {
  xpub: { versions: { public: 0x0488b21e, private: 0x0488ade4 }, network: 'mainnet', script: 'pkh' },
  ypub: { versions: { public: 0x049d7cb2, private: 0x049d7878 }, network: 'mainnet', script: 'sh-wpkh' },
  zpub: { versions: { public: 0x04b24746, private: 0x04b2430c }, network: 'mainnet', script: 'wpkh' },
  tpub: { versions: { public: 0x043587cf, private: 0x04358394 }, network: 'testnet', script: 'pkh' },
  upub: { versions: { public: 0x044a5262, private: 0x044a4e28 }, network: 'testnet', script: 'sh-wpkh' },
  vpub: { versions: { public: 0x045f1cf6, private: 0x045f18bc }, network: 'testnet', script: 'wpkh' },
};
const PRIVATE_PREFIXES = ['xprv', 'yprv', 'zprv', 'tprv', 'uprv', 'vprv'];

/** The wallet text was not a usable extended public key or descriptor; the message never echoes it. */
export class WatchOnlyWalletError extends Error {
  override name = 'WatchOnlyWalletError';
}

/** Whether the text is meant as an HD wallet (extended key or descriptor) rather than one address. */
export function isWatchOnlyWalletText(text: string): boolean {
  const prefix = text.trim().slice(0, 4);
  return prefix in EXTENDED_PUBLIC_KEYS || PRIVATE_PREFIXES.includes(prefix) || /^[a-z]+\(/.test(text.trim());
}

function parseExtendedPublicKey(text: string): { key: HDKey; format: ExtendedKeyFormat } {
  const prefix = text.slice(0, 4);
  if (PRIVATE_PREFIXES.includes(prefix)) {
    throw new WatchOnlyWalletError('extended private keys are refused: TCC is watch-only, give the extended public key');
  }
  const format = EXTENDED_PUBLIC_KEYS[prefix];
  if (!format) throw new WatchOnlyWalletError('not an extended public key (expected xpub, ypub, zpub, tpub, upub or vpub)');
  try {
    return { key: HDKey.fromExtendedKey(text, format.versions), format };
  } catch {
    throw new WatchOnlyWalletError(`not a valid ${prefix} (bad checksum, length or version)`);
  }
}

const SCRIPT_WRAPPERS: Array<{ open: string; script: ScriptKind }> = [
  { open: 'sh(wpkh(', script: 'sh-wpkh' },
  { open: 'wpkh(', script: 'wpkh' },
  { open: 'pkh(', script: 'pkh' },
  { open: 'tr(', script: 'tr' },
];

/**
 * Parses the key expression inside a descriptor: `[fingerprint/origin/path]KEY/steps/*`, where
 * one step may be a BIP-389 multipath `<a;b>`. The origin is informative only (it says how the
 * key was derived from a seed we never see) and is checked for shape, not used.
 */
function parseKeyExpression(expression: string): { key: HDKey; format: ExtendedKeyFormat; branches: number[][] } {
  const origin = /^\[[0-9a-fA-F]{8}((?:\/\d+['hH]?)*)\]/.exec(expression);
  if (expression.startsWith('[') && !origin) throw new WatchOnlyWalletError('descriptor key origin is not [fingerprint/path]');
  const rest = origin ? expression.slice(origin[0].length) : expression;
  const [keyText, ...steps] = rest.split('/');
  const { key, format } = parseExtendedPublicKey(keyText ?? '');
  if (steps.at(-1) !== '*') {
    throw new WatchOnlyWalletError('descriptor key must end in an unhardened wildcard /* (a single-address descriptor is an address: configure the address)');
  }
  let branches: number[][] = [[]];
  for (const step of steps.slice(0, -1)) {
    const multipath = /^<(\d+(?:;\d+)+)>$/.exec(step);
    if (multipath) {
      if (branches.length > 1) throw new WatchOnlyWalletError('descriptor key may have only one <a;b> multipath step');
      const choices = multipath[1]!.split(';').map(Number);
      branches = choices.map((choice) => [...branches[0]!, choice]);
      continue;
    }
    if (!/^\d+$/.test(step) || Number(step) >= 2 ** 31) {
      throw new WatchOnlyWalletError('descriptor steps after an extended public key must be unhardened numbers (hardened derivation needs the private key)');
    }
    branches = branches.map((branch) => [...branch, Number(step)]);
  }
  return { key, format, branches };
}

/**
 * Parses a bare extended public key (scanned on branches 0 and 1, script from its prefix) or an
 * output descriptor `pkh(…)`, `wpkh(…)`, `sh(wpkh(…))`, `tr(…)` with an optional `#checksum`
 * (verified when present).
 * @throws WatchOnlyWalletError with a message safe to show (it never contains the key).
 */
export function parseWatchOnlyWallet(text: string): WatchOnlyWallet {
  const trimmed = text.trim();
  if (!trimmed.includes('(')) {
    const { key, format } = parseExtendedPublicKey(trimmed);
    return { key, script: format.script, network: format.network, branches: [[0], [1]] };
  }
  const [body, checksum, ...extra] = trimmed.split('#');
  if (extra.length > 0) throw new WatchOnlyWalletError('descriptor has more than one #');
  if (checksum !== undefined && descriptorChecksum(body!) !== checksum) {
    throw new WatchOnlyWalletError('descriptor checksum does not match (a character was changed or lost)');
  }
  const wrapper = SCRIPT_WRAPPERS.find(({ open }) => body!.startsWith(open));
  const closing = wrapper ? ')'.repeat(wrapper.open.split('(').length - 1) : '';
  if (!wrapper || !body!.endsWith(closing)) {
    throw new WatchOnlyWalletError('unsupported descriptor (expected pkh(KEY), wpkh(KEY), sh(wpkh(KEY)) or tr(KEY))');
  }
  const inner = body!.slice(wrapper.open.length, body!.length - closing.length);
  if (inner.includes('(') || inner.includes(',')) {
    throw new WatchOnlyWalletError('unsupported descriptor (script trees and multisig are not supported)');
  }
  const { key, format, branches } = parseKeyExpression(inner);
  return { key, script: wrapper.script, network: format.network, branches };
}

/** The address of one script over one public key, on the wallet's network. */
export function addressForPublicKey(publicKey: Uint8Array, script: ScriptKind, network: BitcoinNetwork): string {
  const net = BITCOIN_NETWORKS[network];
  switch (script) {
    case 'pkh':
      return p2pkh(publicKey, net).address!;
    case 'wpkh':
      return p2wpkh(publicKey, net).address!;
    case 'sh-wpkh':
      return p2sh(p2wpkh(publicKey, net), net).address!;
    case 'tr':
      // BIP-86: the x-only key is the internal key, tweaked with an empty script tree.
      return p2tr(publicKey.slice(1), undefined, net).address!;
  }
}

/**
 * Derives addresses of a wallet lazily and remembers them, so repeated scans (every poll cycle)
 * do not redo the elliptic-curve work.
 */
export interface AddressDeriver {
  readonly wallet: WatchOnlyWallet;
  /** Network the addresses are encoded for. */
  readonly network: BitcoinNetwork;
  /** Address at `index` on branch number `branch` (an index into `wallet.branches`). */
  addressAt(branch: number, index: number): string;
}

/**
 * Creates a caching deriver for one wallet. `network` defaults to the key's own; pass `regtest`
 * to encode a testnet key's addresses with the `bcrt` prefix.
 */
export function createAddressDeriver(wallet: WatchOnlyWallet, network: BitcoinNetwork = wallet.network): AddressDeriver {
  if (!keyNetworkMatches(wallet.network, network)) {
    throw new WatchOnlyWalletError(`extended key is for ${wallet.network} but this network is ${network}`);
  }
  const branchKeys = wallet.branches.map((steps) => steps.reduce((key, step) => key.deriveChild(step), wallet.key));
  const cache = wallet.branches.map(() => [] as string[]);
  return {
    wallet,
    network,
    addressAt(branch, index) {
      const addresses = cache[branch]!;
      for (let next = addresses.length; next <= index; next += 1) {
        const child = branchKeys[branch]!.deriveChild(next);
        addresses.push(addressForPublicKey(child.publicKey!, wallet.script, network));
      }
      return addresses[index]!;
    },
  };
}
