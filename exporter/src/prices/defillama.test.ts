import { afterEach, describe, expect, it } from '@jest/globals';
import type { RequestRecord } from '../chains/types.js';
import { createDefiLlamaSource, type CreateDefiLlamaSourceParameters } from './defillama.js';
import { startFakeDefiLlama, type FakeDefiLlama } from './testing/defillama-server.js';
import type { PricedAsset } from './types.js';

const signal = new AbortController().signal;
const usdcKey = 'ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';

let fake: FakeDefiLlama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(source: Partial<CreateDefiLlamaSourceParameters> = {}) {
  fake = await startFakeDefiLlama({
    coins: {
      'coingecko:ethereum': { price: 3011.25, symbol: 'ETH', timestamp: 1_700_000_005, confidence: 0.99 },
      [usdcKey]: { price: 0.9991, symbol: 'USDC', timestamp: 1_700_000_006, confidence: 0.99, decimals: 6 },
      'ethereum:0x1111111111111111111111111111111111111111': {
        price: 4.2,
        symbol: 'THIN',
        timestamp: 1_700_000_007,
        confidence: 0.2,
        decimals: 18,
      },
    },
  });
  const records: RequestRecord[] = [];
  const defillama = createDefiLlamaSource({
    baseUrl: fake.baseUrl,
    timeoutMs: 2_000,
    recordRequest: (record) => records.push(record),
    ...source,
  });
  return { fake, defillama, records };
}

const eth: PricedAsset = { asset: 'ETH', defillamaId: 'coingecko:ethereum' };
const usdc: PricedAsset = { asset: 'USDC', defillamaId: usdcKey };

describe('createDefiLlamaSource', () => {
  it('prices every coin in one GET /prices/current/{coins} with comma-separated keys', async () => {
    const { fake, defillama, records } = await setup();
    const samples = await defillama.fetchPrices({ assets: [eth, usdc], signal });
    expect(samples).toEqual([
      { asset: 'ETH', source: 'defillama', priceUsd: 3011.25, updatedAt: 1_700_000_005 },
      { asset: 'USDC', source: 'defillama', priceUsd: 0.9991, updatedAt: 1_700_000_006 },
    ]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe(`/prices/current/coingecko:ethereum,${usdcKey}`);
    expect(fake.requests[0]!.rawQuery).toBe('');
    expect(fake.violations).toEqual([]);
    expect(records).toEqual([{ endpoint: new URL(fake.baseUrl).host, outcome: 'success' }]);
  });

  it('fails only the unknown coin and the low-confidence one', async () => {
    const { defillama } = await setup();
    const samples = await defillama.fetchPrices({
      assets: [
        eth,
        { asset: 'NOPE', defillamaId: 'coingecko:no-such-coin' },
        { asset: 'THIN', defillamaId: 'ethereum:0x1111111111111111111111111111111111111111' },
      ],
      signal,
    });
    expect(samples).toEqual([
      { asset: 'ETH', source: 'defillama', priceUsd: 3011.25, updatedAt: 1_700_000_005 },
      { asset: 'NOPE', source: 'defillama', error: 'unknown defillama coin "coingecko:no-such-coin"' },
      {
        asset: 'THIN',
        source: 'defillama',
        error: 'low confidence 0.2 < 0.5 for "ethereum:0x1111111111111111111111111111111111111111"',
        updatedAt: 1_700_000_007,
      },
    ]);
  });

  it('matches an EVM address key answered in another letter case', async () => {
    const { fake, defillama } = await setup();
    fake.setCoin('ethereum:0xdac17f958d2ee523a2206206994597c13d831ec7', {
      price: 1.0002,
      symbol: 'USDT',
      timestamp: 1_700_000_008,
      confidence: 0.99,
      decimals: 6,
    });
    // Asked checksummed, answered under the lower-case key the fake stores.
    const checksummed = { asset: 'USDT', defillamaId: 'ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7' };
    await expect(defillama.fetchPrices({ assets: [checksummed], signal })).resolves.toEqual([
      { asset: 'USDT', source: 'defillama', priceUsd: 1.0002, updatedAt: 1_700_000_008 },
    ]);
  });

  it('skips assets without a DefiLlama key (fiat pseudo-assets) and sends nothing for none', async () => {
    const { fake, defillama } = await setup();
    await expect(defillama.fetchPrices({ assets: [{ asset: 'EUR', fiatCurrency: 'EUR' }], signal })).resolves.toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('handles 429 with Retry-After, 5xx and malformed JSON', async () => {
    const { fake, defillama, records } = await setup({ maxRetryAfterMs: 1_000 });
    const host = new URL(fake.baseUrl).host;
    fake.enqueue({ kind: 'rate_limited', retryAfter: '0' });
    await expect(defillama.fetchPrices({ assets: [eth], signal })).resolves.toHaveLength(1);
    fake.enqueue({ kind: 'rate_limited', retryAfter: '30' });
    await expect(defillama.fetchPrices({ assets: [eth], signal })).rejects.toThrow(`${host}: rate limited, retry after 30s`);
    fake.enqueue({ kind: 'rate_limited' });
    await expect(defillama.fetchPrices({ assets: [eth], signal })).rejects.toThrow(`${host}: rate limited`);
    fake.enqueue({ kind: 'server_error', status: 500 });
    await expect(defillama.fetchPrices({ assets: [eth], signal })).rejects.toThrow(`${host}: HTTP 500`);
    fake.enqueue({ kind: 'malformed_json' });
    await expect(defillama.fetchPrices({ assets: [eth], signal })).rejects.toThrow(`${host}: malformed JSON response`);
    expect(records.map((record) => record.outcome)).toEqual([
      'rate_limited',
      'success',
      'rate_limited',
      'rate_limited',
      'error',
      'error',
    ]);
    expect(fake.requests).toHaveLength(6);
  });

  it('asks for 100 assets (address keys) in exactly one request', async () => {
    const { fake, defillama } = await setup();
    const assets = Array.from({ length: 100 }, (_, index) => ({
      asset: `T${index}`,
      defillamaId: `ethereum:0x${index.toString(16).padStart(40, '0')}`,
    }));
    for (const { defillamaId } of assets) {
      fake.setCoin(defillamaId, { price: 2.5, symbol: 'T', timestamp: 1_700_000_000, confidence: 0.99, decimals: 18 });
    }
    const samples = await defillama.fetchPrices({ assets, signal });
    expect(fake.requests).toHaveLength(1);
    expect(fake.violations).toEqual([]);
    expect(samples.filter((sample) => sample.priceUsd === 2.5)).toHaveLength(100);
  });
});
