import { HDKey } from '@scure/bip32';
import { descriptorChecksum } from './descriptorChecksum.js';
import { EXTENDED_PRIVATE_KEY_MESSAGE, validateBitcoinAddress, validateBitcoinTokenId } from './address.js';

// Keys derived here from a fixed seed, so the test needs no copied key material.
const seed = new Uint8Array(32).fill(7);
const xAccount = HDKey.fromMasterSeed(seed).derive("m/84'/0'/0'");
const zAccount = HDKey.fromMasterSeed(seed, { private: 0x04b2430c, public: 0x04b24746 }).derive("m/84'/0'/0'");
const tAccount = HDKey.fromMasterSeed(seed, { private: 0x04358394, public: 0x043587cf }).derive("m/84'/1'/0'");
const vAccount = HDKey.fromMasterSeed(seed, { private: 0x045f18bc, public: 0x045f1cf6 }).derive("m/84'/1'/0'");
const xpub = xAccount.publicExtendedKey;

describe('validateBitcoinAddress', () => {
  it.each([
    ['P2PKH', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
    ['P2SH', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'],
    ['P2WPKH (BIP-173)', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['P2WPKH upper case', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'],
    ['P2WSH', 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3'],
    ['P2TR (BIP-350)', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'],
    ['testnet P2WPKH', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'],
    ['testnet P2PKH', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn'],
    ['regtest P2WPKH', 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080'],
    ['xpub', xpub],
    ['zpub', zAccount.publicExtendedKey],
    ['tpub', tAccount.publicExtendedKey],
    ['vpub', vAccount.publicExtendedKey],
    ['wpkh descriptor with origin', `wpkh([d34db33f/84'/0'/0']${xpub}/0/*)`],
    ['sh(wpkh) descriptor with multipath and checksum', `sh(wpkh(${xpub}/<0;1>/*))#${descriptorChecksum(`sh(wpkh(${xpub}/<0;1>/*))`)}`],
    ['tr descriptor', `tr(${xpub}/1/*)`],
    ['pkh descriptor with h-hardened origin', `pkh([d34db33f/44h/0h/0h]${xpub}/0/*)`],
  ])('accepts %s', (_kind, value) => {
    expect(validateBitcoinAddress(value)).toBeNull();
  });

  it.each([
    ['bad bech32 checksum', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor'],
    ['unknown bech32 prefix', 'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', 'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor'],
    ['bad base58 checksum', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor'],
    ['EVM address', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', 'not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor'],
    ['xpub with a typo', `${xpub.slice(0, -1)}${xpub.endsWith('F') ? 'G' : 'F'}`, 'not a valid xpub (bad checksum, length or version)'],
    ['xprv', xAccount.privateExtendedKey, EXTENDED_PRIVATE_KEY_MESSAGE],
    ['zprv', zAccount.privateExtendedKey, EXTENDED_PRIVATE_KEY_MESSAGE],
    ['tprv inside a descriptor', `wpkh(${tAccount.privateExtendedKey}/0/*)`, EXTENDED_PRIVATE_KEY_MESSAGE],
    ['multisig descriptor', `wsh(multi(2,${xpub}/0/*))`, 'unsupported descriptor (expected pkh(KEY), wpkh(KEY), sh(wpkh(KEY)) or tr(KEY))'],
    ['descriptor with a wrong checksum', `wpkh(${xpub}/0/*)#qqqqqqqq`, 'descriptor checksum does not match (a character was changed or lost)'],
    ['descriptor with a hardened step after the key', `wpkh(${xpub}/0h/*)`, 'descriptor steps after an extended public key must be unhardened numbers (hardened derivation needs the private key)'],
    ['descriptor without a wildcard', `wpkh(${xpub}/0/5)`, 'descriptor key must end in an unhardened wildcard /* (a single-address descriptor is an address: configure the address)'],
  ])('refuses %s', (_kind, value, message) => {
    expect(validateBitcoinAddress(value)).toBe(message);
  });
});

describe('validateBitcoinAddress with a chain', () => {
  it('accepts what belongs to the chain', () => {
    expect(validateBitcoinAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet')).toBeNull();
    expect(validateBitcoinAddress('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'testnet')).toBeNull();
    expect(validateBitcoinAddress('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', 'regtest')).toBeNull();
    // testnet and regtest share base58 version bytes and extended key versions
    expect(validateBitcoinAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'regtest')).toBeNull();
    expect(validateBitcoinAddress(vAccount.publicExtendedKey, 'regtest')).toBeNull();
    expect(validateBitcoinAddress(`wpkh(${xpub}/0/*)`, 'mainnet')).toBeNull();
  });

  it('refuses an address or key of another chain', () => {
    expect(validateBitcoinAddress('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'mainnet')).toBe(
      'not a valid Bitcoin mainnet address (it is a testnet address)',
    );
    expect(validateBitcoinAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'mainnet')).toBe(
      'not a valid Bitcoin mainnet address (it is a testnet/regtest address)',
    );
    expect(validateBitcoinAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'regtest')).toBe(
      'not a valid Bitcoin regtest address (it is a mainnet address)',
    );
    expect(validateBitcoinAddress(xpub, 'testnet')).toBe("extended public key is for mainnet but the network's chain is testnet");
    expect(validateBitcoinAddress(`wpkh(${tAccount.publicExtendedKey}/0/*)`, 'mainnet')).toBe(
      "extended public key is for testnet but the network's chain is mainnet",
    );
  });
});

const MULTISIG =
  'multisig extended public keys (Ypub/Zpub/Upub/Vpub) are not supported: give each signer as its own account, or use a single-key xpub/ypub/zpub';

describe('extended key flavours', () => {
  // SLIP-132 version bytes: each must encode to its prefix; the public key is accepted where the
  // adapter can derive from it, the private one is always refused.
  it.each([
    ['xpub', 0x0488b21e, 'xprv', 0x0488ade4, null],
    ['ypub', 0x049d7cb2, 'yprv', 0x049d7878, null],
    ['zpub', 0x04b24746, 'zprv', 0x04b2430c, null],
    ['tpub', 0x043587cf, 'tprv', 0x04358394, null],
    ['upub', 0x044a5262, 'uprv', 0x044a4e28, null],
    ['vpub', 0x045f1cf6, 'vprv', 0x045f18bc, null],
    // multisig flavours: no single-key script to derive, so refused

    ['Ypub', 0x0295b43f, 'Yprv', 0x0295b005, MULTISIG],
    ['Zpub', 0x02aa7ed3, 'Zprv', 0x02aa7a99, MULTISIG],
    ['Upub', 0x024289ef, 'Uprv', 0x024285b5, MULTISIG],
    ['Vpub', 0x02575483, 'Vprv', 0x02575048, MULTISIG],
  ])('%s (%s) and its private form %s', (publicPrefix, publicVersion, privatePrefix, privateVersion, publicResult) => {
    const key = HDKey.fromMasterSeed(seed, { public: publicVersion, private: privateVersion }).derive("m/0'");
    expect(key.publicExtendedKey.slice(0, 4)).toBe(publicPrefix);
    expect(key.privateExtendedKey.slice(0, 4)).toBe(privatePrefix);
    expect(validateBitcoinAddress(key.publicExtendedKey)).toBe(publicResult);
    expect(validateBitcoinAddress(key.privateExtendedKey)).toBe(EXTENDED_PRIVATE_KEY_MESSAGE);
  });
});

describe('validateBitcoinTokenId', () => {
  it('only knows the native coin', () => {
    expect(validateBitcoinTokenId('native')).toBeNull();
    expect(validateBitcoinTokenId('omni:31')).toBe('Bitcoin has no tokens here: use "native"');
  });
});
