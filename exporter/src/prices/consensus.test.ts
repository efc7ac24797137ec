import { describe, expect, it } from '@jest/globals';
import { computeConsensus, median } from './consensus.js';
import { fxPricedAsset, pegDeviation, pegUsd } from './peg.js';
import { pricedAssetsFromConfig } from './priced-assets.js';
import type { PriceSample } from './types.js';

const now = 1_700_000_000;

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.99, 0.985])).toBe(0.9875);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('computeConsensus', () => {
  it('USDC at 0.985 (Chainlink) and 0.99 (CoinGecko): median 0.9875, divergence 0.0025/0.9875, peg deviation -0.0125', () => {
    const samples: PriceSample[] = [
      { asset: 'USDC', source: 'chainlink', priceUsd: 0.985, updatedAt: now - 600 },
      { asset: 'USDC', source: 'coingecko', priceUsd: 0.99, updatedAt: now - 30 },
    ];
    const usdc = computeConsensus(samples, { now }).get('USDC')!;
    expect(usdc.fresh).toBe(true);
    expect(usdc.priceUsd).toBe(0.9875);
    expect(usdc.divergenceRatio).toBe(Math.abs(0.985 - 0.9875) / 0.9875);
    expect(usdc.divergenceRatio).toBeCloseTo(0.00253164556962, 14);
    expect(pegDeviation(usdc.priceUsd!, 1)).toBeCloseTo(-0.0125, 15);
    expect(usdc.sources).toEqual([
      { source: 'chainlink', priceUsd: 0.985, updatedAt: now - 600, included: true },
      { source: 'coingecko', priceUsd: 0.99, updatedAt: now - 30, included: true },
    ]);
  });

  it('leaves out stale and failing sources, and one outlier among three does not move the median far', () => {
    const samples: PriceSample[] = [
      { asset: 'ETH', source: 'chainlink', error: 'stale: updated 172800s ago (max age 5400s)', stale: true, updatedAt: now - 172_800 },
      { asset: 'ETH', source: 'coingecko', priceUsd: 3000, updatedAt: now - 60 },
      { asset: 'ETH', source: 'defillama', priceUsd: 3010, updatedAt: now - 90 },
      { asset: 'BTC', source: 'coingecko', priceUsd: 60_000, updatedAt: now },
      { asset: 'BTC', source: 'defillama', priceUsd: 60_100, updatedAt: now },
      { asset: 'BTC', source: 'chainlink', priceUsd: 90_000, updatedAt: now },
    ];
    const consensus = computeConsensus(samples, { now });
    const eth = consensus.get('ETH')!;
    expect(eth.priceUsd).toBe(3005);
    expect(eth.divergenceRatio).toBe(5 / 3005);
    expect(eth.sources[0]).toEqual({
      source: 'chainlink',
      updatedAt: now - 172_800,
      included: false,
      stale: true,
      reason: 'stale: updated 172800s ago (max age 5400s)',
    });
    const btc = consensus.get('BTC')!;
    expect(btc.priceUsd).toBe(60_100);
    expect(btc.divergenceRatio).toBe(29_900 / 60_100);
  });

  it('drops an HTTP source whose own timestamp is older than its max age', () => {
    const consensus = computeConsensus(
      [
        { asset: 'DAI', source: 'coingecko', priceUsd: 1.001, updatedAt: now - 7200 },
        { asset: 'DAI', source: 'defillama', priceUsd: 0.999, updatedAt: now - 100 },
        // Chainlink judges its own age (heartbeat); a fresh-by-heartbeat 20 h old round counts.
        { asset: 'DAI', source: 'chainlink', priceUsd: 1.0, updatedAt: now - 72_000 },
      ],
      { now },
    );
    const dai = consensus.get('DAI')!;
    expect(dai.priceUsd).toBe(0.9995);
    expect(dai.sources[0]).toMatchObject({ included: false, stale: true, reason: 'updated 7200s ago (max age 3600s)' });
  });

  it('gives no consensus when no source is fresh', () => {
    const consensus = computeConsensus(
      [
        { asset: 'USDT', source: 'coingecko', error: 'api.coingecko.com: HTTP 503' },
        { asset: 'USDT', source: 'chainlink', error: 'invalid answer 0 (not positive)', stale: true, updatedAt: now },
      ],
      { now },
    );
    const usdt = consensus.get('USDT')!;
    expect(usdt.fresh).toBe(false);
    expect(usdt.priceUsd).toBeUndefined();
    expect(usdt.divergenceRatio).toBeUndefined();
    expect(usdt.sources.map((source) => source.included)).toEqual([false, false]);
  });

  it('a single fresh source is the consensus with zero divergence', () => {
    const one = computeConsensus([{ asset: 'SOL', source: 'defillama', priceUsd: 150.25, updatedAt: now }], { now }).get('SOL')!;
    expect(one).toMatchObject({ fresh: true, priceUsd: 150.25, divergenceRatio: 0 });
  });
});

describe('pegs and FX', () => {
  it('values a EUR stablecoin against the EUR/USD consensus', () => {
    const consensus = computeConsensus(
      [
        { asset: 'EUR', source: 'coingecko', priceUsd: 1.08, updatedAt: now },
        { asset: 'EUR', source: 'chainlink', priceUsd: 1.09, updatedAt: now },
        { asset: 'EURC', source: 'coingecko', priceUsd: 1.0791, updatedAt: now },
      ],
      { now },
    );
    expect(pegUsd('USD', consensus)).toBe(1);
    expect(pegUsd('EUR', consensus)).toBe(1.085);
    expect(pegUsd('GBP', consensus)).toBeUndefined();
    expect(pegDeviation(consensus.get('EURC')!.priceUsd!, pegUsd('EUR', consensus)!)).toBeCloseTo(1.0791 / 1.085 - 1, 15);
    expect(pegDeviation(1.0791, 1.085)).toBeCloseTo(-0.0059 / 1.085, 12); // −0.00543778801843;
  });

  it('builds the sources\' asset list from config assets, with one FX pseudo-asset per non-USD peg', () => {
    const feed = '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419';
    const eurFeed = '0xb49f677943BC038e9857d61E7d053CaA2C1734C1';
    const assets = pricedAssetsFromConfig(
      {
        ETH: { coingecko_id: 'ethereum', chainlink: { network: 'ethereum', feed, heartbeat: 3_600_000 } },
        USDC: { coingecko_id: 'usd-coin', defillama_id: 'ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', peg: 'USD' },
        EURC: { coingecko_id: 'euro-coin', peg: 'EUR', chainlink: { network: 'base', feed, max_age: 90_000 } },
        RAW: {},
      },
      { fxFeeds: { EUR: { network: 'ethereum', feed: eurFeed } } },
    );
    expect(assets).toEqual([
      {
        asset: 'ETH',
        coingeckoId: 'ethereum',
        defillamaId: 'coingecko:ethereum',
        chainlink: { network: 'ethereum', feed, heartbeatSeconds: 3600 },
      },
      { asset: 'USDC', coingeckoId: 'usd-coin', defillamaId: 'ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
      {
        asset: 'EURC',
        coingeckoId: 'euro-coin',
        defillamaId: 'coingecko:euro-coin',
        chainlink: { network: 'base', feed, maxAgeSeconds: 90 },
      },
      { asset: 'EUR', fiatCurrency: 'EUR', chainlink: { network: 'ethereum', feed: eurFeed } },
    ]);
    expect(fxPricedAsset('chf')).toEqual({ asset: 'CHF', fiatCurrency: 'CHF' });
  });
});
