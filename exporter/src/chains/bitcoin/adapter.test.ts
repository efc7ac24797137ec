import { Address, NETWORK } from '@scure/btc-signer';
import type { RequestRecord } from '../types.js';
import { createBitcoinAdapter, type BitcoinBalanceSample } from './adapter.js';
import { validateBitcoinAddress } from './address.js';
import { createFakeEsplora, type FakeEsplora } from './testing/fakeEsplora.js';
import { createAddressDeriver, parseWatchOnlyWallet } from './watchOnlyWallet.js';

// BIP-84 test-vector account key (bitcoin/bips bip-0084.mediawiki).
const ZPUB = 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';
const wallet = createAddressDeriver(parseWatchOnlyWallet(ZPUB));
const receive = (index: number) => wallet.addressAt(0, index);
const change = (index: number) => wallet.addressAt(1, index);

const LEGACY = '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA';
const TAPROOT = 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr';
const REFUSED_BY_SERVER = '37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf'; // valid P2SH (SLIP-0132 vector)

const mainnet = Address(NETWORK);
function isValidMainnetAddress(address: string): boolean {
  if (address === REFUSED_BY_SERVER) return false; // lets a test see Esplora's own 400
  try {
    mainnet.decode(address);
    return true;
  } catch {
    return false;
  }
}

const signal = new AbortController().signal;
const byKey = (samples: BitcoinBalanceSample[]) =>
  Object.fromEntries(
    samples.map((sample) => [
      `${sample.account}/${sample.asset}`,
      sample.error ?? { confirmed: sample.balance, unconfirmed: sample.unconfirmedBalance },
    ]),
  );

describe('createBitcoinAdapter against Esplora-compatible servers', () => {
  let primary: FakeEsplora;
  let backup: FakeEsplora;
  let records: RequestRecord[];

  beforeAll(async () => {
    primary = await createFakeEsplora({ isValidAddress: isValidMainnetAddress });
    backup = await createFakeEsplora({ isValidAddress: isValidMainnetAddress });
    for (const fake of [primary, backup]) {
      fake.setAddress(LEGACY, { funded: 150_000_000n, spent: 50_000_000n, mempoolFunded: 2_500_000n });
      fake.setAddress(TAPROOT, { funded: 1n, mempoolSpent: 1n });
      // The wallet: receive 0 used then emptied, funds at receive 3 and change 1, gaps between,
      // and funds at receive 10 that a gap limit of 5 must not reach (4…9 are unused).
      fake.setAddress(receive(0), { funded: 10_000n, spent: 10_000n, fundedCount: 1, spentCount: 1, txCount: 2 });
      fake.setAddress(receive(3), { funded: 30_000_000n });
      fake.setAddress(receive(10), { funded: 700_000_000n });
      fake.setAddress(change(1), { funded: 5_000_000n, mempoolFunded: 1_000n });
    }
  });

  beforeEach(() => {
    records = [];
    for (const fake of [primary, backup]) {
      fake.requests.length = 0;
      fake.clearFailures();
    }
  });

  afterAll(async () => {
    await primary.close();
    await backup.close();
  });

  it('reads confirmed and unconfirmed balances of single addresses', async () => {
    const adapter = createBitcoinAdapter({ esploraUrls: [primary.url], recordRequest: (record) => records.push(record) });
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'legacy', address: LEGACY, asset: 'BTC', token: 'native' },
        { account: 'taproot', address: TAPROOT, asset: 'BTC', token: 'native' },
      ],
    });
    expect(byKey(samples)).toEqual({
      'legacy/BTC': { confirmed: 1, unconfirmed: 0.025 },
      'taproot/BTC': { confirmed: 0.00000001, unconfirmed: -0.00000001 },
    });
    expect(primary.requests).toEqual([
      { method: 'GET', path: `/api/address/${LEGACY}`, query: '' },
      { method: 'GET', path: `/api/address/${TAPROOT}`, query: '' },
    ]);
    const host = new URL(primary.url).host;
    expect(records).toEqual([
      { endpoint: host, outcome: 'success' },
      { endpoint: host, outcome: 'success' },
    ]);
  });

  it('sums a zpub wallet over receive and change up to the gap limit, and no further', async () => {
    const adapter = createBitcoinAdapter({ esploraUrls: [primary.url], gapLimit: 5 });
    const samples = await adapter.fetchBalances({ signal, targets: [{ account: 'hd', address: ZPUB, asset: 'BTC', token: 'native' }] });
    // receive 3 (0.3) + change 1 (0.05); receive 10 lies past five unused addresses (4…8).
    expect(byKey(samples)).toEqual({ 'hd/BTC': { confirmed: 0.35, unconfirmed: 0.00001 } });
    const requested = primary.requests.map((request) => request.path.slice('/api/address/'.length));
    expect(requested).toEqual([
      ...Array.from({ length: 9 }, (_, index) => receive(index)), // 0…3, then the gap 4…8
      ...Array.from({ length: 7 }, (_, index) => change(index)), // 0…1, then the gap 2…6
    ]);
  });

  it('finds the far funds with the default gap limit of 20, and reuses derived addresses', async () => {
    const adapter = createBitcoinAdapter({ esploraUrls: [primary.url] });
    const target = { account: 'hd', address: ZPUB, asset: 'BTC', token: 'native' } as const;
    const first = await adapter.fetchBalances({ signal, targets: [target] });
    expect(byKey(first)).toEqual({ 'hd/BTC': { confirmed: 7.35, unconfirmed: 0.00001 } });
    // receive: 0…10 then 20 unused (11…30); change: 0…1 then 20 unused (2…21).
    expect(primary.requests).toHaveLength(31 + 22);
    const second = await adapter.fetchBalances({ signal, targets: [target] });
    expect(second).toEqual(first);
  });

  it('falls back to the next server on 429, 5xx, malformed JSON and timeouts', async () => {
    const adapter = createBitcoinAdapter({
      esploraUrls: [primary.url, backup.url],
      // Long enough for a loaded machine to answer normally, short enough for the hang case.
      timeoutMs: 1_500,
      recordRequest: (record) => records.push(record),
    });
    const target = { account: 'legacy', address: LEGACY, asset: 'BTC', token: 'native' } as const;
    const primaryHost = new URL(primary.url).host;
    const backupHost = new URL(backup.url).host;
    const failures = [
      [{ kind: 'rate-limit' }, 'rate_limited'],
      [{ kind: 'server-error', status: 503 }, 'error'],
      [{ kind: 'malformed' }, 'error'],
      [{ kind: 'hang' }, 'timeout'],
    ] as const;
    for (const [failure, outcome] of failures) {
      records.length = 0;
      primary.failNext(failure);
      const samples = await adapter.fetchBalances({ signal, targets: [target] });
      expect(byKey(samples)).toEqual({ 'legacy/BTC': { confirmed: 1, unconfirmed: 0.025 } });
      expect(records).toEqual([
        { endpoint: primaryHost, outcome },
        { endpoint: backupHost, outcome: 'success' },
      ]);
    }
  });

  it('rejects when every server fails, naming hosts only', async () => {
    const adapter = createBitcoinAdapter({ esploraUrls: [primary.url, `${backup.url}?token=s3cret`] });
    primary.failNext({ kind: 'server-error', status: 502 }, { times: 2 });
    backup.failNext({ kind: 'rate-limit' }, { times: 2 });
    const failure = await adapter
      .fetchBalances({
        signal,
        targets: [
          { account: 'legacy', address: LEGACY, asset: 'BTC', token: 'native' },
          { account: 'taproot', address: TAPROOT, asset: 'BTC', token: 'native' },
        ],
      })
      .then(() => null, (error: unknown) => error as Error);
    expect(failure?.message).toBe(
      `every Esplora server failed: ${new URL(primary.url).host} answered 502; ${new URL(backup.url).host} is rate limiting (429)`,
    );
    // The second target was not tried against servers that had just failed.
    expect(primary.requests).toHaveLength(1);
    expect(backup.requests).toHaveLength(1);
  });

  it('keeps per-target errors per target: wrong network, tokens, and Esplora refusing an address', async () => {
    const adapter = createBitcoinAdapter({ esploraUrls: [primary.url, backup.url] });
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'testnet-addr', address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', asset: 'BTC', token: 'native' },
        { account: 'token', address: LEGACY, asset: 'USDT', token: 'omni-31' },
        { account: 'refused', address: REFUSED_BY_SERVER, asset: 'BTC', token: 'native' },
        { account: 'tpub', address: 'upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY', asset: 'BTC', token: 'native' },
        { account: 'legacy', address: LEGACY, asset: 'BTC', token: 'native' },
      ],
    });
    // Network mismatches carry the config validator's own message (address.ts), whatever its wording.
    const testnetProblem = validateBitcoinAddress('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'mainnet');
    const upubProblem = validateBitcoinAddress(
      'upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY',
      'mainnet',
    );
    expect(testnetProblem).toMatch(/mainnet/);
    expect(upubProblem).toMatch(/testnet/);
    expect(byKey(samples)).toEqual({
      'token/USDT': 'Bitcoin has no tokens: the asset must be "native"',
      'testnet-addr/BTC': testnetProblem,
      'refused/BTC': 'Esplora rejected the address: Invalid Bitcoin address',
      'tpub/BTC': upubProblem,
      'legacy/BTC': { confirmed: 1, unconfirmed: 0.025 },
    });
    // The 400 is final: the backup is never asked about the refused address.
    expect(backup.requests).toHaveLength(0);
  });
});
