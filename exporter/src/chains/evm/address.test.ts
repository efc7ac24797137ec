import { validateEvmAddress, validateEvmTokenId } from './address.js';

describe('validateEvmAddress', () => {
  it.each([
    '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', // EIP-55 checksummed
    '0xd8da6bf26964af9d7eed9e03e53415d37aa96045', // all lower case carries no checksum
    '0xD8DA6BF26964AF9D7EED9E03E53415D37AA96045', // all upper case neither
    // EIP-55's own test vectors
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  ])('accepts %s', (address) => {
    expect(validateEvmAddress(address)).toBeNull();
  });

  it('refuses a mixed-case address with a wrong checksum', () => {
    expect(validateEvmAddress('0xd8dA6BF26964aF9D7eEd9e03E53415D37AA96045')).toBe(
      'not a valid EVM address (checksum mismatch)',
    );
  });

  it.each(['0xd8dA6BF26964aF9D7eEd9e03E53415D37aA9604', 'd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', '0xg8da6bf26964af9d7eed9e03e53415d37aa96045', ''])(
    'refuses malformed %j',
    (address) => {
      expect(validateEvmAddress(address)).toBe('not a valid EVM address (expected 0x followed by 40 hex digits)');
    },
  );

  it('words token ids as contract addresses', () => {
    expect(validateEvmTokenId('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48')).toBeNull();
    expect(validateEvmTokenId('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB49')).toBe(
      'not a valid EVM token contract address (checksum mismatch)',
    );
    expect(validateEvmTokenId('native')).toBe(
      'not a valid EVM token contract address (expected 0x followed by 40 hex digits)',
    );
  });
});
