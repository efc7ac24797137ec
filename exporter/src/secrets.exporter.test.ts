/**
 * Secrets never leave the process: an RPC URL with a key in its path and query, a CoinGecko key
 * the provider refuses, a Blockfrost project id and the admin token are configured, every one of
 * them made to fail, and none of them appears in the logs, /metrics or any admin API answer.
 */
import { Writable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { getAddress, type Address } from 'viem';
import { createFakeBlockfrost, type FakeBlockfrost } from './chains/cardano/testing/fakeBlockfrost.js';
import { startDevnet, type Devnet } from './devnet/devnet.js';
import { startExporter, type RunningExporter } from './main.js';
import { startFakeCoinGecko, type FakeCoinGecko } from './prices/testing/coingecko-server.js';
import { waitFor } from './testing/exposition.js';

const RPC_PATH_KEY = 'rpcPathKey0123456789';
const RPC_QUERY_KEY = 'rpcQueryKey9876543210';
const COINGECKO_KEY = 'CG-wrongKey-0123456789';
const PROJECT_ID = 'mainnetProjectIdSecret42';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const WRONG_TOKEN = 'presented-wrong-token-xyz';
const SECRETS = [RPC_PATH_KEY, RPC_QUERY_KEY, COINGECKO_KEY, PROJECT_ID, ADMIN_TOKEN, WRONG_TOKEN];

let devnet: Devnet;
let coingecko: FakeCoinGecko;
let blockfrost: FakeBlockfrost;
let exporter: RunningExporter;
let dir: string;
let logs = '';

beforeAll(async () => {
  devnet = await startDevnet();
  const token: Address = getAddress(await devnet.deployToken({ symbol: 'USDC', decimals: 6 }));
  // The provider expects another key: every price request is refused with 401.
  coingecko = await startFakeCoinGecko({ prices: { 'usd-coin': { usd: 1, last_updated_at: 1 } }, apiKey: { kind: 'demo', value: 'the-right-key' } });
  blockfrost = await createFakeBlockfrost({ projectId: 'a-different-project' }); // 403 for ours
  dir = await mkdtemp(join(tmpdir(), 'tcc-secrets-'));
  const configPath = join(dir, 'treasury.yaml');
  await writeFile(
    configPath,
    `version: 1
exporter: { poll_interval: 200ms, request_timeout: 500ms }
networks:
  devnet:
    kind: evm
    chain_id: ${devnet.chainId}
    # The first endpoint is dead and carries a key; the second is the real node.
    rpc_urls: ["\${DEAD_RPC_URL}", "${devnet.rpcUrl}"]
  cardano: { kind: cardano, blockfrost_project_id: "\${BLOCKFROST_PROJECT_ID}", base_url: "${blockfrost.url}" }
prices:
  coingecko: { api_key: "\${COINGECKO_API_KEY}", api_key_kind: demo, base_url: "${coingecko.baseUrl}" }
assets:
  USDC: { coingecko_id: usd-coin, peg: USD, on: { devnet: "${token}" } }
  ADA: { on: { cardano: native } }
accounts:
  - { name: ops, network: devnet, address: "0x00000000000000000000000000000000000A11cE" }
  - { name: ada, network: cardano, address: "stake1ux3g2c9dx2nhhehyrezyxpkstartcqmu9hk63qgfkccw5rqttygt7" }
`,
  );
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk);
      done();
    },
  });
  exporter = await startExporter({
    configPath,
    listen: { host: '127.0.0.1', port: 0 },
    logger: pino({ level: 'debug' }, sink),
    env: {
      DEAD_RPC_URL: `http://127.0.0.1:9/v2/${RPC_PATH_KEY}?apikey=${RPC_QUERY_KEY}`,
      COINGECKO_API_KEY: COINGECKO_KEY,
      BLOCKFROST_PROJECT_ID: PROJECT_ID,
      TREASURY_ADMIN_TOKEN: ADMIN_TOKEN,
    },
  });
});

afterAll(async () => {
  await exporter?.stop();
  await Promise.all([coingecko?.close(), blockfrost?.close(), devnet?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('failing providers, a wrong admin token and the status API leak no secret anywhere', async () => {
  const statusOf = async () =>
    (await (await fetch(`${exporter.url}/api/v1/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      targets: { target: string; up: boolean; last_error: string | null }[];
    };
  // Wait until every failure has happened at least once: the price source and Cardano are down,
  // the EVM account is up through the second endpoint after the first one failed.
  const status = await waitFor('failures recorded', async () => {
    const s = await statusOf();
    const byTarget = new Map(s.targets.map((t) => [t.target, t]));
    return byTarget.get('price:coingecko:USDC')?.up === false && byTarget.get('account:ada')?.up === false && byTarget.get('account:ops')?.up === true
      ? s
      : undefined;
  });
  expect(status.targets.find((t) => t.target === 'price:coingecko:USDC')?.last_error).toMatch(/401/);
  expect(status.targets.find((t) => t.target === 'account:ada')?.last_error).toMatch(/403|Forbidden|project/i);

  const wrong = await fetch(`${exporter.url}/api/v1/accounts`, { headers: { authorization: `Bearer ${WRONG_TOKEN}` } });
  expect(wrong.status).toBe(401);

  const surfaces = {
    logs,
    metrics: await (await fetch(`${exporter.url}/metrics`)).text(),
    status: JSON.stringify(status),
    accounts: await (await fetch(`${exporter.url}/api/v1/accounts`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text(),
    networks: await (await fetch(`${exporter.url}/api/v1/networks`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text(),
    wrongTokenAnswer: await wrong.text(),
  };
  expect(surfaces.metrics).toContain('endpoint="127.0.0.1:9"'); // the dead endpoint is visible, by host only
  expect(logs).toContain('"level":40'); // the failures were logged
  for (const [surface, text] of Object.entries(surfaces)) {
    for (const secret of SECRETS) {
      if (text.includes(secret)) throw new Error(`${surface} contains a secret (${secret.slice(0, 4)}…)`);
    }
  }
});
