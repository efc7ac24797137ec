import { base58, bech32, createBase58check } from '@scure/base';
import { createHash } from 'node:crypto';
import { EXTENDED_PRIVATE_KEY_MESSAGE, EXTENDED_PRIVATE_KEY_PATTERN } from '../chains/bitcoin/address.js';

/**
 * TCC is watch-only: a config that holds key material is a leak waiting to happen (it is
 * committed to Git, mounted in containers, shown in the Grafana plugin). These checks run on
 * every string in the file, whatever its key, so a key pasted into the wrong field is caught too.
 * None of the messages echoes the value.
 */

export const PRIVATE_KEY_MESSAGE = 'looks like a private key: TCC is watch-only and never accepts private keys';
export const SEED_PHRASE_MESSAGE = 'looks like a seed phrase: TCC is watch-only and never accepts seed phrases';
export { EXTENDED_PRIVATE_KEY_MESSAGE };

/** secp256k1/ed25519 secret as raw hex (EVM keystores, `cast wallet`, most CLIs). */
const HEX_PRIVATE_KEY = /^(?:0x)?[0-9a-fA-F]{64}$/;
/** BIP-39 mnemonics are 12 to 24 words in steps of three; English words are 3 to 8 letters. */
const MNEMONIC_WORD_COUNTS = new Set([12, 15, 18, 21, 24]);
const MNEMONIC_WORD = /^[a-z]{3,8}$/;
/** Cardano bech32 signing keys (cardano-cli, cardano-address): `ed25519_sk1…`, `root_xsk1…`, `addr_xsk1…`. */
const CARDANO_SECRET_PREFIX = /^(?:ed25519e?_sk|ed25519_bip32_sk|[a-z_]*_x?sk|xprv)$/;

const base58check = createBase58check((data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest()));
/** WIF version bytes: mainnet and testnet/regtest. */
const WIF_VERSIONS = new Set([0x80, 0xef]);

function isWif(value: string): boolean {
  if (value.length < 50 || value.length > 53) return false;
  try {
    const bytes = base58check.decode(value);
    const version = bytes[0];
    const compressedFlag = bytes.length === 34 ? bytes[33] : 1;
    return version !== undefined && WIF_VERSIONS.has(version) && (bytes.length === 33 || bytes.length === 34) && compressedFlag === 1;
  } catch {
    return false;
  }
}

/** Solana CLI and wallets export a 64-byte keypair (secret ‖ public) as base58. */
function isSolanaKeypair(value: string): boolean {
  if (value.length < 80 || value.length > 90) return false;
  try {
    return base58.decode(value).length === 64;
  } catch {
    return false;
  }
}

function isCardanoSecretKey(value: string): boolean {
  const decoded = bech32.decodeUnsafe(value, false);
  return decoded !== undefined && CARDANO_SECRET_PREFIX.test(decoded.prefix);
}

function isSeedPhrase(value: string): boolean {
  const words = value.trim().split(/\s+/);
  return MNEMONIC_WORD_COUNTS.has(words.length) && words.every((word) => MNEMONIC_WORD.test(word));
}

export interface DetectSecretOptions {
  /**
   * The value sits where a 64-hex-digit id is legitimate: a Cardano asset unit (56-hex policy id
   * plus a 4-byte asset name) is exactly as long as a raw private key.
   */
  mayBe32ByteHex?: boolean;
}

/**
 * Looks for key material in one string from the config.
 * @returns the refusal message, or null when the value looks harmless.
 */
export function detectSecret(value: string, { mayBe32ByteHex = false }: DetectSecretOptions = {}): string | null {
  if (!mayBe32ByteHex && HEX_PRIVATE_KEY.test(value)) return PRIVATE_KEY_MESSAGE;
  if (EXTENDED_PRIVATE_KEY_PATTERN.test(value)) return EXTENDED_PRIVATE_KEY_MESSAGE;
  if (isSeedPhrase(value)) return SEED_PHRASE_MESSAGE;
  if (isWif(value) || isSolanaKeypair(value) || isCardanoSecretKey(value)) return PRIVATE_KEY_MESSAGE;
  return null;
}
