import { checksumAddress } from 'viem';

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** EIP-55: a single-case hex body carries no checksum; mixed case must match it exactly. */
function hasValidChecksum(value: string): boolean {
  const body = value.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  return checksumAddress(value as `0x${string}`) === value;
}

/**
 * Checks an EVM account address as written in the config.
 * All-lowercase and all-uppercase hex are accepted (they carry no checksum); mixed case must be
 * a correct EIP-55 checksum, because a mistyped mixed-case address is exactly what EIP-55 catches.
 * @returns null when valid, otherwise the reason (never echoing the value).
 */
export function validateEvmAddress(value: string): string | null {
  if (!HEX_ADDRESS.test(value)) return 'not a valid EVM address (expected 0x followed by 40 hex digits)';
  if (!hasValidChecksum(value)) return 'not a valid EVM address (checksum mismatch)';
  return null;
}

/**
 * Checks an EVM token id: the ERC-20 contract address (same rules as {@link validateEvmAddress}).
 * @returns null when valid, otherwise the reason.
 */
export function validateEvmTokenId(value: string): string | null {
  if (!HEX_ADDRESS.test(value)) {
    return 'not a valid EVM token contract address (expected 0x followed by 40 hex digits)';
  }
  if (!hasValidChecksum(value)) return 'not a valid EVM token contract address (checksum mismatch)';
  return null;
}
