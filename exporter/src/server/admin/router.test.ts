import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { ConfigStore } from '../../config/index.js';
import { ADD, EDIT } from './testdata/golden-edits.js';
import { createAdminRouter, type AdminRouterDeps, type TargetStatus } from './router.js';

const TOKEN = 'right-token-3f9a1c0e5b7d2468';
const WRONG_TOKEN = 'wrong-token-77aa11bb22cc33dd';
const RPC_KEY = 'SeCrEtKeY0123456789abcdef';
const ENV = { ETH_RPC_URL: `http://127.0.0.1:8545/v2/${RPC_KEY}` };
const FIXED_TIME = new Date('2026-01-02T03:04:05.000Z');
const testdata = new URL('./testdata/', import.meta.url);

/** The golden files with the Ethereum endpoint taken from the environment, as a real config would. */
async function fixture(name: string): Promise<string> {
  const text = await readFile(new URL(name, testdata), 'utf8');
  return text.replace('"http://127.0.0.1:8545"', '"${ETH_RPC_URL}"');
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

interface Harness {
  dir: string;
  configPath: string;
  auditPath: string;
  store: ConfigStore;
  logs: string[];
  url: string;
  setToken(token: string | undefined): void;
  close(): Promise<void>;
}

async function startHarness(overrides: Partial<AdminRouterDeps> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'tcc-admin-'));
  const configPath = join(dir, 'treasury.yaml');
  const auditPath = join(dir, 'audit', 'audit.jsonl');
  await writeFile(configPath, await fixture('commented.yaml'));
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const store = new ConfigStore({ path: configPath, env: ENV, logger });
  await store.load();
  let token: string | undefined = TOKEN;
  const statuses: TargetStatus[] = [
    { network: 'ethereum', target: '127.0.0.1:8545', up: true, last_success: 1767323045, last_error: null },
    {
      network: 'ethereum',
      target: '127.0.0.1:8545',
      up: false,
      last_success: null,
      last_error: `POST ${ENV.ETH_RPC_URL} failed: 401 invalid key ${RPC_KEY}`,
    },
  ];
  const app = express();
  app.use(
    createAdminRouter({
      configPath,
      store,
      adminToken: () => token,
      auditLogPath: auditPath,
      statusProvider: () => statuses,
      logger,
      now: () => FIXED_TIME,
      env: ENV,
      ...overrides,
    }),
  );
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    dir,
    configPath,
    auditPath,
    store,
    logs,
    url: `http://127.0.0.1:${port}`,
    setToken: (next) => {
      token = next;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

async function call(h: Harness, method: string, path: string, { token = TOKEN, body, rawBody, headers = {} }: CallOptions = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  const sent = init.headers as Record<string, string>;
  if (token !== null) sent.authorization = `Bearer ${token}`;
  if (rawBody !== undefined || body !== undefined) {
    sent['content-type'] ??= 'application/json';
    init.body = rawBody ?? JSON.stringify(body);
  }
  const response = await fetch(h.url + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as any) : undefined };
}

async function currentEtag(h: Harness): Promise<string> {
  return `"${sha256(await readFile(h.configPath))}"`;
}

describe('authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  test.each([
    ['no token configured', undefined, TOKEN, 503],
    ['no Authorization header', TOKEN, null, 401],
    ['a wrong token', TOKEN, WRONG_TOKEN, 401],
    ['the right token', TOKEN, TOKEN, 200],
  ] as const)('%s', async (_name, configured, presented, status) => {
    h.setToken(configured);
    for (const [method, path] of [
      ['GET', '/api/v1/accounts'],
      ['GET', '/api/v1/status'],
      ['GET', '/api/v1/networks'],
      ['POST', '/-/reload'],
    ]) {
      const response = await call(h, method!, path!, { token: presented });
      expect([path, response.status]).toEqual([path, status]);
      if (status !== 200) expect(typeof response.json.error).toBe('string');
    }
    h.setToken(TOKEN);
  });

  test('a write without a valid token is refused before the body is read', async () => {
    const before = await readFile(h.configPath);
    const response = await call(h, 'POST', '/api/v1/accounts', { token: WRONG_TOKEN, body: ADD, headers: { 'if-match': await currentEtag(h) } });
    expect(response.status).toBe(401);
    expect((await readFile(h.configPath)).equals(before)).toBe(true);
  });

  test('failed attempts are logged without the presented token', () => {
    const failures = h.logs.filter((line) => line.includes('admin API authentication failed'));
    expect(failures.some((line) => line.includes('wrong bearer token'))).toBe(true);
    expect(failures.some((line) => line.includes('missing bearer token'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain(WRONG_TOKEN);
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('failed authentication rate limit', () => {
  let h: Harness;
  let clock = 1_000_000;
  beforeAll(async () => {
    h = await startHarness({ authFailureLimit: { maxFailures: 3, windowMs: 60_000, now: () => clock } });
  });
  afterAll(() => h.close());

  test('the fourth failure within a minute is 429 with Retry-After, even with the right token, until the window passes', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await call(h, 'GET', '/api/v1/accounts', { token: WRONG_TOKEN })).status).toBe(401);
      clock += 1_000;
    }
    const limited = await call(h, 'GET', '/api/v1/accounts', { token: TOKEN });
    expect(limited.status).toBe(429);
    // The oldest failure (at 1_000_000) leaves the window at 1_060_000; the clock is at 1_003_000.
    expect(limited.headers.get('retry-after')).toBe('57');
    clock += 57_000;
    expect((await call(h, 'GET', '/api/v1/accounts', { token: TOKEN })).status).toBe(200);
  });
});

describe('reads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  test('GET /api/v1/accounts returns the accounts as written and the sha256 of the file as ETag', async () => {
    const response = await call(h, 'GET', '/api/v1/accounts');
    expect(response.status).toBe(200);
    const etag = await currentEtag(h);
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.json).toEqual({
      etag,
      valid: true,
      accounts: [
        {
          name: 'ops-hot',
          network: 'ethereum',
          address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
          assets: ['ETH', 'USDC'],
          labels: { entity: 'acme', purpose: 'operations' },
          min_balance: { ETH: 2, USDC: 1000 },
        },
        {
          name: 'payroll',
          network: 'solana',
          address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
          labels: { entity: 'acme', purpose: 'payroll' },
        },
        { name: 'cold-btc', network: 'bitcoin', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
      ],
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('GET /api/v1/accounts/:name returns one account, 404 for an unknown one', async () => {
    const response = await call(h, 'GET', '/api/v1/accounts/cold-btc');
    expect(response.json.account).toEqual({ name: 'cold-btc', network: 'bitcoin', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' });
    expect((await call(h, 'GET', '/api/v1/accounts/nope')).status).toBe(404);
  });

  test('GET /api/v1/networks lists kinds, chain ids and assets, and no endpoint', async () => {
    const response = await call(h, 'GET', '/api/v1/networks');
    expect(response.json).toEqual({
      networks: { ethereum: { kind: 'evm', chain_id: 1 }, solana: { kind: 'solana' }, bitcoin: { kind: 'bitcoin' } },
      assets: {
        ETH: { on: { ethereum: 'native' } },
        USDC: {
          on: { ethereum: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', solana: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v' },
          peg: 'USD',
        },
        BTC: { on: { bitcoin: 'native' } },
      },
    });
  });

  test('GET /api/v1/status reports targets with URLs reduced to hosts and keys removed', async () => {
    const response = await call(h, 'GET', '/api/v1/status');
    expect(response.status).toBe(200);
    expect(response.json.targets).toEqual([
      { network: 'ethereum', target: '127.0.0.1:8545', up: true, last_success: 1767323045, last_error: null },
      { network: 'ethereum', target: '127.0.0.1:8545', up: false, last_success: null, last_error: 'POST 127.0.0.1:8545 failed: 401 invalid key <redacted>' },
    ]);
    expect(response.json.config).toMatchObject({ sha256: sha256(await readFile(h.configPath)), last_reload_successful: true });
    expect(JSON.stringify(response.json)).not.toContain(RPC_KEY);
  });

  test('POST /-/reload answers the outcome; a broken file is 500 with its issues and the old config stays', async () => {
    expect((await call(h, 'POST', '/-/reload')).json).toEqual({ status: 'unchanged' });
    const good = await readFile(h.configPath);
    await writeFile(h.configPath, good.toString().replace('chain_id: 1,', 'chain_id: "one",'));
    const failed = await call(h, 'POST', '/-/reload');
    expect(failed.status).toBe(500);
    expect(failed.json.error).toBe('reload failed; the previous config keeps running');
    expect(failed.json.issues).toEqual([expect.stringMatching(/^treasury\.yaml:9:\d+ networks\.ethereum\.chain_id: /)]);
    expect(h.store.current.config.networks.ethereum).toMatchObject({ chain_id: 1 });
    await writeFile(h.configPath, good);
  });

  test('unknown routes and methods', async () => {
    expect((await call(h, 'GET', '/api/v1/nope')).status).toBe(404);
    const wrongMethod = await call(h, 'PATCH', '/api/v1/accounts');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});

describe('writes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  test('add, edit and delete write the golden files, reload the config and append the audit log', async () => {
    const initialEtag = await currentEtag(h);
    const added = await call(h, 'POST', '/api/v1/accounts', { body: ADD, headers: { 'if-match': initialEtag, 'x-grafana-user': 'alice' } });
    expect(added.status).toBe(201);
    expect(await readFile(h.configPath, 'utf8')).toBe(await fixture('commented.after-add.yaml'));
    const addedEtag = await currentEtag(h);
    expect(added.json).toEqual({ account: ADD, etag: addedEtag, reload: 'reloaded' });
    expect(added.headers.get('etag')).toBe(addedEtag);
    expect(h.store.current.config.accounts.map((account) => account.name)).toEqual(['ops-hot', 'payroll', 'cold-btc', 'treasury-2']);

    const edited = await call(h, 'PUT', '/api/v1/accounts/payroll', { body: EDIT, headers: { 'if-match': addedEtag } });
    expect(edited.status).toBe(200);
    expect(await readFile(h.configPath, 'utf8')).toBe(await fixture('commented.after-edit.yaml'));
    const editedEtag = await currentEtag(h);
    expect(edited.json.etag).toBe(editedEtag);

    const deleted = await call(h, 'DELETE', '/api/v1/accounts/ops-hot', { headers: { 'if-match': editedEtag, 'x-grafana-user': 'bob' } });
    expect(deleted.status).toBe(200);
    expect(await readFile(h.configPath, 'utf8')).toBe(await fixture('commented.after-delete.yaml'));
    expect(deleted.json).toEqual({ deleted: 'ops-hot', etag: await currentEtag(h), reload: 'reloaded' });
    expect(h.store.current.config.accounts.map((account) => account.name)).toEqual(['payroll', 'cold-btc', 'treasury-2']);

    const audit = (await readFile(h.auditPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(audit).toEqual([
      { time: '2026-01-02T03:04:05.000Z', actor: 'alice', action: 'create', account: 'treasury-2', before: null, after: ADD, etag_before: initialEtag, etag_after: addedEtag },
      {
        time: '2026-01-02T03:04:05.000Z',
        actor: 'admin-token',
        action: 'update',
        account: 'payroll',
        before: { name: 'payroll', network: 'solana', address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', labels: { entity: 'acme', purpose: 'payroll' } },
        after: EDIT,
        etag_before: addedEtag,
        etag_after: editedEtag,
      },
      {
        time: '2026-01-02T03:04:05.000Z',
        actor: 'bob',
        action: 'delete',
        account: 'ops-hot',
        before: {
          name: 'ops-hot',
          network: 'ethereum',
          address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
          assets: ['ETH', 'USDC'],
          labels: { entity: 'acme', purpose: 'operations' },
          min_balance: { ETH: 2, USDC: 1000 },
        },
        after: null,
        etag_before: editedEtag,
        etag_after: await currentEtag(h),
      },
    ]);
  });

  test('a PUT that changes nothing writes nothing', async () => {
    const etag = await currentEtag(h);
    const same = { name: 'cold-btc', network: 'bitcoin', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' };
    const response = await call(h, 'PUT', '/api/v1/accounts/cold-btc', { body: same, headers: { 'if-match': etag } });
    expect(response).toMatchObject({ status: 200, json: { account: same, etag, reload: 'unchanged' } });
    await expect(readFile(h.auditPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('If-Match is required (428); a stale one is 412 with the current accounts', async () => {
    const before = await readFile(h.configPath);
    expect((await call(h, 'POST', '/api/v1/accounts', { body: ADD })).status).toBe(428);
    const stale = await call(h, 'DELETE', '/api/v1/accounts/payroll', { headers: { 'if-match': `"${'0'.repeat(64)}"` } });
    expect(stale.status).toBe(412);
    expect(stale.json.error).toBe('config changed since you read it');
    expect(stale.json.current.etag).toBe(await currentEtag(h));
    expect(stale.json.current.accounts.map((account: { name: string }) => account.name)).toEqual(['ops-hot', 'payroll', 'cold-btc']);
    expect((await call(h, 'DELETE', '/api/v1/accounts/payroll', { headers: { 'if-match': '*' } })).status).toBe(412);
    expect((await readFile(h.configPath)).equals(before)).toBe(true);
  });

  test('two concurrent writers with the same ETag: one wins, the other gets 412', async () => {
    const etag = await currentEtag(h);
    const second = { ...ADD, name: 'treasury-3' };
    const responses = await Promise.all([
      call(h, 'POST', '/api/v1/accounts', { body: ADD, headers: { 'if-match': etag } }),
      call(h, 'POST', '/api/v1/accounts', { body: second, headers: { 'if-match': etag } }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 412]);
    const winner = responses.find((response) => response.status === 201)!.json.account.name as string;
    const loser = responses.find((response) => response.status === 412)!;
    expect(loser.json.current.etag).toBe(await currentEtag(h));
    const names = h.store.current.config.accounts.map((account) => account.name);
    expect(names).toEqual(['ops-hot', 'payroll', 'cold-btc', winner]);
    expect((await readFile(h.auditPath, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  test('a hand edit between read and write makes the ETag stale: 412, and the hand edit is kept', async () => {
    const read = await call(h, 'GET', '/api/v1/accounts');
    const handEdited = `${await readFile(h.configPath, 'utf8')}# edited by hand in git\n`;
    await writeFile(h.configPath, handEdited);
    const response = await call(h, 'PUT', '/api/v1/accounts/payroll', { body: EDIT, headers: { 'if-match': read.json.etag } });
    expect(response.status).toBe(412);
    expect(response.json.current.etag).toBe(`"${sha256(handEdited)}"`);
    expect(await readFile(h.configPath, 'utf8')).toBe(handEdited);
  });

  test('404 for an unknown account, 409 for an existing name (create or rename)', async () => {
    const etag = await currentEtag(h);
    expect((await call(h, 'PUT', '/api/v1/accounts/nope', { body: { ...EDIT, name: 'nope' }, headers: { 'if-match': etag } })).status).toBe(404);
    expect((await call(h, 'DELETE', '/api/v1/accounts/nope', { headers: { 'if-match': etag } })).status).toBe(404);
    const duplicate = await call(h, 'POST', '/api/v1/accounts', { body: { ...ADD, name: 'payroll' }, headers: { 'if-match': etag } });
    expect(duplicate).toMatchObject({ status: 409, json: { error: 'account "payroll" already exists' } });
    expect((await call(h, 'PUT', '/api/v1/accounts/payroll', { body: { ...EDIT, name: 'cold-btc' }, headers: { 'if-match': etag } })).status).toBe(409);
    expect(await currentEtag(h)).toBe(etag);
  });

  test('accounts the config schema refuses get 400 with the file\'s messages, and the file is untouched', async () => {
    const before = await readFile(h.configPath);
    const etag = await currentEtag(h);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...ADD, address: '0xa0B86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }, /^treasury\.yaml:\d+:\d+ accounts\[3\]\.address: .*checksum/],
      [{ ...ADD, assets: ['DOGE'], min_balance: undefined }, /^treasury\.yaml:\d+:\d+ accounts\[3\]\.assets\[0\]: /],
      [{ ...ADD, network: 'cardano' }, /^treasury\.yaml:\d+:\d+ accounts\[3\]\.network: /],
      [{ ...ADD, name: 'has space' }, /^treasury\.yaml:\d+:\d+ accounts\[3\]\.name: /],
      [{ ...ADD, address: '0x' + 'ab'.repeat(32) }, /looks like a private key/],
      [{ ...ADD, labels: { account: 'x' } }, /^treasury\.yaml:\d+:\d+ accounts\[3\]\.labels/],
    ];
    for (const [body, message] of cases) {
      const response = await call(h, 'POST', '/api/v1/accounts', { body, headers: { 'if-match': etag } });
      expect([JSON.stringify(body), response.status, response.json.error]).toEqual([JSON.stringify(body), 400, 'invalid account']);
      expect(response.json.issues).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      expect(JSON.stringify(response.json)).not.toContain('ab'.repeat(32));
    }
    expect((await readFile(h.configPath)).equals(before)).toBe(true);
  });

  test('malformed bodies each get a clear 400 and leave the file and the audit log untouched', async () => {
    const before = await readFile(h.configPath);
    const etag = await currentEtag(h);
    const cases: Array<[string, string, RegExp]> = [
      ['not JSON', '{"name": "x",', /^body is not a valid JSON object$/],
      ['JSON null', 'null', /^body is not a valid JSON object$/],
      ['a JSON string', '"ops"', /^body is not a valid JSON object$/],
      ['an array', JSON.stringify([ADD]), /must be a JSON object/],
      ['empty object', '{}', /name: is required/],
      ['wrong types', JSON.stringify({ ...ADD, name: 7, assets: 'USDC', min_balance: { USDC: 'lots' } }), /name: must be a string/],
      ['unknown key', JSON.stringify({ ...ADD, private_key: 'x' }), /unknown key "private_key"/],
      ['__proto__ key', `{"name":"a","network":"ethereum","address":"0x0","__proto__":{"admin":true}}`, /key "__proto__" is not allowed/],
      ['constructor label', JSON.stringify({ ...ADD, labels: { constructor: 'x' } }), /labels: key "constructor" is not allowed/],
      ['prototype key', JSON.stringify({ ...ADD, min_balance: { prototype: 1 } }), /key "prototype" is not allowed/],
      ['huge string', JSON.stringify({ ...ADD, labels: { note: 'x'.repeat(300) } }), /labels\.note: is longer than 256 characters/],
      ['newline in name', JSON.stringify({ ...ADD, name: 'a\nb' }), /name: contains a control character/],
      ['bidi override', JSON.stringify({ ...ADD, name: 'ops\u202Ehot' }), /name: contains an invisible or bidirectional-override character/],
      ['zero-width space', JSON.stringify({ ...ADD, labels: { entity: 'ac\u200Bme' } }), /invisible/],
      ['non-NFC', JSON.stringify({ ...ADD, labels: { entity: 'cafe\u0301' } }), /is not in Unicode normalization form NFC/],
      ['lone surrogate', '{"name":"a\\ud800","network":"ethereum","address":"0x0"}', /unpaired surrogate/],
      ['infinite number', JSON.stringify({ ...ADD }).replace('"USDC":5', '"USDC":1e400'), /min_balance\.USDC: /],
      ['deep nesting', JSON.stringify({ ...ADD, labels: { a: { b: { c: { d: 'x' } } } } }), /nested too deeply/],
      ['new ${VAR} reference', JSON.stringify({ ...ADD, labels: { leak: '${ETH_RPC_URL}' } }), /labels\.leak: a "\$\{…\}" reference can only be written by hand/],
    ];
    for (const [name, rawBody, message] of cases) {
      const response = await call(h, 'POST', '/api/v1/accounts', { rawBody, headers: { 'if-match': etag } });
      expect([name, response.status]).toEqual([name, 400]);
      const text = [response.json.error, ...(response.json.issues ?? [])].join('\n');
      expect([name, text]).toEqual([name, expect.stringMatching(message)]);
    }
    const put = await call(h, 'PUT', '/api/v1/accounts/payroll', { rawBody: '{"network":"solana","address":"x","labels":{"__proto__":"y"}}', headers: { 'if-match': etag } });
    expect(put.status).toBe(400);

    const tooLarge = await call(h, 'POST', '/api/v1/accounts', { rawBody: JSON.stringify({ ...ADD, pad: 'x'.repeat(20_000) }), headers: { 'if-match': etag } });
    expect(tooLarge.status).toBe(413);
    const notJson = await call(h, 'POST', '/api/v1/accounts', { rawBody: 'name=x', headers: { 'if-match': etag, 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);

    expect((await readFile(h.configPath)).equals(before)).toBe(true);
    await expect(readFile(h.auditPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('an unwritable audit log stops the write', async () => {
    const blocked = await startHarness({ auditLogPath: join(h.configPath, 'audit.jsonl') });
    try {
      const before = await readFile(blocked.configPath);
      const response = await call(blocked, 'POST', '/api/v1/accounts', { body: ADD, headers: { 'if-match': await currentEtag(blocked) } });
      expect(response.status).toBe(500);
      expect((await readFile(blocked.configPath)).equals(before)).toBe(true);
    } finally {
      await blocked.close();
    }
  });
});
