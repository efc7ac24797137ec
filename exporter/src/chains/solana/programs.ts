import { address, type Address } from '@solana/kit';

/** The original SPL Token program. */
export const TOKEN_PROGRAM_ADDRESS: Address = address('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');

/** The Token-2022 (Token Extensions) program. */
export const TOKEN_2022_PROGRAM_ADDRESS: Address = address('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb');

/** The Associated Token Account program whose PDAs are the canonical token account per (owner, mint). */
export const ASSOCIATED_TOKEN_PROGRAM_ADDRESS: Address = address('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');

/** The System program: owner of every plain wallet account. */
export const SYSTEM_PROGRAM_ADDRESS: Address = address('11111111111111111111111111111111');

export type TokenProgramAddress = typeof TOKEN_PROGRAM_ADDRESS | typeof TOKEN_2022_PROGRAM_ADDRESS;

/** True for the two programs whose accounts share the SPL Token base layout. */
export function isTokenProgram(owner: string): owner is TokenProgramAddress {
  return owner === TOKEN_PROGRAM_ADDRESS || owner === TOKEN_2022_PROGRAM_ADDRESS;
}
