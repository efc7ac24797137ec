import { HDKey } from '@scure/bip32';
import { Address, NETWORK } from '@scure/btc-signer';
import { descriptorChecksum } from './descriptorChecksum.js';
import { BITCOIN_NETWORKS, createAddressDeriver, parseWatchOnlyWallet } from './watchOnlyWallet.js';

// Published vectors for the mnemonic "abandon … about" (checked against the texts):
// BIP-84 (bitcoin/bips bip-0084.mediawiki), BIP-86 (bip-0086.mediawiki), BIP-49 testnet
// (bip-0049.mediawiki), and the BIP-44 / BIP-49 mainnet account keys of SLIP-0132's test vectors.
const BIP84_ZPUB = 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';
const BIP86_XPUB = 'xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ';
const SLIP132_BIP44_XPUB = 'xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj';
const SLIP132_BIP49_YPUB = 'ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP';
const BIP49_TESTNET_UPUB = 'upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY';
const BIP86_ROOT_XPRV = 'xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu';

const XPUB_VERSIONS = { public: 0x0488b21e, private: 0x0488ade4 };

/** Re-serialises an account key with other version bytes (same key, other SLIP-0132 prefix). */
function reserialize(text: string, from: { public: number; private: number }, to: { public: number; private: number }): string {
  const key = HDKey.fromExtendedKey(text, from);
  return new HDKey({
    versions: to,
    depth: key.depth,
    index: key.index,
    parentFingerprint: key.parentFingerprint,
    chainCode: key.chainCode!,
    publicKey: key.publicKey!,
  }).publicExtendedKey;
}

/** The BIP-84 account key with xpub version bytes, as Bitcoin Core descriptors write it. */
function bip84AccountAsXpub(): string {
  return reserialize(BIP84_ZPUB, { public: 0x04b24746, private: 0x04b2430c }, XPUB_VERSIONS);
}

describe('parseWatchOnlyWallet + createAddressDeriver', () => {
  it('derives the BIP-84 receive and change addresses from the zpub (branches 0 and 1)', () => {
    const deriver = createAddressDeriver(parseWatchOnlyWallet(BIP84_ZPUB));
    expect(deriver.wallet.script).toBe('wpkh');
    expect(deriver.wallet.branches).toEqual([[0], [1]]);
    expect(deriver.addressAt(0, 0)).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(deriver.addressAt(0, 1)).toBe('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    expect(deriver.addressAt(1, 0)).toBe('bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
  });

  it('derives the BIP-86 taproot addresses (with the key tweak) from tr(xpub/<0;1>/*)', () => {
    const deriver = createAddressDeriver(parseWatchOnlyWallet(`tr([73c5da0a/86'/0'/0']${BIP86_XPUB}/<0;1>/*)`));
    expect(deriver.wallet.branches).toEqual([[0], [1]]);
    expect(deriver.addressAt(0, 0)).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr');
    expect(deriver.addressAt(0, 1)).toBe('bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh');
    expect(deriver.addressAt(1, 0)).toBe('bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7');
  });

  it('derives P2PKH from a bare xpub (BIP-44) and P2SH-P2WPKH from a ypub (BIP-49)', () => {
    expect(createAddressDeriver(parseWatchOnlyWallet(SLIP132_BIP44_XPUB)).addressAt(0, 0)).toBe('1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA');
    expect(createAddressDeriver(parseWatchOnlyWallet(SLIP132_BIP49_YPUB)).addressAt(0, 0)).toBe('37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf');
  });

  it('derives the BIP-49 testnet vector from the upub', () => {
    const wallet = parseWatchOnlyWallet(BIP49_TESTNET_UPUB);
    expect(wallet.network).toBe('testnet');
    expect(createAddressDeriver(wallet).addressAt(0, 0)).toBe('2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2');
  });

  it('encodes regtest addresses with bcrt from a testnet key, and refuses a mainnet key there', () => {
    const tpub = reserialize(BIP86_XPUB, XPUB_VERSIONS, { public: 0x043587cf, private: 0x04358394 });
    const regtest = createAddressDeriver(parseWatchOnlyWallet(`tr(${tpub}/0/*)`), 'regtest').addressAt(0, 0);
    expect(regtest.startsWith('bcrt1p')).toBe(true);
    // Same output script as the BIP-86 mainnet vector: only the human-readable prefix differs.
    const script = (address: string, coder: ReturnType<typeof Address>) => coder.decode(address);
    expect(script(regtest, Address(BITCOIN_NETWORKS.regtest))).toEqual(
      script('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr', Address(NETWORK)),
    );
    expect(createAddressDeriver(parseWatchOnlyWallet(BIP49_TESTNET_UPUB), 'regtest').addressAt(0, 0)).toBe(
      '2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2',
    );
    expect(() => createAddressDeriver(parseWatchOnlyWallet(BIP84_ZPUB), 'regtest')).toThrow(
      'extended key is for mainnet but this network is regtest',
    );
  });

  it('reads descriptors pkh(), sh(wpkh()) and wpkh() over an xpub, one branch each', () => {
    const xpub = bip84AccountAsXpub();
    const receive = createAddressDeriver(parseWatchOnlyWallet(`wpkh([73c5da0a/84h/0h/0h]${xpub}/0/*)`));
    expect(receive.wallet.branches).toEqual([[0]]);
    expect(receive.addressAt(0, 1)).toBe('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    const change = createAddressDeriver(parseWatchOnlyWallet(`wpkh(${xpub}/1/*)`));
    expect(change.addressAt(0, 0)).toBe('bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
    expect(createAddressDeriver(parseWatchOnlyWallet(`pkh(${SLIP132_BIP44_XPUB}/0/*)`)).addressAt(0, 0)).toBe(
      '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA',
    );
    expect(parseWatchOnlyWallet(`sh(wpkh(${SLIP132_BIP49_YPUB}/0/*))`).script).toBe('sh-wpkh');
  });

  it('computes BIP-380 checksums (spec vector) and verifies them when present', () => {
    expect(descriptorChecksum('raw(deadbeef)')).toBe('89f8spxm');
    const body = `wpkh(${bip84AccountAsXpub()}/0/*)`;
    const checksum = descriptorChecksum(body)!;
    expect(createAddressDeriver(parseWatchOnlyWallet(`${body}#${checksum}`)).addressAt(0, 0)).toBe(
      'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
    );
    const wrong = `${checksum.slice(0, 7)}${checksum[7] === 'q' ? 'p' : 'q'}`;
    expect(() => parseWatchOnlyWallet(`${body}#${wrong}`)).toThrow('descriptor checksum does not match (a character was changed or lost)');
  });

  it('refuses private keys, hardened steps after a public key and unsupported scripts, without echoing the key', () => {
    const attempts: Array<[string, string]> = [
      [BIP86_ROOT_XPRV, 'extended private keys are refused: TCC is watch-only, give the extended public key'],
      [`wpkh(${BIP86_ROOT_XPRV}/0/*)`, 'extended private keys are refused: TCC is watch-only, give the extended public key'],
      [`wpkh(${BIP86_XPUB}/0'/*)`, 'descriptor steps after an extended public key must be unhardened numbers (hardened derivation needs the private key)'],
      [`wpkh(${BIP86_XPUB}/0/5)`, 'descriptor key must end in an unhardened wildcard /* (a single-address descriptor is an address: configure the address)'],
      [`wsh(multi(1,${BIP86_XPUB}/0/*))`, 'unsupported descriptor (expected pkh(KEY), wpkh(KEY), sh(wpkh(KEY)) or tr(KEY))'],
      [`${BIP84_ZPUB.slice(0, -1)}t`, 'not a valid zpub (bad checksum, length or version)'],
    ];
    for (const [text, message] of attempts) {
      let error: Error | undefined;
      try {
        parseWatchOnlyWallet(text);
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toBe(message);
      expect(error?.message).not.toContain(text.slice(5, 30));
    }
  });
});
