import { bech32 } from '@scure/base';
import { cardanoNetworkOfProjectId, validateCardanoAddress, validateCardanoTokenId } from './address.js';

/** Re-encodes a payload under another prefix with a valid checksum, to test the semantic checks. */
function encode(prefix: string, bytes: Uint8Array): string {
  return bech32.encode(prefix, bech32.toWords(bytes), false);
}

describe('validateCardanoAddress', () => {
  // CIP-19 test vectors.
  it.each([
    'addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x',
    'addr1z8phkx6acpnf78fuvxn0mkew3l0fd058hzquvz7w36x4gten0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgs9yc0hh',
    'addr1gx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer5pnz75xxcrzqf96k',
    'addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8',
    'addr_test1vz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzerspjrlsz',
    'stake1uyehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gh6ffgw',
    'stake_test1uqehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gssrtvn',
  ])('accepts %s', (address) => {
    expect(validateCardanoAddress(address)).toBeNull();
  });

  const enterprise = bech32.fromWords(bech32.decode('addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8', false).words);
  const stake = bech32.fromWords(bech32.decode('stake1uyehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gh6ffgw', false).words);

  it.each([
    ['addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl9', 'not a valid Cardano address (bech32 checksum mismatch or invalid character)'],
    [encode('addr_test', enterprise), 'not a valid Cardano address (prefix addr_test does not match network id 1)'],
    [encode('addr', stake), 'not a valid Cardano address (a stake address needs the prefix stake or stake_test)'],
    [encode('stake', enterprise), 'not a valid Cardano stake address (the payload is a payment address: use the prefix addr or addr_test)'],
    [encode('addr', enterprise.slice(0, 28)), 'not a valid Cardano enterprise address (wrong length)'],
    [encode('addr_vk', enterprise), 'not a valid Cardano address (expected bech32 with prefix addr, addr_test, stake or stake_test)'],
    ['DdzFFzCqrhsw3prhfMFDNFowbzUku3QmrMwarfjUbWXRisodn97R436SHc1rimp4MhPNmbdYb1aTdqtGSJixMVMi5MkArDQJ6Sc1n3Ez', 'Byron addresses are not supported: use the Shelley address (addr1…)'],
    ['0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', 'not a valid Cardano address (expected bech32 with prefix addr, addr_test, stake or stake_test)'],
  ])('refuses %s', (address, message) => {
    expect(validateCardanoAddress(address)).toBe(message);
  });
});

describe('validateCardanoTokenId', () => {
  const policy = 'f43a62fdc3965df486de8a0d32fe800963589c41b38946602a0dc535';
  it.each([policy, `${policy}41474958`, `${policy}${'ab'.repeat(32)}`])('accepts %s', (unit) => {
    expect(validateCardanoTokenId(unit)).toBeNull();
  });
  it.each([policy.slice(2), `${policy}4`, `${policy}${'ab'.repeat(33)}`, policy.toUpperCase(), 'lovelace'])('refuses %s', (unit) => {
    expect(validateCardanoTokenId(unit)).toBe(
      'not a valid Cardano asset id (expected 56 lower-case hex digits of policy id, then 0 to 64 hex digits of asset name)',
    );
  });
});

describe('validateCardanoAddress on a known network', () => {
  const mainnet = 'addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8';
  const testnet = 'stake_test1uqehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gssrtvn';
  it('accepts addresses of the project network', () => {
    expect(validateCardanoAddress(mainnet, 'mainnet')).toBeNull();
    expect(validateCardanoAddress(testnet, 'testnet')).toBeNull();
  });
  it('refuses addresses of the other network', () => {
    expect(validateCardanoAddress(mainnet, 'testnet')).toBe("a mainnet address, but this network's Blockfrost project is for a test network");
    expect(validateCardanoAddress(testnet, 'mainnet')).toBe("a test-network address, but this network's Blockfrost project is for mainnet");
  });
  it('reads the network from the project id prefix only when there is one', () => {
    expect(cardanoNetworkOfProjectId('mainnetAbc123')).toBe('mainnet');
    expect(cardanoNetworkOfProjectId('preprodAbc123')).toBe('testnet');
    expect(cardanoNetworkOfProjectId('previewAbc123')).toBe('testnet');
    expect(cardanoNetworkOfProjectId('test-project')).toBeUndefined();
  });
});
