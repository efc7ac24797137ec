import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58, bech32, bech32m, createBase58check } from '@scure/base';

/**
 * Address checks per network kind, run in the browser before a save so that typos are caught at
 * the field. They follow the exporter's checks (exporter/src/chains/<kind>/address.ts) and use its
 * wording; the exporter stays the authority and its own 400 messages are shown verbatim.
 * Each check returns null when valid, otherwise the reason (never echoing the value).
 */

/** Network kinds the exporter knows (DESIGN §2). */
export type NetworkKind = 'evm' | 'solana' | 'cardano' | 'bitcoin';

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const textEncoder = new TextEncoder();

/** EIP-55: upper-case each hex letter whose nibble in keccak256(lowercase address) is ≥ 8. */
export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(textEncoder.encode(lower));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    const char = lower[i] ?? '';
    out += nibble >= 8 ? char.toUpperCase() : char;
  }
  return out;
}

/** EVM: 0x + 40 hex; mixed case must carry a correct EIP-55 checksum. */
export function validateEvmAddress(value: string): string | null {
  if (!HEX_ADDRESS.test(value)) {
    return 'not a valid EVM address (expected 0x followed by 40 hex digits)';
  }
  const body = value.slice(2);
  const mixedCase = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixedCase && toChecksumAddress(value) !== value) {
    return 'not a valid EVM address (checksum mismatch)';
  }
  return null;
}

/** Solana: base58 that decodes to exactly 32 bytes. */
export function validateSolanaAddress(value: string): string | null {
  const problem = 'not a valid Solana address (expected base58 encoding of 32 bytes)';
  if (value.length < 32 || value.length > 44) {
    return problem;
  }
  try {
    return base58.decode(value).length === 32 ? null : problem;
  } catch {
    return problem;
  }
}

const CARDANO_GENERAL =
  'not a valid Cardano address (expected bech32 with prefix addr, addr_test, stake or stake_test)';
const CARDANO_PREFIXES: Record<string, { stake: boolean; networkId: number }> = {
  addr: { stake: false, networkId: 1 },
  addr_test: { stake: false, networkId: 0 },
  stake: { stake: true, networkId: 1 },
  stake_test: { stake: true, networkId: 0 },
};

/** Cardano: Shelley bech32 address or stake address (CIP-19 header, network id and length). */
export function validateCardanoAddress(value: string): string | null {
  // Cardano addresses exceed BIP-173's 90-character limit, hence `false`.
  const decoded = bech32.decodeUnsafe(value, false);
  const prefix = decoded ? CARDANO_PREFIXES[decoded.prefix] : undefined;
  if (!decoded || !prefix) {
    return CARDANO_GENERAL;
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32.fromWords(decoded.words);
  } catch {
    return CARDANO_GENERAL;
  }
  const header = bytes[0];
  if (header === undefined) {
    return CARDANO_GENERAL;
  }
  const type = header >> 4;
  const networkId = header & 0x0f;
  if (networkId !== prefix.networkId) {
    return `not a valid Cardano address (prefix ${decoded.prefix} does not match network id ${networkId})`;
  }
  if (prefix.stake) {
    if (type !== 14 && type !== 15) {
      return 'not a valid Cardano stake address (wrong address type)';
    }
    return bytes.length === 29 ? null : 'not a valid Cardano stake address (wrong length)';
  }
  if (type <= 3) {
    return bytes.length === 57 ? null : 'not a valid Cardano base address (wrong length)';
  }
  if (type <= 5) {
    return bytes.length >= 32 ? null : 'not a valid Cardano pointer address (wrong length)';
  }
  if (type <= 7) {
    return bytes.length === 29 ? null : 'not a valid Cardano enterprise address (wrong length)';
  }
  return 'not a valid Cardano address (wrong address type)';
}

const base58check = createBase58check(sha256);
const BITCOIN_GENERAL =
  'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor';
export const EXTENDED_PRIVATE_KEY_MESSAGE =
  'looks like an extended private key: TCC is watch-only and never accepts private keys';
const EXTENDED_PRIVATE_KEY_PATTERN = /(?:^|[^1-9A-HJ-NP-Za-km-z])[xyztuvYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,}/;
/** SLIP-132 public version bytes (xpub, ypub, zpub, Ypub, Zpub, tpub, upub, vpub, Upub, Vpub). */
const PUBLIC_VERSIONS = new Set([
  0x0488b21e, 0x049d7cb2, 0x04b24746, 0x0295b43f, 0x02aa7ed3, 0x043587cf, 0x044a5262, 0x045f1c33, 0x024289ef,
  0x02575483,
]);
const PRIVATE_VERSIONS = new Set([
  0x0488ade4, 0x049d7878, 0x04b2430c, 0x0295b005, 0x02aa7a99, 0x04358394, 0x044a4e28, 0x045f18bc, 0x024285b5,
  0x02575048,
]);
/** Base58 version bytes: P2PKH and P2SH on mainnet, then on testnet/regtest. */
const BASE58_VERSIONS = new Set([0x00, 0x05, 0x6f, 0xc4]);
const SEGWIT_PREFIXES = new Set(['bc', 'tb', 'bcrt']);

function isBase58Address(value: string): boolean {
  try {
    const bytes = base58check.decode(value);
    return bytes.length === 21 && BASE58_VERSIONS.has(bytes[0] ?? -1);
  } catch {
    return false;
  }
}

/** BIP-173/350: witness v0 uses bech32 with a 20 or 32 byte program, v1+ bech32m with 2–40. */
function isSegwitAddress(value: string): boolean {
  const lower = value.toLowerCase();
  if (value !== lower && value !== value.toUpperCase()) {
    return false;
  }
  for (const coder of [bech32, bech32m]) {
    const decoded = coder.decodeUnsafe(lower as `${string}1${string}`);
    if (!decoded || !SEGWIT_PREFIXES.has(decoded.prefix)) {
      continue;
    }
    const [version, ...rest] = decoded.words;
    if (version === undefined || version > 16) {
      return false;
    }
    let program: Uint8Array;
    try {
      program = coder.fromWords(rest);
    } catch {
      return false;
    }
    if (version === 0) {
      return coder === bech32 && (program.length === 20 || program.length === 32);
    }
    return coder === bech32m && program.length >= 2 && program.length <= 40 && (version !== 1 || program.length === 32);
  }
  return false;
}

/** An extended public key of any SLIP-132 flavour; refuses private ones. */
export function validateExtendedPublicKey(value: string): string | null {
  let bytes: Uint8Array;
  try {
    bytes = base58check.decode(value);
  } catch {
    return /^[xyztuvYZUV]pub/.test(value) ? 'not a valid extended public key (checksum mismatch)' : BITCOIN_GENERAL;
  }
  if (bytes.length !== 78) {
    return 'not a valid extended public key (wrong length)';
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (PRIVATE_VERSIONS.has(version)) {
    return EXTENDED_PRIVATE_KEY_MESSAGE;
  }
  if (!PUBLIC_VERSIONS.has(version)) {
    return 'not a valid extended public key (unknown version bytes)';
  }
  const keyPrefix = bytes[45];
  if (keyPrefix !== 0x02 && keyPrefix !== 0x03) {
    return 'not a valid extended public key (invalid key data)';
  }
  return null;
}

const DESCRIPTOR =
  /^(sh\(wpkh\(|wpkh\(|pkh\(|tr\()(?:\[[0-9a-fA-F]{8}(?:\/\d+['hH]?)*\])?([1-9A-HJ-NP-Za-km-z]+)((?:\/\d+['hH]?)*(?:\/(?:\*|<\d+;\d+>\/\*))?)(\)\)|\))(#[0-9a-z]{8})?$/;

/** Bitcoin: an address (P2PKH, P2SH, segwit v0, taproot), an xpub, or a single-key descriptor. */
export function validateBitcoinAddress(value: string): string | null {
  if (EXTENDED_PRIVATE_KEY_PATTERN.test(value)) {
    return EXTENDED_PRIVATE_KEY_MESSAGE;
  }
  if (isBase58Address(value) || isSegwitAddress(value)) {
    return null;
  }
  if (/^(sh\(wpkh|wpkh|pkh|tr)\(/.test(value)) {
    const match = DESCRIPTOR.exec(value);
    if (!match) {
      return 'not a valid output descriptor (bad derivation path)';
    }
    const [, open, key = '', , close] = match;
    if ((open === 'sh(wpkh(') !== (close === '))')) {
      return 'not a valid output descriptor (unbalanced parentheses)';
    }
    const keyProblem = validateExtendedPublicKey(key);
    if (keyProblem) {
      return keyProblem === BITCOIN_GENERAL
        ? 'not a valid output descriptor (expected an extended public key)'
        : keyProblem;
    }
    return null;
  }
  if (/^[xyztuvYZUV]pub/.test(value)) {
    return validateExtendedPublicKey(value);
  }
  return BITCOIN_GENERAL;
}

const VALIDATORS: Record<NetworkKind, (value: string) => string | null> = {
  evm: validateEvmAddress,
  solana: validateSolanaAddress,
  cardano: validateCardanoAddress,
  bitcoin: validateBitcoinAddress,
};

/**
 * Checks an address for a network kind. An unknown kind (a newer exporter) is not checked here:
 * the exporter will answer with its own message.
 */
export function validateAddress(kind: string | undefined, value: string): string | null {
  if (value.trim() === '') {
    return 'address is required';
  }
  if (value !== value.trim()) {
    return 'address has leading or trailing spaces';
  }
  const validator = kind === undefined ? undefined : VALIDATORS[kind as NetworkKind];
  return validator ? validator(value) : null;
}
