import { detectSecret, PRIVATE_KEY_MESSAGE, SEED_PHRASE_MESSAGE } from './secretsGuard.js';
import { EXTENDED_PRIVATE_KEY_MESSAGE } from '../chains/bitcoin/address.js';

describe('detectSecret', () => {
  it.each([
    // anvil's first well-known dev key, with and without 0x
    ['0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', PRIVATE_KEY_MESSAGE],
    ['AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80', PRIVATE_KEY_MESSAGE],
    // WIF, the Bitcoin wiki's example (uncompressed mainnet)
    ['5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ', PRIVATE_KEY_MESSAGE],
    // a 64-byte Solana keypair in base58 (64 bytes of 0x01)
    ['2AXDGYSE4f2sz7tvMMzyHvUfcoJmxudvdhBcmiUSo6ijwfYmfZYsKRxboQMPh3R4kUhXRVdtSXFXMheka4Rc4P2', PRIVATE_KEY_MESSAGE],
    // Cardano bech32 signing keys (32 bytes of 0x03; 96 bytes of 0x05)
    ['ed25519_sk1qvpsxqcrqvpsxqcrqvpsxqcrqvpsxqcrqvpsxqcrqvpsxqcrqvps2p7vt6', PRIVATE_KEY_MESSAGE],
    [
      'root_xsk1q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5zs2pg9q5s2fdkk',
      PRIVATE_KEY_MESSAGE,
    ],
    [
      'xprv9z4ENsB1YtKgWQudW5ngSsvhVBnVfjhoUU7nrjna1rRQ6M4PuN15SFocJ7rNyrPfDf56u9YvSPEnTiKuitBStEja76Y9GE9EURBxbDVkXPX',
      EXTENDED_PRIVATE_KEY_MESSAGE,
    ],
    [
      'tr([d34db33f/86h/0h/0h]xprv9z4ENsB1YtKgWQudW5ngSsvhVBnVfjhoUU7nrjna1rRQ6M4PuN15SFocJ7rNyrPfDf56u9YvSPEnTiKuitBStEja76Y9GE9EURBxbDVkXPX/0/*)',
      EXTENDED_PRIVATE_KEY_MESSAGE,
    ],
    ['abandon ability able about above absent absorb abstract absurd abuse access accident', SEED_PHRASE_MESSAGE],
    ['  zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong  ', SEED_PHRASE_MESSAGE],
  ])('refuses %s', (value, message) => {
    expect(detectSecret(value)).toBe(message);
  });

  it.each([
    '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
    'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    'xpub6D3anNhuPFsyitz6c7Kgp1sS3Dcz5CReqh3Pf8CBaBxNy9PYSuKKz4869P2hbxQJccVAKAbfU5xz7VYDBQDcubAPNZ73ADBoxvnMB4PXXYE',
    'stake1uyehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gh6ffgw',
    'https://rpc.ankr.com/eth/ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    'the treasury hot wallet for daily operations',
    // eleven words: not a mnemonic length
    'abandon ability able about above absent absorb abstract absurd abuse access',
  ])('lets %s through', (value) => {
    expect(detectSecret(value)).toBeNull();
  });

  it('lets a 64-hex-digit value through where a 32-byte id is legitimate', () => {
    const unit = 'f43a62fdc3965df486de8a0d32fe800963589c41b38946602a0dc53541474958';
    expect(detectSecret(unit)).toBe(PRIVATE_KEY_MESSAGE);
    expect(detectSecret(unit, { mayBe32ByteHex: true })).toBeNull();
  });
});
