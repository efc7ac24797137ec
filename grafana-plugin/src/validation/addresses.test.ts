import { sha256 } from '@noble/hashes/sha2.js';
import { base58, bech32, bech32m, createBase58check } from '@scure/base';
import {
  EXTENDED_PRIVATE_KEY_MESSAGE,
  toChecksumAddress,
  validateAddress,
  validateBitcoinAddress,
  validateCardanoAddress,
  validateEvmAddress,
  validateSolanaAddress,
} from './addresses';

const base58check = createBase58check(sha256);
const bytes = (length: number, fill = 7) => new Uint8Array(length).fill(fill);
const withHeader = (header: number, length: number) => Uint8Array.from([header, ...bytes(length - 1)]);

describe('EVM', () => {
  // EIP-55's own test vectors.
  it.each([
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ])('accepts the checksummed %s and computes the same checksum', (address) => {
    expect(validateEvmAddress(address)).toBeNull();
    expect(toChecksumAddress(address.toLowerCase())).toBe(address);
  });

  it('accepts all-lower and all-upper case, which carry no checksum', () => {
    expect(validateEvmAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBeNull();
    expect(validateEvmAddress('0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED')).toBeNull();
  });

  it('refuses a mixed-case address with one letter flipped', () => {
    expect(validateEvmAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBe(
      'not a valid EVM address (checksum mismatch)'
    );
  });

  it('refuses the wrong length', () => {
    expect(validateEvmAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA')).toBe(
      'not a valid EVM address (expected 0x followed by 40 hex digits)'
    );
  });
});

describe('Solana', () => {
  it('accepts base58 of 32 bytes', () => {
    expect(validateSolanaAddress('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')).toBeNull();
    expect(validateSolanaAddress(base58.encode(bytes(32, 255)))).toBeNull();
  });

  it('refuses 31 bytes and characters outside base58', () => {
    const problem = 'not a valid Solana address (expected base58 encoding of 32 bytes)';
    expect(validateSolanaAddress(base58.encode(bytes(31, 255)))).toBe(problem);
    expect(validateSolanaAddress('0PjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')).toBe(problem);
  });
});

describe('Cardano', () => {
  it('accepts mainnet base and stake addresses', () => {
    expect(
      validateCardanoAddress(
        'addr1qxqs59lphg8g6qndelq8xwqn60ag3aeyfcp33c2kdp46a09re5df3pzwwmyq946axfcejy5n4x0y99wqpgtp2gd0k09qsgy6pz'
      )
    ).toBeNull();
    expect(validateCardanoAddress('stake1ux3g2c9dx2nhhehyrezyxpkstartcqmu9hk63qgfkccw5rqttygt7')).toBeNull();
  });

  it('accepts a testnet enterprise address', () => {
    expect(validateCardanoAddress(bech32.encode('addr_test', bech32.toWords(withHeader(0x60, 29)), false))).toBeNull();
  });

  it('names a prefix that does not match the header network id', () => {
    expect(validateCardanoAddress(bech32.encode('addr', bech32.toWords(withHeader(0x60, 29)), false))).toBe(
      'not a valid Cardano address (prefix addr does not match network id 0)'
    );
  });

  it('refuses a wrong length and a foreign prefix', () => {
    expect(validateCardanoAddress(bech32.encode('addr', bech32.toWords(withHeader(0x01, 40)), false))).toBe(
      'not a valid Cardano base address (wrong length)'
    );
    expect(validateCardanoAddress('addr1notanaddress')).toMatch(/^not a valid Cardano address \(expected bech32/);
  });
});

describe('Bitcoin', () => {
  it('accepts legacy, segwit v0 and taproot addresses', () => {
    expect(validateBitcoinAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toBeNull();
    expect(validateBitcoinAddress(base58check.encode(Uint8Array.from([0x05, ...bytes(20)])))).toBeNull();
    expect(validateBitcoinAddress(bech32.encode('bc', [0, ...bech32.toWords(bytes(20))]))).toBeNull();
    expect(validateBitcoinAddress(bech32m.encode('bcrt', [1, ...bech32m.toWords(bytes(32))]))).toBeNull();
  });

  it('refuses segwit v0 encoded with bech32m, and v1 with bech32 (BIP-350)', () => {
    expect(validateBitcoinAddress(bech32m.encode('bc', [0, ...bech32m.toWords(bytes(20))]))).not.toBeNull();
    expect(validateBitcoinAddress(bech32.encode('bc', [1, ...bech32.toWords(bytes(32))]))).not.toBeNull();
  });

  const xpub = base58check.encode(Uint8Array.from([0x04, 0x88, 0xb2, 0x1e, ...bytes(41, 0), 0x02, ...bytes(32, 9)]));

  it('accepts an xpub and a wpkh descriptor around it', () => {
    expect(validateBitcoinAddress(xpub)).toBeNull();
    expect(validateBitcoinAddress(`wpkh([d34db33f/84'/0'/0']${xpub}/0/*)`)).toBeNull();
  });

  it('refuses an extended private key with the watch-only message', () => {
    const xprv = base58check.encode(Uint8Array.from([0x04, 0x88, 0xad, 0xe4, ...bytes(41, 0), 0x00, ...bytes(32, 9)]));
    expect(validateBitcoinAddress(xprv)).toBe(EXTENDED_PRIVATE_KEY_MESSAGE);
  });

  it('names a broken descriptor', () => {
    expect(validateBitcoinAddress(`sh(wpkh(${xpub}/0/*)`)).toBe(
      'not a valid output descriptor (unbalanced parentheses)'
    );
  });
});

describe('validateAddress', () => {
  it('dispatches on the network kind and leaves unknown kinds to the exporter', () => {
    expect(validateAddress('evm', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBe(
      'not a valid EVM address (checksum mismatch)'
    );
    expect(validateAddress('tron', 'anything')).toBeNull();
    expect(validateAddress('evm', '')).toBe('address is required');
  });
});
