import { getAddressEncoder, getProgramDerivedAddress, type Address } from '@solana/kit';
import { ASSOCIATED_TOKEN_PROGRAM_ADDRESS, type TokenProgramAddress } from './programs.js';

export interface FindAssociatedTokenAddressParameters {
  owner: Address;
  mint: Address;
  /** The program that owns the mint: the ATA of a Token-2022 mint differs from a Token one. */
  tokenProgram: TokenProgramAddress;
}

/**
 * Derives the associated token account of (owner, mint): the PDA of the Associated Token Account
 * program with seeds [owner, token program, mint]. Works for off-curve owners (multisig vaults)
 * too, because deriving never needs the owner's key.
 */
export async function findAssociatedTokenAddress({
  owner,
  mint,
  tokenProgram,
}: FindAssociatedTokenAddressParameters): Promise<Address> {
  const encoder = getAddressEncoder();
  const [ata] = await getProgramDerivedAddress({
    programAddress: ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    seeds: [encoder.encode(owner), encoder.encode(tokenProgram), encoder.encode(mint)],
  });
  return ata;
}
