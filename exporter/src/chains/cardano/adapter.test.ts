import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bech32 } from '@scure/base';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { BalanceSample, ChainAdapter, RequestRecord } from '../types.js';
import { validateCardanoAddress } from './address.js';
import { createCardanoAdapter } from './adapter.js';
import { createFakeBlockfrost, type FakeBlockfrost } from './testing/fakeBlockfrost.js';

const PROJECT_ID = 'mainnetQ7fakeProjectIdForTests0123';

// Example addresses from the Blockfrost OpenAPI document, plus synthetic ones of the right shape.
const PAYMENT = 'addr1qxqs59lphg8g6qndelq8xwqn60ag3aeyfcp33c2kdp46a09re5df3pzwwmyq946axfcejy5n4x0y99wqpgtp2gd0k09qsgy6pz';
const STAKE = 'stake1ux3g2c9dx2nhhehyrezyxpkstartcqmu9hk63qgfkccw5rqttygt7';
const UNUSED_PAYMENT = shelleyAddress('addr', 0x01, 57, 7);
const UNUSED_STAKE = shelleyAddress('stake', 0xe1, 29, 9);

const POLICY = 'b0d07d45fe9514f80213f4020e5a61241458be626841cde717cb38a7';
const NUTCOIN = `${POLICY}6e7574636f696e`; // registered, 6 decimals
const UNREGISTERED = `${POLICY}756e72656769737465726564`; // no registry entry → 0 decimals

function shelleyAddress(prefix: string, header: number, length: number, fill: number): string {
  const bytes = new Uint8Array(length).fill(fill);
  bytes[0] = header;
  return bech32.encode(prefix, bech32.toWords(bytes), false);
}

// Every body the fake serves must match the published schema of its route and status.
const require = createRequire(import.meta.url);
const schemas = JSON.parse(readFileSync(require.resolve('@blockfrost/openapi/json-schema.json'), 'utf8')) as Record<
  string,
  { response: Record<string, object> }
>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// The Blockfrost document uses `format` for prose ("Lovelace or concatenation of …"); those are
// declared as annotations so that real formats (date-time, uri…) are still checked by ajv-formats.
const knownFormats = new Set(Object.keys(ajv.formats));
JSON.stringify(schemas, (key, value: unknown) => {
  if (key === 'format' && typeof value === 'string' && !knownFormats.has(value)) {
    ajv.addFormat(value, true);
    knownFormats.add(value);
  }
  return value;
});

function expectServedBodiesMatchOpenApi(fake: FakeBlockfrost): void {
  for (const { route, status, body } of fake.served) {
    if (body === undefined) continue; // the deliberately malformed reply
    // Error bodies are the same object on every route; check unrouted ones against one of them.
    const schema = schemas[route ?? '/addresses/{address}']?.response[String(status)];
    expect(schema).toBeDefined();
    const valid = ajv.validate(schema!, body);
    if (!valid) throw new Error(`${route} ${status}: ${ajv.errorsText(ajv.errors)}`);
  }
}

describe('createCardanoAdapter against a Blockfrost-compatible server', () => {
  let fake: FakeBlockfrost;
  let adapter: ChainAdapter;
  let records: RequestRecord[];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    fake = await createFakeBlockfrost({ projectId: PROJECT_ID });
    fake.setAddress(PAYMENT, {
      lovelace: 12_345_678n,
      assets: { [NUTCOIN]: 1_234_567n, [UNREGISTERED]: 42n },
      stakeAddress: STAKE,
    });
    // 101 assets so the one we want sits on page 2.
    const filler = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`${'ab'.repeat(28)}${index.toString(16).padStart(4, '0')}`, 1n]),
    );
    fake.setStakeAccount(STAKE, { controlledLovelace: 1_000_500_000n, assets: { ...filler, [NUTCOIN]: 250_000_000n } });
    fake.setAsset(NUTCOIN, { decimals: 6, name: 'nutcoin', ticker: 'NUTC' });
    fake.setAsset(UNREGISTERED, {});
  });

  beforeEach(() => {
    records = [];
    fake.requests.length = 0;
    fake.served.length = 0;
    fake.clearFailures();
    adapter = createCardanoAdapter({
      projectId: PROJECT_ID,
      baseUrl: fake.url,
      recordRequest: (record) => records.push(record),
      retryDelayMs: 5,
      timeoutMs: 5_000,
    });
  });

  afterEach(async () => {
    await adapter.close?.();
    expectServedBodiesMatchOpenApi(fake);
  });

  afterAll(async () => {
    await fake.close();
  });

  const byKey = (samples: BalanceSample[]) =>
    Object.fromEntries(samples.map((sample) => [`${sample.account}/${sample.asset}`, sample.balance ?? sample.error]));

  it('reads ADA and native assets of a payment address, scaling by registry decimals', async () => {
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' },
        { account: 'pay', address: PAYMENT, asset: 'NUTC', token: NUTCOIN },
        { account: 'pay', address: PAYMENT, asset: 'RAW', token: UNREGISTERED },
      ],
    });
    expect(byKey(samples)).toEqual({ 'pay/ADA': 12.345678, 'pay/NUTC': 1.234567, 'pay/RAW': 42 });
    // One read of the address for three targets, then one metadata read per non-zero asset.
    expect(fake.requests.map((request) => request.path)).toEqual([
      `/api/v0/addresses/${PAYMENT}`,
      `/api/v0/assets/${NUTCOIN}`,
      `/api/v0/assets/${UNREGISTERED}`,
    ]);
    expect(fake.requests.every((request) => request.projectId === PROJECT_ID)).toBe(true);
    const host = new URL(fake.url).host;
    expect(records).toEqual([
      { endpoint: host, outcome: 'success' },
      { endpoint: host, outcome: 'success' },
      { endpoint: host, outcome: 'success' },
    ]);

    // Decimals are cached: the second cycle reads the address only.
    fake.requests.length = 0;
    await adapter.fetchBalances({ signal, targets: [{ account: 'pay', address: PAYMENT, asset: 'NUTC', token: NUTCOIN }] });
    expect(fake.requests.map((request) => request.path)).toEqual([`/api/v0/addresses/${PAYMENT}`]);
  });

  it('reads a stake account: controlled_amount for ADA, every page of its assets', async () => {
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'stake', address: STAKE, asset: 'ADA', token: 'native' },
        { account: 'stake', address: STAKE, asset: 'NUTC', token: NUTCOIN },
      ],
    });
    expect(byKey(samples)).toEqual({ 'stake/ADA': 1000.5, 'stake/NUTC': 250 });
    expect(fake.requests.map((request) => [request.path, request.query])).toEqual([
      [`/api/v0/accounts/${STAKE}`, {}],
      [`/api/v0/accounts/${STAKE}/addresses/assets`, { page: '1', count: '100', order: 'asc' }],
      [`/api/v0/accounts/${STAKE}/addresses/assets`, { page: '2', count: '100', order: 'asc' }],
      // Each test has a fresh adapter, so the registry is read here once.
      [`/api/v0/assets/${NUTCOIN}`, {}],
    ]);
  });

  it('skips the asset listing when a stake account is asked for ADA only', async () => {
    await adapter.fetchBalances({ signal, targets: [{ account: 'stake', address: STAKE, asset: 'ADA', token: 'native' }] });
    expect(fake.requests.map((request) => request.path)).toEqual([`/api/v0/accounts/${STAKE}`]);
  });

  it('reports 0 for an address and a stake account never seen on chain (Blockfrost 404)', async () => {
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'fresh', address: UNUSED_PAYMENT, asset: 'ADA', token: 'native' },
        { account: 'fresh', address: UNUSED_PAYMENT, asset: 'NUTC', token: NUTCOIN },
        { account: 'fresh-stake', address: UNUSED_STAKE, asset: 'ADA', token: 'native' },
        { account: 'fresh-stake', address: UNUSED_STAKE, asset: 'NUTC', token: NUTCOIN },
      ],
    });
    expect(byKey(samples)).toEqual({ 'fresh/ADA': 0, 'fresh/NUTC': 0, 'fresh-stake/ADA': 0, 'fresh-stake/NUTC': 0 });
    expect(fake.served.slice(-2).map((served) => served.status)).toEqual([404, 404]);
    expect(records.map((record) => record.outcome)).toEqual(['success', 'success']);
  });

  it('refuses an invalid address per target without sending it anywhere', async () => {
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'typo', address: 'addr1notanaddress', asset: 'ADA', token: 'native' },
        { account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' },
      ],
    });
    expect(byKey(samples)).toEqual({
      // The validator's own message (address.ts), whatever its wording.
      'typo/ADA': validateCardanoAddress('addr1notanaddress'),
      'pay/ADA': 12.345678,
    });
    expect(validateCardanoAddress('addr1notanaddress')).toMatch(/^not a valid Cardano address/);
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects with a clear error that never contains the project id when the id is refused (403)', async () => {
    const wrongId = 'mainnetWRONGwrongWRONGwrong0000000';
    const badAdapter = createCardanoAdapter({
      projectId: wrongId,
      baseUrl: fake.url,
      recordRequest: (record) => records.push(record),
      retryDelayMs: 5,
    });
    try {
      const failure = await badAdapter
        .fetchBalances({ signal, targets: [{ account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' }] })
        .then(() => null, (error: unknown) => error as Error);
      expect(failure?.message).toBe(
        `Blockfrost at ${new URL(fake.url).host} refused the project id (403 Forbidden: Invalid project token.); check blockfrost_project_id and its network`,
      );
      expect(JSON.stringify(failure)).not.toContain(wrongId);
      expect(String(failure?.stack)).not.toContain(wrongId);
      // 403 is not retried: one attempt, counted as an error.
      expect(records.map((record) => record.outcome)).toEqual(['error']);
    } finally {
      await badAdapter.close?.();
    }
  });

  it('retries a 429 after the Retry-After pause and counts both attempts', async () => {
    fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 0 });
    const samples = await adapter.fetchBalances({ signal, targets: [{ account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' }] });
    expect(byKey(samples)).toEqual({ 'pay/ADA': 12.345678 });
    expect(records.map((record) => record.outcome)).toEqual(['rate_limited', 'success']);
  });

  it('rejects after the retries when the backend keeps failing with 500', async () => {
    fake.failNext({ kind: 'server-error' }, { times: 4 });
    const failure = await adapter
      .fetchBalances({
        signal,
        targets: [
          { account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' },
          { account: 'stake', address: STAKE, asset: 'ADA', token: 'native' },
        ],
      })
      .then(() => null, (error: unknown) => error as Error);
    expect(failure?.message).toBe(
      `Blockfrost at ${new URL(fake.url).host} answered 500 Internal Server Error: An unexpected response was received from the backend.`,
    );
    // One first attempt plus the SDK's three retries; the stake account is not tried after that.
    expect(records.map((record) => record.outcome)).toEqual(['error', 'error', 'error', 'error']);
    expect(fake.requests).toHaveLength(4);
  });

  it('counts timeouts per attempt and gives up after the retries', async () => {
    const impatient = createCardanoAdapter({
      projectId: PROJECT_ID,
      baseUrl: fake.url,
      recordRequest: (record) => records.push(record),
      timeoutMs: 200,
      retryLimit: 1,
      retryDelayMs: 5,
    });
    try {
      fake.failNext({ kind: 'hang' }, { times: 2 });
      const failure = await impatient
        .fetchBalances({ signal, targets: [{ account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' }] })
        .then(() => null, (error: unknown) => error as Error);
      expect(failure?.message).toBe(`Blockfrost at ${new URL(fake.url).host} did not answer in time`);
      expect(records.map((record) => record.outcome)).toEqual(['timeout', 'timeout']);
    } finally {
      await impatient.close?.();
    }
  });

  it('reports a malformed reply as a per-target error when other targets succeed', async () => {
    fake.failNext({ kind: 'malformed' }, { pathIncludes: '/accounts/' });
    const samples = await adapter.fetchBalances({
      signal,
      targets: [
        { account: 'pay', address: PAYMENT, asset: 'ADA', token: 'native' },
        { account: 'stake', address: STAKE, asset: 'ADA', token: 'native' },
      ],
    });
    expect(byKey(samples)).toEqual({
      'pay/ADA': 12.345678,
      'stake/ADA': `Blockfrost at ${new URL(fake.url).host} sent a reply that is not valid JSON`,
    });
    expect(records.map((record) => record.outcome)).toEqual(['success', 'error']);
  });
});
