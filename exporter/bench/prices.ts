/**
 * Requests per poll cycle for 100 priced assets: the batched CoinGecko and DefiLlama sources
 * against a naive baseline (one request per asset per source), both counted at the local fake
 * servers in the same run.
 */
import { pathToFileURL } from 'node:url';
import { createCoinGeckoSource } from '../src/prices/coingecko.js';
import { createDefiLlamaSource } from '../src/prices/defillama.js';
import { startFakeCoinGecko } from '../src/prices/testing/coingecko-server.js';
import { startFakeDefiLlama } from '../src/prices/testing/defillama-server.js';
import type { PriceSource, PricedAsset } from '../src/prices/types.js';

const assetCount = 100;

export interface BenchPricesResult {
  assets: 100;
  /** Requests the batched sources send for one cycle over all assets. */
  requestsPerCycle: number;
  /** Requests one-asset-at-a-time fetching would send for the same cycle. */
  naiveRequestsPerCycle: number;
}

export async function benchPrices(): Promise<BenchPricesResult> {
  const now = Math.floor(Date.now() / 1000);
  const assets: PricedAsset[] = Array.from({ length: assetCount }, (_, index) => ({
    asset: `BENCH${index}`,
    coingeckoId: `bench-coin-${index}`,
    defillamaId: `ethereum:0x${(index + 1).toString(16).padStart(40, '0')}`,
  }));
  const coingeckoServer = await startFakeCoinGecko({
    prices: Object.fromEntries(assets.map((asset, index) => [asset.coingeckoId!, { usd: 1 + index / 100, last_updated_at: now }])),
  });
  const defillamaServer = await startFakeDefiLlama({
    coins: Object.fromEntries(
      assets.map((asset, index) => [
        asset.defillamaId!,
        { price: 1 + index / 100, symbol: `B${index}`, timestamp: now, confidence: 0.99, decimals: 18 },
      ]),
    ),
  });
  try {
    const sources: PriceSource[] = [
      createCoinGeckoSource({ baseUrl: coingeckoServer.baseUrl, timeoutMs: 10_000 }),
      createDefiLlamaSource({ baseUrl: defillamaServer.baseUrl, timeoutMs: 10_000 }),
    ];
    const signal = new AbortController().signal;
    const requestCount = () => coingeckoServer.requests.length + defillamaServer.requests.length;

    const beforeBatched = requestCount();
    const batched = (await Promise.all(sources.map((source) => source.fetchPrices({ assets, signal, now })))).flat();
    const requestsPerCycle = requestCount() - beforeBatched;
    assertAllPriced(batched.length, batched.every((sample) => sample.priceUsd !== undefined));

    const beforeNaive = requestCount();
    let naivePriced = 0;
    for (const source of sources) {
      // Sequential on purpose: the baseline is about request count, not concurrency.
      for (const asset of assets) {
        const [sample] = await source.fetchPrices({ assets: [asset], signal, now });
        if (sample?.priceUsd !== undefined) naivePriced++;
      }
    }
    const naiveRequestsPerCycle = requestCount() - beforeNaive;
    assertAllPriced(naivePriced, true);

    return { assets: assetCount, requestsPerCycle, naiveRequestsPerCycle };
  } finally {
    await coingeckoServer.close();
    await defillamaServer.close();
  }
}

/** A bench that priced nothing would count requests for the wrong reason. */
function assertAllPriced(priced: number, allOk: boolean): void {
  if (priced !== assetCount * 2 || !allOk) throw new Error(`bench priced ${priced} of ${assetCount * 2} samples`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchPrices()));
}
