import { bech32 } from '@scure/base';

/**
 * Shelley address layout (CIP-19): the first byte's high nibble is the address type, the low
 * nibble the network id (1 = mainnet, 0 = every testnet). Payload length follows from the type.
 */
const PAYMENT_TYPES: Record<number, { name: string; length: number | 'pointer' }> = {
  0: { name: 'base', length: 57 },
  1: { name: 'base', length: 57 },
  2: { name: 'base', length: 57 },
  3: { name: 'base', length: 57 },
  4: { name: 'pointer', length: 'pointer' },
  5: { name: 'pointer', length: 'pointer' },
  6: { name: 'enterprise', length: 29 },
  7: { name: 'enterprise', length: 29 },
};
const STAKE_TYPES = new Set([14, 15]);
const STAKE_ADDRESS_LENGTH = 29;

const PREFIXES: Record<string, { stake: boolean; networkId: number }> = {
  addr: { stake: false, networkId: 1 },
  addr_test: { stake: false, networkId: 0 },
  stake: { stake: true, networkId: 1 },
  stake_test: { stake: true, networkId: 0 },
};

const GENERAL = 'not a valid Cardano address (expected bech32 with prefix addr, addr_test, stake or stake_test)';

/** Mainnet, or any test network (preprod, preview: they share network id 0). */
export type CardanoNetworkClass = 'mainnet' | 'testnet';

/**
 * Checks a Cardano Shelley address or stake (reward) address in bech32. Byron (base58) addresses
 * are refused: Blockfrost's per-address queries and the stake-based balance both want Shelley.
 * @param network when known, the address must belong to it (a test address cannot be queried
 *   through a mainnet Blockfrost project).
 * @returns null when valid, otherwise the reason (never echoing the value).
 */
export function validateCardanoAddress(value: string, network?: CardanoNetworkClass): string | null {
  const problem = validateCardanoAddressFormat(value);
  if (problem !== null || network === undefined) return problem;
  const isMainnet = value.startsWith('addr1') || value.startsWith('stake1');
  if (isMainnet === (network === 'mainnet')) return null;
  return isMainnet
    ? 'a mainnet address, but this network\'s Blockfrost project is for a test network'
    : 'a test-network address, but this network\'s Blockfrost project is for mainnet';
}

function validateCardanoAddressFormat(value: string): string | null {
  // Cardano addresses exceed BIP-173's 90-character limit, hence `false`.
  const decoded = bech32.decodeUnsafe(value, false);
  if (!decoded) {
    if (/^(?:addr|addr_test|stake|stake_test)1/.test(value)) return 'not a valid Cardano address (bech32 checksum mismatch or invalid character)';
    if (/^(?:Ae2|DdzFF)/.test(value)) return 'Byron addresses are not supported: use the Shelley address (addr1…)';
    return GENERAL;
  }
  const prefix = PREFIXES[decoded.prefix];
  if (!prefix) return GENERAL;
  let bytes: Uint8Array;
  try {
    bytes = bech32.fromWords(decoded.words);
  } catch {
    return GENERAL;
  }
  const header = bytes[0];
  if (header === undefined) return GENERAL;
  const type = header >> 4;
  const networkId = header & 0x0f;
  if (networkId !== prefix.networkId) {
    return `not a valid Cardano address (prefix ${decoded.prefix} does not match network id ${networkId})`;
  }
  if (prefix.stake) {
    if (!STAKE_TYPES.has(type)) return 'not a valid Cardano stake address (the payload is a payment address: use the prefix addr or addr_test)';
    if (bytes.length !== STAKE_ADDRESS_LENGTH) return 'not a valid Cardano stake address (wrong length)';
    return null;
  }
  if (STAKE_TYPES.has(type)) return 'not a valid Cardano address (a stake address needs the prefix stake or stake_test)';
  const payment = PAYMENT_TYPES[type];
  if (!payment) return 'not a valid Cardano address (wrong address type)';
  // Pointer addresses end in three variable-length integers of at least one byte each.
  const lengthOk = payment.length === 'pointer' ? bytes.length >= 29 + 3 : bytes.length === payment.length;
  if (!lengthOk) return `not a valid Cardano ${payment.name} address (wrong length)`;
  return null;
}

const POLICY_AND_NAME = /^[0-9a-f]{56}(?:[0-9a-f]{2}){0,32}$/;

/**
 * The network a Blockfrost project serves, from its id's prefix (`mainnet…`, `preprod…`,
 * `preview…`); undefined for ids without one (old-style ids, test servers).
 */
export function cardanoNetworkOfProjectId(projectId: string): CardanoNetworkClass | undefined {
  if (projectId.startsWith('mainnet')) return 'mainnet';
  if (projectId.startsWith('preprod') || projectId.startsWith('preview')) return 'testnet';
  return undefined;
}

/**
 * Checks a Cardano native-asset id in Blockfrost's `unit` form: the 56-hex policy id followed by
 * the asset name as 0 to 32 bytes of lower-case hex.
 * @returns null when valid, otherwise the reason.
 */
export function validateCardanoTokenId(value: string): string | null {
  return POLICY_AND_NAME.test(value)
    ? null
    : 'not a valid Cardano asset id (expected 56 lower-case hex digits of policy id, then 0 to 64 hex digits of asset name)';
}
