/**
 * Prices, USD values, peg deviation and reserve ratios, read from /metrics of a whole exporter:
 * Chainlink feeds and a stablecoin on a real anvil node, CoinGecko as a local server speaking
 * its wire format.
 */
import { getAddress, parseUnits, type Address } from 'viem';
import { startDevnet, type Devnet } from './devnet/devnet.js';
import { startFakeCoinGecko, type FakeCoinGecko } from './prices/testing/coingecko-server.js';
import { sampleValue, waitFor, type Sample } from './testing/exposition.js';
import { startTestExporter, type TestExporter } from './testing/testExporter.js';

const custody: Address = '0x0000000000000000000000000000000000C0FFEE';
const issuer: Address = '0x00000000000000000000000000000000000015Be';
const holder: Address = '0x0000000000000000000000000000000000001111';

let devnet: Devnet;
let coingecko: FakeCoinGecko;
let harness: TestExporter;
let usdcFeed: Address;
let ethFeed: Address;
let tbillFeed: Address;
let now: bigint;

const scrape = (): Promise<Sample[]> => harness.scrape();

beforeAll(async () => {
  devnet = await startDevnet();
  const updated = Math.floor(Date.now() / 1000);
  coingecko = await startFakeCoinGecko({
    prices: {
      'usd-coin': { usd: 0.99, last_updated_at: updated },
      'euro-coin': { usd: 1.08, last_updated_at: updated },
      // CoinGecko's FX comes from one coin quoted in both currencies: EURUSD = 60,000 / 55,000.
      bitcoin: { usd: 60_000, eur: 55_000, last_updated_at: updated },
    },
  });
  now = (await devnet.publicClient.getBlock()).timestamp;
  const usdc = getAddress(await devnet.deployToken({ symbol: 'USDC', decimals: 6 }));
  const eurc = getAddress(await devnet.deployToken({ symbol: 'EURC', decimals: 6 }));
  // The reserves: a tokenised T-bill fund at exactly 1 USD, 950,000 of it in custody.
  const tbill = getAddress(await devnet.deployToken({ symbol: 'TBILL', decimals: 18 }));
  tbillFeed = getAddress(await devnet.deployAggregator({ decimals: 8, description: 'TBILL / USD', answer: 100_000_000n, updatedAt: now }));
  await devnet.mint(tbill, custody, parseUnits('950000', 18));
  usdcFeed = getAddress(await devnet.deployAggregator({ decimals: 8, description: 'USDC / USD', answer: 98_500_000n, updatedAt: now }));
  // Two days old: older than any heartbeat allows.
  ethFeed = getAddress(await devnet.deployAggregator({ decimals: 8, description: 'ETH / USD', answer: 300_000_000_000n, updatedAt: now - 172_800n }));
  // Supply 1,000,000 circulating: 1,200,000 minted, 200,000 held by the issuer and excluded.
  await devnet.mint(usdc, holder, parseUnits('1000000', 6));
  await devnet.mint(usdc, issuer, parseUnits('200000', 6));
  harness = await startTestExporter(
    `version: 1
exporter: { poll_interval: 200ms, request_timeout: 1s }
networks:
  devnet: { kind: evm, chain_id: ${devnet.chainId}, rpc_urls: ["${devnet.rpcUrl}"] }
prices:
  coingecko: { base_url: "${coingecko.baseUrl}" }
assets:
  USDC:
    coingecko_id: usd-coin
    peg: USD
    peg_thresholds: { warning: 0.01, critical: 0.03 }
    chainlink: { network: devnet, feed: "${usdcFeed}", heartbeat: 24h }
    on: { devnet: "${usdc}" }
  EURC:
    coingecko_id: euro-coin
    peg: EUR
    on: { devnet: "${eurc}" }
  TBILL:
    chainlink: { network: devnet, feed: "${tbillFeed}", heartbeat: 24h }
    on: { devnet: "${tbill}" }
  ETH:
    chainlink: { network: devnet, feed: "${ethFeed}" }
    on: { devnet: native }
accounts:
  - { name: custody-1, network: devnet, address: "${custody}", assets: [TBILL] }
reserves:
  - stablecoin: USDC
    supply_on: [devnet]
    excluded_holders: { devnet: ["${issuer}"] }
    reserve_accounts: [custody-1]
`,
  );
});

afterAll(async () => {
  await harness?.close();
  await coingecko?.close();
  await devnet?.stop();
});

test('the consensus is the median of fresh sources; divergence and peg deviation are exact', async () => {
  const samples = await waitFor('consensus', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_asset_price_usd', { asset: 'USDC' }) !== undefined ? s : undefined;
  });
  expect(sampleValue(samples, 'treasury_asset_source_price_usd', { asset: 'USDC', source: 'chainlink' })).toBe(0.985);
  expect(sampleValue(samples, 'treasury_asset_source_price_usd', { asset: 'USDC', source: 'coingecko' })).toBe(0.99);
  expect(sampleValue(samples, 'treasury_asset_price_usd', { asset: 'USDC' })).toBeCloseTo(0.9875, 12);
  expect(sampleValue(samples, 'treasury_asset_price_divergence_ratio', { asset: 'USDC' })).toBeCloseTo(0.0025 / 0.9875, 12);
  expect(sampleValue(samples, 'treasury_stablecoin_peg_deviation_ratio', { asset: 'USDC', peg: 'USD' })).toBeCloseTo(-0.0125, 12);
  expect(sampleValue(samples, 'treasury_stablecoin_peg_threshold_ratio', { asset: 'USDC', severity: 'warning' })).toBe(0.01);
  expect(sampleValue(samples, 'treasury_stablecoin_peg_threshold_ratio', { asset: 'USDC', severity: 'critical' })).toBe(0.03);
  expect(sampleValue(samples, 'treasury_asset_source_updated_timestamp_seconds', { asset: 'USDC', source: 'chainlink' })).toBe(Number(now));
  expect(sampleValue(samples, 'treasury_asset_source_max_age_seconds', { asset: 'USDC', source: 'chainlink' })).toBe(129_600);
  expect(sampleValue(samples, 'treasury_target_up', { network: 'prices', target: 'price:coingecko:USDC' })).toBe(1);
});

test('a EUR stablecoin is measured against EURUSD from the same source', async () => {
  const samples = await waitFor('EUR peg', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_stablecoin_peg_deviation_ratio', { asset: 'EURC' }) !== undefined ? s : undefined;
  });
  expect(sampleValue(samples, 'treasury_asset_price_usd', { asset: 'EUR' })).toBeCloseTo(60_000 / 55_000, 12);
  // 1.08 USD / 1.0909… USD per EUR − 1 = −0.01
  expect(sampleValue(samples, 'treasury_stablecoin_peg_deviation_ratio', { asset: 'EURC', peg: 'EUR' })).toBeCloseTo(-0.01, 12);
});

test('a Chainlink round two days old is left out: no consensus, its health says stale, its age is exported', async () => {
  const samples = await scrape();
  expect(sampleValue(samples, 'treasury_asset_price_usd', { asset: 'ETH' })).toBeUndefined();
  expect(sampleValue(samples, 'treasury_target_up', { network: 'prices', target: 'price:chainlink:ETH' })).toBe(0);
  expect(sampleValue(samples, 'treasury_asset_source_updated_timestamp_seconds', { asset: 'ETH', source: 'chainlink' })).toBe(Number(now - 172_800n));
  expect(sampleValue(samples, 'treasury_asset_source_max_age_seconds', { asset: 'ETH', source: 'chainlink' })).toBe(5400);
  const status = harness.exporter.runner.targets.find((t) => t.target === 'price:chainlink:ETH');
  expect(status?.lastError).toMatch(/stale|old/i);
});

test('supply 1,000,000 (issuer excluded) and reserves worth 950,000 give a reserve ratio of 0.95', async () => {
  const samples = await waitFor('reserve ratio', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_stablecoin_reserve_ratio', { asset: 'USDC' }) !== undefined ? s : undefined;
  });
  expect(sampleValue(samples, 'treasury_stablecoin_supply', { asset: 'USDC', network: 'devnet' })).toBe(1_000_000);
  // Supply reads run in their network's poll job: its interval is the yardstick for staleness.
  expect(sampleValue(samples, 'treasury_target_up', { network: 'devnet', target: 'supply:USDC' })).toBe(1);
  expect(samples.filter((s) => s.name === 'treasury_target_poll_interval_seconds').map((s) => s.labels.network).sort()).toEqual(['devnet', 'prices']);
  expect(sampleValue(samples, 'treasury_stablecoin_reserves_usd', { asset: 'USDC' })).toBe(950_000);
  expect(sampleValue(samples, 'treasury_stablecoin_reserve_ratio', { asset: 'USDC' })).toBe(0.95);
  expect(sampleValue(samples, 'treasury_account_balance_usd', { account: 'custody-1', asset: 'TBILL' })).toBe(950_000);
});

test('a price source that starts failing zeroes nothing: USD series keep their last values', async () => {
  const before = await scrape();
  const usd = sampleValue(before, 'treasury_account_balance_usd', { account: 'custody-1', asset: 'TBILL' })!;
  expect(usd).toBe(950_000);
  // Enough failures to outlast the rest of the test at any machine speed (one request per 200 ms cycle).
  for (let i = 0; i < 1000; i++) coingecko.enqueue({ kind: 'server_error', status: 503 });
  await devnet.setAggregatorRound(usdcFeed, { answer: 98_500_000n, updatedAt: now - 200_000n });
  const during = await waitFor('both sources failing', async () => {
    const s = await scrape();
    return sampleValue(s, 'treasury_target_up', { network: 'prices', target: 'price:coingecko:USDC' }) === 0 &&
      sampleValue(s, 'treasury_target_up', { network: 'prices', target: 'price:chainlink:USDC' }) === 0
      ? s
      : undefined;
  });
  await devnet.setAggregatorRound(tbillFeed, { answer: 0n, updatedAt: now });
  await waitFor('TBILL feed invalid', async () =>
    sampleValue(await scrape(), 'treasury_target_up', { network: 'prices', target: 'price:chainlink:TBILL' }) === 0 ? true : undefined,
  );
  const after = await scrape();
  expect(sampleValue(after, 'treasury_account_balance_usd', { account: 'custody-1', asset: 'TBILL' })).toBe(usd);
  expect(sampleValue(after, 'treasury_stablecoin_reserve_ratio', { asset: 'USDC' })).toBe(0.95);
  expect(sampleValue(during, 'treasury_asset_price_usd', { asset: 'USDC' })).toBeCloseTo(0.9875, 12);
  expect(during.filter((s) => s.name.endsWith('_usd') && s.value === 0)).toEqual([]);
});
