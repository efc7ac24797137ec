import { validateSolanaAddress, validateSolanaTokenId } from './address.js';

describe('validateSolanaAddress', () => {
  it.each([
    '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
    '11111111111111111111111111111111', // the system program: 32 zero bytes
    'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
  ])('accepts %s', (address) => {
    expect(validateSolanaAddress(address)).toBeNull();
  });

  it.each([
    '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWW0', // 0 is not in the base58 alphabet
    '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGY', // too short: fewer than 32 bytes
    '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
    '',
  ])('refuses %j', (address) => {
    expect(validateSolanaAddress(address)).toBe('not a valid Solana address (expected base58 encoding of 32 bytes)');
  });

  it('checks mints the same way', () => {
    expect(validateSolanaTokenId('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')).toBeNull();
    expect(validateSolanaTokenId('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGk')).toBe(
      'not a valid Solana mint address (expected base58 encoding of 32 bytes)',
    );
  });
});
