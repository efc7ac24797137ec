/**
 * Solana, Cardano and Bitcoin balances out of /metrics of a whole exporter, each provider a local
 * server speaking its wire format; one provider failing leaves the others untouched and keeps its
 * own last values, marked stale.
 */
import { validateBitcoinAddress } from './chains/bitcoin/address.js';
import { createFakeEsplora, type FakeEsplora } from './chains/bitcoin/testing/fakeEsplora.js';
import { createFakeBlockfrost, type FakeBlockfrost } from './chains/cardano/testing/fakeBlockfrost.js';
import { TOKEN_PROGRAM_ADDRESS } from './chains/solana/programs.js';
import { startFakeSolanaRpc, type FakeSolanaRpc } from './chains/solana/testing/fakeSolanaRpc.js';
import { sampleValue, waitFor, type Sample } from './testing/exposition.js';
import { startTestExporter, type TestExporter } from './testing/testExporter.js';

// Addresses and keys from the adapters' own tests (published vectors).
const SOL_OWNER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const USDC_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const CARDANO_STAKE = 'stake1ux3g2c9dx2nhhehyrezyxpkstartcqmu9hk63qgfkccw5rqttygt7';
const ZPUB = 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs';
const ZPUB_RECEIVE_0 = 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu';
const ZPUB_CHANGE_0 = 'bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el';
const TAPROOT = 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr';
const PROJECT_ID = 'mainnetSECRETprojectid0123456789';

let solana: FakeSolanaRpc;
let blockfrost: FakeBlockfrost;
let esplora: FakeEsplora;
let harness: TestExporter;

const scrape = (): Promise<Sample[]> => harness.scrape();
const balance = (samples: Sample[], account: string, asset: string) => sampleValue(samples, 'treasury_account_balance', { account, asset });

beforeAll(async () => {
  solana = await startFakeSolanaRpc();
  solana.setLamports(SOL_OWNER, 12_345_678_901n);
  solana.createMint(USDC_MINT, 6, TOKEN_PROGRAM_ADDRESS);
  await solana.setTokenBalance(SOL_OWNER, USDC_MINT, 1_234_567_890n);

  blockfrost = await createFakeBlockfrost({ projectId: PROJECT_ID });
  blockfrost.setStakeAccount(CARDANO_STAKE, { controlledLovelace: 1_000_500_000n });

  esplora = await createFakeEsplora({ isValidAddress: (a) => validateBitcoinAddress(a, 'mainnet') === null });
  esplora.setAddress(ZPUB_RECEIVE_0, { funded: 30_000_000n, txCount: 1 });
  esplora.setAddress(ZPUB_CHANGE_0, { funded: 5_000_000n, txCount: 1 });
  esplora.setAddress(TAPROOT, { funded: 100_000_000n, txCount: 1, mempoolSpent: 2_500_000n, mempoolTxCount: 1 });

  harness = await startTestExporter(
    `version: 1
exporter: { poll_interval: 200ms, request_timeout: 1s }
networks:
  solana: { kind: solana, rpc_urls: ["${solana.url}"] }
  cardano: { kind: cardano, blockfrost_project_id: "\${BLOCKFROST_PROJECT_ID}", base_url: "${blockfrost.url}" }
  bitcoin: { kind: bitcoin, esplora_urls: ["${esplora.url}"], gap_limit: 3 }
assets:
  SOL: { on: { solana: native } }
  USDC: { peg: USD, on: { solana: "${USDC_MINT}" } }
  ADA: { on: { cardano: native } }
  BTC: { on: { bitcoin: native } }
accounts:
  - { name: sol-ops, network: solana, address: "${SOL_OWNER}" }
  - { name: ada-treasury, network: cardano, address: "${CARDANO_STAKE}" }
  - { name: btc-cold, network: bitcoin, address: "${ZPUB}" }
  - { name: btc-taproot, network: bitcoin, address: "${TAPROOT}" }
`,
    { env: { BLOCKFROST_PROJECT_ID: PROJECT_ID } },
  );
});

afterAll(async () => {
  await harness?.close();
  await Promise.all([solana?.close(), blockfrost?.close(), esplora?.close()]);
});

test('known balances on three chain families come out of /metrics exactly', async () => {
  await waitFor('readiness', async () => ((await fetch(`${harness.exporter.url}/readyz`)).ok ? true : undefined));
  const samples = await scrape();
  expect(balance(samples, 'sol-ops', 'SOL')).toBe(12.345678901);
  expect(balance(samples, 'sol-ops', 'USDC')).toBe(1234.56789);
  expect(balance(samples, 'ada-treasury', 'ADA')).toBe(1000.5);
  expect(balance(samples, 'btc-cold', 'BTC')).toBe(0.35);
  expect(balance(samples, 'btc-taproot', 'BTC')).toBe(1);
  expect(sampleValue(samples, 'treasury_account_balance_unconfirmed', { account: 'btc-taproot', asset: 'BTC' })).toBe(-0.025);
  for (const target of ['account:sol-ops', 'account:ada-treasury', 'account:btc-cold', 'account:btc-taproot']) {
    expect(samples.find((s) => s.name === 'treasury_target_up' && s.labels.target === target)?.value).toBe(1);
  }
  const text = await (await fetch(`${harness.exporter.url}/metrics`)).text();
  expect(text).not.toContain(PROJECT_ID);
});

test('a failing provider keeps its last values, marked stale, and leaves the other networks untouched', async () => {
  esplora.failNext({ kind: 'server-error', status: 503 }, { times: Infinity });
  esplora.setAddress(TAPROOT, { funded: 100_000_000n, txCount: 1 }); // would read 1 BTC, 0 pending: never seen
  solana.setLamports(SOL_OWNER, 2_000_000_000n);
  const samples = await waitFor('bitcoin down, solana updated', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_target_up', { network: 'bitcoin', target: 'account:btc-cold' }) === 0 && balance(s, 'sol-ops', 'SOL') === 2
      ? s
      : undefined;
  });
  expect(balance(samples, 'btc-cold', 'BTC')).toBe(0.35);
  expect(balance(samples, 'btc-taproot', 'BTC')).toBe(1);
  expect(sampleValue(samples, 'treasury_account_balance_unconfirmed', { account: 'btc-taproot', asset: 'BTC' })).toBe(-0.025);
  expect(sampleValue(samples, 'treasury_target_up', { network: 'solana', target: 'account:sol-ops' })).toBe(1);
  expect(sampleValue(samples, 'treasury_target_up', { network: 'cardano', target: 'account:ada-treasury' })).toBe(1);
  expect(balance(samples, 'ada-treasury', 'ADA')).toBe(1000.5);
  const status = harness.exporter.runner.targets.find((t) => t.target === 'account:btc-cold');
  expect(status?.lastError).toContain('127.0.0.1');
  expect(sampleValue(samples, 'treasury_rpc_requests_total', { network: 'bitcoin', outcome: 'error' })).toBeGreaterThan(0);
});
