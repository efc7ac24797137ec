/**
 * The ledger in a whole exporter: balances moved on a real anvil node and an account added
 * through the admin API come out as rows in a real PostgreSQL; an exporter whose database is
 * unreachable starts and polls as usual; the database password appears in no log line, no
 * /metrics series and no admin API answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { parseEther, type Address } from 'viem';
import { startDevnet, type Devnet } from '../devnet/devnet.js';
import { startExporter, type RunningExporter } from '../main.js';
import { configSecrets } from '../server/admin/redact.js';
import { parseExposition, sampleValue, waitFor } from '../testing/exposition.js';
import { startTcpGate, type TcpGate } from './testing/tcpGate.js';
import { startTestPostgres, type TestPostgres } from './testing/postgres.js';

const ADMIN_TOKEN = 'ledger-admin-token-0123456789';
const ops: Address = '0x00000000000000000000000000000000000A11cE';
const cold: Address = '0x0000000000000000000000000000000000C0FFEE';

let devnet: Devnet;
let postgres: TestPostgres;
let gate: TcpGate;
let db: pg.Pool;
let dir: string;
let logs = '';
const exporters: RunningExporter[] = [];

const sink = new Writable({
  write(chunk, _encoding, done) {
    logs += String(chunk);
    done();
  },
});

function configYaml(): string {
  return `version: 1
exporter: { poll_interval: 200ms, request_timeout: 1s }
networks:
  devnet: { kind: evm, chain_id: ${devnet.chainId}, rpc_urls: ["${devnet.rpcUrl}"] }
assets:
  ETH: { on: { devnet: native } }
accounts:
  - name: ops-hot
    network: devnet
    address: "${ops}"
ledger:
  postgres_url: "\${TREASURY_LEDGER_URL}"
`;
}

async function start(name: string, ledgerUrl: string): Promise<RunningExporter> {
  const configPath = join(dir, `${name}.yaml`);
  await writeFile(configPath, configYaml());
  const exporter = await startExporter({
    configPath,
    listen: { host: '127.0.0.1', port: 0 },
    logger: pino({ level: 'debug' }, sink),
    env: { TREASURY_LEDGER_URL: ledgerUrl, TREASURY_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  exporters.push(exporter);
  return exporter;
}

const admin = (exporter: RunningExporter, path: string, init: RequestInit = {}) =>
  fetch(`${exporter.url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...init.headers } });

async function ethRows(account: string) {
  const result = await db.query(`SELECT previous, current, delta, price_usd, delta_usd FROM tcc_balance_changes WHERE account = $1 AND asset = 'ETH' ORDER BY id`, [
    account,
  ]);
  return result.rows;
}

beforeAll(async () => {
  [devnet, postgres] = await Promise.all([startDevnet(), startTestPostgres()]);
  gate = await startTcpGate({ target: postgres.url });
  db = new pg.Pool({ connectionString: postgres.url, max: 2 });
  dir = await mkdtemp(join(tmpdir(), 'tcc-ledger-'));
  await devnet.setNativeBalance(ops, parseEther('3.25'));
  await devnet.setNativeBalance(cold, parseEther('1000.5'));
});

afterAll(async () => {
  for (const exporter of exporters) await exporter.stop();
  await db?.end();
  await gate?.close();
  await Promise.all([postgres?.stop(), devnet?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('balance changes on-chain and an admin API write become ledger rows', async () => {
  const exporter = await start('main', postgres.url);
  expect(await waitFor('first ops-hot row', async () => ((await ethRows('ops-hot')).length > 0 ? ethRows('ops-hot') : undefined))).toEqual([
    { previous: null, current: 3.25, delta: null, price_usd: null, delta_usd: null },
  ]);

  await devnet.setNativeBalance(ops, parseEther('4.5'));
  await waitFor('second ops-hot row', async () => ((await ethRows('ops-hot')).length === 2 ? true : undefined));

  const list = await admin(exporter, '/api/v1/accounts');
  const etag = list.headers.get('etag')!;
  const created = await admin(exporter, '/api/v1/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'if-match': etag, 'x-grafana-user': 'alice' },
    body: JSON.stringify({ name: 'cold-1', network: 'devnet', address: cold, labels: { purpose: 'custody' } }),
  });
  expect(created.status).toBe(201);

  const configRows = await waitFor('config change row', async () => {
    const result = await db.query(`SELECT actor, action, account, before, after, changed_at FROM tcc_config_changes ORDER BY id`);
    return result.rows.length > 0 ? result.rows : undefined;
  });
  expect(configRows).toEqual([
    {
      actor: 'alice',
      action: 'create',
      account: 'cold-1',
      before: null,
      after: { name: 'cold-1', network: 'devnet', address: cold, labels: { purpose: 'custody' } },
      changed_at: expect.any(Date),
    },
  ]);
  // The new account is polled after the reload; by then ops-hot was polled many times at 4.5.
  expect(await waitFor('cold-1 row', async () => ((await ethRows('cold-1')).length > 0 ? ethRows('cold-1') : undefined))).toEqual([
    { previous: null, current: 1000.5, delta: null, price_usd: null, delta_usd: null },
  ]);
  expect(await ethRows('ops-hot')).toEqual([
    { previous: null, current: 3.25, delta: null, price_usd: null, delta_usd: null },
    { previous: 3.25, current: 4.5, delta: 1.25, price_usd: null, delta_usd: null },
  ]);
  // A failed read writes nothing, and neither does a recovery to the same value.
  const opsUp = async () =>
    sampleValue(parseExposition(await (await fetch(`${exporter.url}/metrics`)).text()), 'treasury_target_up', { target: 'account:ops-hot' });
  await devnet.pause();
  await waitFor('ops-hot read failing', async () => ((await opsUp()) === 0 ? true : undefined));
  await devnet.resume();
  await waitFor('ops-hot read again', async () => ((await opsUp()) === 1 ? true : undefined));
  await exporter.ledger!.flush();
  expect((await ethRows('ops-hot')).map((row) => row.current)).toEqual([3.25, 4.5]);
  expect((await ethRows('cold-1')).map((row) => row.current)).toEqual([1000.5]);

  const rows = await db.query(`SELECT network, extract(epoch FROM observed_at) > 0 AS timed FROM tcc_balance_changes`);
  expect(rows.rows.every((row) => row.network === 'devnet' && row.timed === true)).toBe(true);

  const samples = await waitFor('ledger series', async () => {
    const parsed = parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
    return sampleValue(parsed, 'treasury_ledger_writes_total', { outcome: 'written' }) === 4 ? parsed : undefined;
  });
  expect(sampleValue(samples, 'treasury_ledger_up')).toBe(1);
  expect(sampleValue(samples, 'treasury_ledger_writes_total', { outcome: 'dropped' })).toBe(0);
});

test('with the database unreachable the exporter starts, polls and serves /metrics; rows arrive once it is up', async () => {
  // One exporter per database: the first one would record the same changes again.
  await exporters.shift()!.stop();
  gate.shut();
  const exporter = await start('gated', gate.through(postgres.url));
  const before = await waitFor('a balance on /metrics', async () => {
    const parsed = parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
    return sampleValue(parsed, 'treasury_account_balance', { account: 'ops-hot', asset: 'ETH' }) === 4.5 &&
      sampleValue(parsed, 'treasury_ledger_up') === 0 &&
      (sampleValue(parsed, 'treasury_ledger_queue_length') ?? 0) >= 1
      ? parsed
      : undefined;
  });
  expect(sampleValue(before, 'treasury_ledger_writes_total', { outcome: 'written' })).toBe(0);
  expect(exporter.runner.ready).toBe(true);

  // Same database: the ledger continues from the rows the first exporter wrote.
  await devnet.setNativeBalance(ops, parseEther('2'));
  await waitFor('the new balance queued', () => (exporter.ledger!.stats.queueLength >= 2 ? true : undefined));
  gate.open();
  await waitFor('rows after the database came up', async () => ((await ethRows('ops-hot')).length === 3 ? true : undefined));
  expect((await ethRows('ops-hot'))[2]).toEqual({ previous: 4.5, current: 2, delta: -2.5, price_usd: null, delta_usd: null });
});

test('the database password appears in no log, series or admin API answer', async () => {
  const exporter = exporters[0]!;
  // The admin API's redaction knows the ledger's credentials.
  expect(configSecrets(exporter.store.current.config)).toEqual(expect.arrayContaining([postgres.password, gate.through(postgres.url)]));
  const get = async (path: string) => (await admin(exporter, path)).text();
  const surfaces = {
    logs,
    metrics: await (await fetch(`${exporter.url}/metrics`)).text(),
    status: await get('/api/v1/status'),
    accounts: await get('/api/v1/accounts'),
    networks: await get('/api/v1/networks'),
  };
  expect(logs).toMatch(/"component":"ledger".*"level":50|"level":50.*"component":"ledger"/); // the outage was logged
  for (const [surface, text] of Object.entries(surfaces)) {
    if (text.includes(postgres.password)) throw new Error(`${surface} contains the database password`);
    if (text.includes(encodeURIComponent(postgres.password))) throw new Error(`${surface} contains the encoded database password`);
  }
});
