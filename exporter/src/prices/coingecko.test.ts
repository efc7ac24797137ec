import { afterEach, describe, expect, it } from '@jest/globals';
import type { RequestRecord } from '../chains/types.js';
import { createCoinGeckoSource, type CreateCoinGeckoSourceParameters } from './coingecko.js';
import { startFakeCoinGecko, type FakeCoinGecko, type StartFakeCoinGeckoParameters } from './testing/coingecko-server.js';
import type { PriceSample, PricedAsset } from './types.js';

const apiKey = 'CG-secret-key-do-not-leak-1234';
const signal = new AbortController().signal;

let fake: FakeCoinGecko | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(server: StartFakeCoinGeckoParameters = {}, source: Partial<CreateCoinGeckoSourceParameters> = {}) {
  fake = await startFakeCoinGecko({
    prices: {
      'usd-coin': { usd: 0.99, eur: 0.9, last_updated_at: 1_700_000_000 },
      ethereum: { usd: 3012.5, eur: 2750, last_updated_at: 1_700_000_010 },
      bitcoin: { usd: 60_000, eur: 55_000, last_updated_at: 1_700_000_020 },
    },
    ...server,
  });
  const records: RequestRecord[] = [];
  const coingecko = createCoinGeckoSource({
    baseUrl: fake.baseUrl,
    timeoutMs: 2_000,
    recordRequest: (record) => records.push(record),
    ...source,
  });
  return { fake, coingecko, records };
}

const usdc: PricedAsset = { asset: 'USDC', coingeckoId: 'usd-coin' };
const eth: PricedAsset = { asset: 'ETH', coingeckoId: 'ethereum' };

/** Every string a failure can surface through. */
function failureTexts(outcome: PromiseSettledResult<PriceSample[]>): string[] {
  if (outcome.status === 'rejected') return [String(outcome.reason?.message), String(outcome.reason)];
  return outcome.value.flatMap((sample) => (sample.error ? [sample.error] : []));
}

describe('createCoinGeckoSource', () => {
  it('prices every id in one request with the exact documented query', async () => {
    const { fake, coingecko, records } = await setup();
    const samples = await coingecko.fetchPrices({ assets: [usdc, eth], signal });

    expect(samples).toEqual([
      { asset: 'USDC', source: 'coingecko', priceUsd: 0.99, updatedAt: 1_700_000_000 },
      { asset: 'ETH', source: 'coingecko', priceUsd: 3012.5, updatedAt: 1_700_000_010 },
    ]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/api/v3/simple/price');
    expect(fake.requests[0]!.rawQuery).toBe(
      'ids=usd-coin,ethereum&vs_currencies=usd&include_last_updated_at=true&precision=full',
    );
    expect(fake.requests[0]!.headers['x-cg-demo-api-key']).toBeUndefined();
    expect(fake.violations).toEqual([]);
    expect(records).toEqual([{ endpoint: new URL(fake.baseUrl).host, outcome: 'success' }]);
  });

  it('sends a demo key as x-cg-demo-api-key and a pro key as x-cg-pro-api-key', async () => {
    const demo = await setup({ apiKey: { kind: 'demo', value: apiKey } }, { apiKey, apiKeyKind: 'demo' });
    await expect(demo.coingecko.fetchPrices({ assets: [usdc], signal })).resolves.toHaveLength(1);
    expect(demo.fake.requests[0]!.headers['x-cg-demo-api-key']).toBe(apiKey);
    expect(demo.fake.violations).toEqual([]);
    await demo.fake.close();

    const pro = await setup({ apiKey: { kind: 'pro', value: apiKey } }, { apiKey, apiKeyKind: 'pro' });
    const [sample] = await pro.coingecko.fetchPrices({ assets: [usdc], signal });
    expect(sample).toEqual({ asset: 'USDC', source: 'coingecko', priceUsd: 0.99, updatedAt: 1_700_000_000 });
    expect(pro.fake.requests[0]!.headers['x-cg-pro-api-key']).toBe(apiKey);
    expect(pro.fake.requests[0]!.headers['x-cg-demo-api-key']).toBeUndefined();
    expect(pro.fake.violations).toEqual([]);
  });

  it('defaults to the documented base URL and header of each plan', async () => {
    const { coinGeckoPlans } = await import('./coingecko.js');
    expect(coinGeckoPlans.demo).toEqual({ baseUrl: 'https://api.coingecko.com/api/v3', keyHeader: 'x-cg-demo-api-key' });
    expect(coinGeckoPlans.pro).toEqual({ baseUrl: 'https://pro-api.coingecko.com/api/v3', keyHeader: 'x-cg-pro-api-key' });
  });

  it('fails only the asset whose id CoinGecko does not know', async () => {
    const { coingecko } = await setup();
    const samples = await coingecko.fetchPrices({
      assets: [usdc, { asset: 'NOPE', coingeckoId: 'no-such-coin' }],
      signal,
    });
    expect(samples).toEqual([
      { asset: 'USDC', source: 'coingecko', priceUsd: 0.99, updatedAt: 1_700_000_000 },
      { asset: 'NOPE', source: 'coingecko', error: 'unknown coingecko id "no-such-coin"' },
    ]);
  });

  it('asks once for an id shared by two assets and skips assets without a CoinGecko id', async () => {
    const { fake, coingecko } = await setup();
    const samples = await coingecko.fetchPrices({
      assets: [usdc, { asset: 'USDC.e', coingeckoId: 'usd-coin' }, { asset: 'X', defillamaId: 'coingecko:x' }],
      signal,
    });
    expect(samples.map((sample) => [sample.asset, sample.priceUsd])).toEqual([
      ['USDC', 0.99],
      ['USDC.e', 0.99],
    ]);
    expect(fake.requests[0]!.query.ids).toBe('usd-coin');
    await expect(coingecko.fetchPrices({ assets: [{ asset: 'X', defillamaId: 'coingecko:x' }], signal })).resolves.toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries once after a short Retry-After and succeeds', async () => {
    const { fake, coingecko, records } = await setup();
    fake.enqueue({ kind: 'rate_limited', retryAfter: '0' });
    const samples = await coingecko.fetchPrices({ assets: [usdc], signal });
    expect(samples[0]!.priceUsd).toBe(0.99);
    expect(fake.requests).toHaveLength(2);
    expect(records.map((record) => record.outcome)).toEqual(['rate_limited', 'success']);
  });

  it('fails the cycle with the wait when Retry-After is beyond the bound, without retrying', async () => {
    const { fake, coingecko, records } = await setup({}, { maxRetryAfterMs: 5_000 });
    fake.enqueue({ kind: 'rate_limited', retryAfter: '120' });
    await expect(coingecko.fetchPrices({ assets: [usdc], signal })).rejects.toThrow(
      `${new URL(fake.baseUrl).host}: rate limited, retry after 120s`,
    );
    expect(fake.requests).toHaveLength(1);
    expect(records).toEqual([{ endpoint: new URL(fake.baseUrl).host, outcome: 'rate_limited' }]);
  });

  it('gives up after one retry when still rate limited', async () => {
    const { fake, coingecko } = await setup();
    fake.enqueue({ kind: 'rate_limited', retryAfter: '0' });
    fake.enqueue({ kind: 'rate_limited', retryAfter: '0' });
    await expect(coingecko.fetchPrices({ assets: [usdc], signal })).rejects.toThrow('rate limited, retry after 0s');
    expect(fake.requests).toHaveLength(2);
  });

  it('rejects on 5xx, malformed JSON and a timeout, with the right outcome recorded', async () => {
    const { fake, coingecko, records } = await setup({}, { timeoutMs: 300 });
    const host = new URL(fake.baseUrl).host;
    fake.enqueue({ kind: 'server_error', status: 503 });
    await expect(coingecko.fetchPrices({ assets: [usdc], signal })).rejects.toThrow(`${host}: HTTP 503`);
    fake.enqueue({ kind: 'malformed_json' });
    await expect(coingecko.fetchPrices({ assets: [usdc], signal })).rejects.toThrow(`${host}: malformed JSON response`);
    fake.enqueue({ kind: 'hang' });
    await expect(coingecko.fetchPrices({ assets: [usdc], signal })).rejects.toThrow(`${host}: timed out after 300ms`);
    expect(records.map((record) => record.outcome)).toEqual(['error', 'error', 'timeout']);
  });

  it('never puts the API key in an error, whatever fails', async () => {
    const { fake, coingecko } = await setup({ apiKey: { kind: 'demo', value: apiKey } }, { apiKey, timeoutMs: 300 });
    const scripts = [
      { kind: 'rate_limited', retryAfter: '999' },
      { kind: 'server_error', status: 500 },
      { kind: 'malformed_json' },
      { kind: 'hang' },
    ] as const;
    const texts: string[] = [];
    for (const script of scripts) {
      fake.enqueue(script);
      texts.push(...failureTexts((await Promise.allSettled([coingecko.fetchPrices({ assets: [usdc], signal })]))[0]!));
    }
    // A wrong key is refused by the server with 401; that message must not carry the key either.
    const wrongKey = createCoinGeckoSource({ baseUrl: fake.baseUrl, apiKey: `${apiKey}-wrong` });
    texts.push(...failureTexts((await Promise.allSettled([wrongKey.fetchPrices({ assets: [usdc], signal })]))[0]!));
    expect(texts).toHaveLength(scripts.length * 2 + 2);
    expect(texts.at(-1)).toContain('HTTP 401');
    for (const text of texts) expect(text).not.toContain(apiKey);
  });

  it('prices a fiat pseudo-asset from bitcoin quotes in the same single request', async () => {
    const { fake, coingecko } = await setup();
    const samples = await coingecko.fetchPrices({
      assets: [{ asset: 'EURC', coingeckoId: 'usd-coin' }, { asset: 'EUR', fiatCurrency: 'EUR' }],
      signal,
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.rawQuery).toBe(
      'ids=bitcoin,usd-coin&vs_currencies=usd,eur&include_last_updated_at=true&precision=full',
    );
    expect(samples).toEqual([
      { asset: 'EURC', source: 'coingecko', priceUsd: 0.99, updatedAt: 1_700_000_000 },
      { asset: 'EUR', source: 'coingecko', priceUsd: 60_000 / 55_000, updatedAt: 1_700_000_020 },
    ]);
  });

  it('fails a fiat pseudo-asset whose currency CoinGecko does not quote', async () => {
    const { coingecko } = await setup();
    const [sample] = await coingecko.fetchPrices({ assets: [{ asset: 'XYZ', fiatCurrency: 'XYZ' }], signal });
    expect(sample).toEqual({ asset: 'XYZ', source: 'coingecko', error: 'no xyz quote on "bitcoin" to derive XYZUSD' });
  });

  it('asks for 100 assets in exactly one request', async () => {
    const { fake, coingecko } = await setup();
    const assets = Array.from({ length: 100 }, (_, index) => ({ asset: `A${index}`, coingeckoId: `coin-number-${index}` }));
    for (const { coingeckoId } of assets) fake.setQuote(coingeckoId, { usd: 1.5, last_updated_at: 1_700_000_000 });
    const samples = await coingecko.fetchPrices({ assets, signal });
    expect(fake.requests).toHaveLength(1);
    expect(samples).toHaveLength(100);
    expect(samples.every((sample) => sample.priceUsd === 1.5)).toBe(true);
  });

  it('splits into several requests only when the URL would be too long, and keeps the other chunks on a failure', async () => {
    const { fake, coingecko } = await setup({}, { maxUrlLength: 180 });
    const assets = Array.from({ length: 12 }, (_, index) => ({ asset: `A${index}`, coingeckoId: `coin-number-${index}` }));
    for (const { coingeckoId } of assets) fake.setQuote(coingeckoId, { usd: 2, last_updated_at: 1_700_000_000 });
    fake.enqueue({ kind: 'server_error', status: 502 });
    const samples = await coingecko.fetchPrices({ assets, signal });

    expect(fake.requests.length).toBeGreaterThan(1);
    for (const request of fake.requests) {
      expect(`${fake.baseUrl.replace('/api/v3', '')}${request.path}?${request.rawQuery}`.length).toBeLessThanOrEqual(180);
    }
    const askedIds = fake.requests.flatMap((request) => request.query.ids!.split(','));
    expect(askedIds.sort()).toEqual(assets.map((asset) => asset.coingeckoId).sort());
    // The first chunk got the 502: its assets fail, the rest are priced.
    const firstChunk = new Set(fake.requests[0]!.query.ids!.split(','));
    for (const sample of samples) {
      const id = assets.find((asset) => asset.asset === sample.asset)!.coingeckoId;
      if (firstChunk.has(id)) expect(sample.error).toMatch(/HTTP 502$/);
      else expect(sample.priceUsd).toBe(2);
    }
  });
});
