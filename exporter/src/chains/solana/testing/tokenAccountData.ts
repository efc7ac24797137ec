import { getAddressEncoder, type Address } from '@solana/kit';
import {
  ACCOUNT_TYPE_MINT,
  ACCOUNT_TYPE_TOKEN_ACCOUNT,
  MINT_DECIMALS_OFFSET,
  MINT_IS_INITIALIZED_OFFSET,
  MINT_SIZE,
  MINT_SUPPLY_OFFSET,
  TOKEN_ACCOUNT_AMOUNT_OFFSET,
  TOKEN_ACCOUNT_MINT_OFFSET,
  TOKEN_ACCOUNT_OWNER_OFFSET,
  TOKEN_ACCOUNT_SIZE,
} from '../tokenLayouts.js';

/** Token-2022 extension type of `ImmutableOwner`, which the ATA program always adds to Token-2022 ATAs. */
const EXTENSION_IMMUTABLE_OWNER = 7;
/** Offset of `AccountState` in a token account; 1 = Initialized. */
const TOKEN_ACCOUNT_STATE_OFFSET = 108;

export interface EncodeMintParameters {
  decimals: number;
  supply?: bigint;
  mintAuthority?: Address;
  /** Token-2022 only: raw TLV extension bytes; forces the extended layout (padding, account type). */
  extensions?: Uint8Array;
}

/** Builds mint account data in the real SPL layout (82 bytes, or the Token-2022 extended layout). */
export function encodeMintData({ decimals, supply = 0n, mintAuthority, extensions }: EncodeMintParameters): Uint8Array {
  const length = extensions ? TOKEN_ACCOUNT_SIZE + 1 + extensions.length : MINT_SIZE;
  const data = new Uint8Array(length);
  const view = new DataView(data.buffer);
  if (mintAuthority) {
    view.setUint32(0, 1, true); // COption::Some
    data.set(getAddressEncoder().encode(mintAuthority), 4);
  }
  view.setBigUint64(MINT_SUPPLY_OFFSET, supply, true);
  data[MINT_DECIMALS_OFFSET] = decimals;
  data[MINT_IS_INITIALIZED_OFFSET] = 1;
  if (extensions) {
    data[TOKEN_ACCOUNT_SIZE] = ACCOUNT_TYPE_MINT;
    data.set(extensions, TOKEN_ACCOUNT_SIZE + 1);
  }
  return data;
}

export interface EncodeTokenAccountParameters {
  mint: Address;
  owner: Address;
  amount: bigint;
  /** Token-2022 accounts created by the ATA program carry the ImmutableOwner extension (170 bytes). */
  token2022?: boolean;
}

/** Builds token account data in the real SPL layout: 165 bytes, or 170 with Token-2022's ImmutableOwner. */
export function encodeTokenAccountData({ mint, owner, amount, token2022 = false }: EncodeTokenAccountParameters): Uint8Array {
  const data = new Uint8Array(token2022 ? TOKEN_ACCOUNT_SIZE + 1 + 4 : TOKEN_ACCOUNT_SIZE);
  const view = new DataView(data.buffer);
  const encoder = getAddressEncoder();
  data.set(encoder.encode(mint), TOKEN_ACCOUNT_MINT_OFFSET);
  data.set(encoder.encode(owner), TOKEN_ACCOUNT_OWNER_OFFSET);
  view.setBigUint64(TOKEN_ACCOUNT_AMOUNT_OFFSET, amount, true);
  data[TOKEN_ACCOUNT_STATE_OFFSET] = 1;
  if (token2022) {
    data[TOKEN_ACCOUNT_SIZE] = ACCOUNT_TYPE_TOKEN_ACCOUNT;
    view.setUint16(TOKEN_ACCOUNT_SIZE + 1, EXTENSION_IMMUTABLE_OWNER, true);
    view.setUint16(TOKEN_ACCOUNT_SIZE + 3, 0, true); // ImmutableOwner has no payload
  }
  return data;
}
