/**
 * Byte layouts of SPL Token accounts, shared by Token and Token-2022 (Token-2022 appends an
 * account-type byte and TLV extensions after the base layout; the base fields never move).
 */

/** Size of the base mint layout. */
export const MINT_SIZE = 82;
/** Size of the base token account layout; also where Token-2022 writes its account-type byte. */
export const TOKEN_ACCOUNT_SIZE = 165;
/** Token-2022 `AccountType` values stored at offset 165 of an extended account. */
export const ACCOUNT_TYPE_MINT = 1;
export const ACCOUNT_TYPE_TOKEN_ACCOUNT = 2;

/** Offsets inside a mint: COption<Pubkey> authority (36), supply u64, decimals u8, initialized bool. */
export const MINT_SUPPLY_OFFSET = 36;
export const MINT_DECIMALS_OFFSET = 44;
export const MINT_IS_INITIALIZED_OFFSET = 45;

/** Offsets inside a token account: mint, owner, then the u64 amount. */
export const TOKEN_ACCOUNT_MINT_OFFSET = 0;
export const TOKEN_ACCOUNT_OWNER_OFFSET = 32;
export const TOKEN_ACCOUNT_AMOUNT_OFFSET = 64;
/** The prefix (mint, owner, amount) the adapter asks for with `dataSlice`, instead of all 165+ bytes. */
export const TOKEN_ACCOUNT_PREFIX_LENGTH = 72;

export interface ParsedMint {
  decimals: number;
  supply: bigint;
}

/**
 * Reads decimals and supply from a mint account's data, or explains why the data is not a mint.
 * A Token-program mint is exactly 82 bytes; a Token-2022 mint is 82 bytes, or longer than 165
 * with the account-type byte saying "mint" (which is how a 165-byte token account is told apart).
 */
export function parseMintData(data: Uint8Array): ParsedMint | { error: string } {
  const isBaseMint = data.length === MINT_SIZE;
  const isExtendedMint = data.length > TOKEN_ACCOUNT_SIZE && data[TOKEN_ACCOUNT_SIZE] === ACCOUNT_TYPE_MINT;
  if (!isBaseMint && !isExtendedMint) {
    return { error: `account data (${data.length} bytes) is not a mint layout` };
  }
  if (data[MINT_IS_INITIALIZED_OFFSET] !== 1) {
    return { error: 'mint is not initialized' };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    decimals: data[MINT_DECIMALS_OFFSET]!,
    supply: view.getBigUint64(MINT_SUPPLY_OFFSET, true),
  };
}

export interface ParsedTokenAccountPrefix {
  mint: Uint8Array;
  owner: Uint8Array;
  amount: bigint;
}

/** Reads mint, owner and amount from the first 72 bytes of a token account (full data works too). */
export function parseTokenAccountPrefix(data: Uint8Array): ParsedTokenAccountPrefix | { error: string } {
  if (data.length < TOKEN_ACCOUNT_PREFIX_LENGTH) {
    return { error: `token account data too short (${data.length} bytes)` };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    mint: data.subarray(TOKEN_ACCOUNT_MINT_OFFSET, TOKEN_ACCOUNT_MINT_OFFSET + 32),
    owner: data.subarray(TOKEN_ACCOUNT_OWNER_OFFSET, TOKEN_ACCOUNT_OWNER_OFFSET + 32),
    amount: view.getBigUint64(TOKEN_ACCOUNT_AMOUNT_OFFSET, true),
  };
}

/**
 * Converts an integer amount of base units to whole tokens. Goes through the exact decimal string
 * so the result is the double nearest to the true value (1500000000 lamports → 1.5, not 1.4999…).
 */
export function toWholeUnits(amount: bigint, decimals: number): number {
  if (decimals === 0) return Number(amount);
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, '0');
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return Number(negative ? `-${text}` : text);
}
