import { isAddress } from '@solana/kit';

/**
 * Checks a Solana account address: base58 that decodes to exactly 32 bytes (an ed25519 public
 * key or a program-derived address; both are valid balance owners).
 * @returns null when valid, otherwise the reason (never echoing the value).
 */
export function validateSolanaAddress(value: string): string | null {
  return isAddress(value) ? null : 'not a valid Solana address (expected base58 encoding of 32 bytes)';
}

/**
 * Checks a Solana token id: the SPL mint address (base58, 32 bytes).
 * @returns null when valid, otherwise the reason.
 */
export function validateSolanaTokenId(value: string): string | null {
  return isAddress(value) ? null : 'not a valid Solana mint address (expected base58 encoding of 32 bytes)';
}
