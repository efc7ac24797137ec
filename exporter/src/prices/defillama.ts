/**
 * DefiLlama `GET /prices/current/{coins}` on coins.llama.fi: every configured coin key in one
 * request (split only past `maxUrlLength`), no key. Coin keys are `coingecko:<id>` or
 * `<chain>:<token address>`; fiat pseudo-assets have none and are skipped.
 */
import { z } from 'zod';
import type { RequestRecorder } from '../chains/types.js';
import { chunkByJoinedLength, getJson } from './http.js';
import type { FetchPricesParameters, PriceSample, PriceSource, PricedAsset } from './types.js';

export const defaultDefiLlamaBaseUrl = 'https://coins.llama.fi';

export interface CreateDefiLlamaSourceParameters {
  baseUrl?: string;
  timeoutMs?: number;
  recordRequest?: RequestRecorder;
  maxRetryAfterMs?: number;
  maxUrlLength?: number;
  /**
   * DefiLlama's own 0..1 confidence in a price; below this the price is reported as an error and
   * kept out of consensus. Prices mirrored from CoinGecko come at 0.99.
   */
  minConfidence?: number;
}

/** `{ coins: { "coingecko:ethereum": { price, symbol, timestamp, confidence, decimals? } } }`. */
const currentPricesResponse = z.object({
  coins: z.record(
    z.string(),
    z.object({
      price: z.number(),
      symbol: z.string().optional(),
      timestamp: z.number(),
      confidence: z.number().optional(),
      decimals: z.number().optional(),
    }),
  ),
});
type CurrentPrices = z.infer<typeof currentPricesResponse>['coins'];

/** Creates the DefiLlama price source. */
export function createDefiLlamaSource({
  baseUrl = defaultDefiLlamaBaseUrl,
  timeoutMs = 10_000,
  recordRequest,
  maxRetryAfterMs = 10_000,
  maxUrlLength = 8_000,
  minConfidence = 0.5,
}: CreateDefiLlamaSourceParameters = {}): PriceSource {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/prices/current/`;

  return {
    name: 'defillama',
    async fetchPrices({ assets, signal }: FetchPricesParameters) {
      const priced = assets.filter((asset) => asset.defillamaId);
      if (priced.length === 0) return [];
      const coins = [...new Set(priced.map((asset) => asset.defillamaId!))];
      // `:` and `,` are legal in a path segment and are what the API expects unescaped.
      const encoded = coins.map((coin) => encodeURIComponent(coin).replaceAll('%3A', ':'));
      const chunks = chunkByJoinedLength(encoded, Math.max(1, maxUrlLength - endpoint.length));

      const settled = await Promise.allSettled(
        chunks.map(async (chunk) => {
          const url = new URL(endpoint + chunk.join(','));
          const body = await getJson({ url, timeoutMs, signal, recordRequest, maxRetryAfterMs });
          const parsed = currentPricesResponse.safeParse(body);
          if (!parsed.success) throw new Error(`${url.host}: unexpected /prices/current response shape`);
          return parsed.data.coins;
        }),
      );
      if (settled.every((outcome) => outcome.status === 'rejected')) {
        throw (settled[0] as PromiseRejectedResult).reason;
      }

      const prices: CurrentPrices = {};
      const failedCoins = new Map<string, string>();
      settled.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') Object.assign(prices, outcome.value);
        else {
          const reasonMessage = (outcome.reason as { message?: unknown })?.message;
          const message = typeof reasonMessage === 'string' ? reasonMessage : String(outcome.reason);
          for (const coin of chunks[index]!) failedCoins.set(decodeURIComponent(coin), message);
        }
      });

      return priced.map((asset) => sampleFor(asset, prices, failedCoins, minConfidence));
    },
  };
}

function sampleFor(
  asset: PricedAsset,
  prices: CurrentPrices,
  failedCoins: Map<string, string>,
  minConfidence: number,
): PriceSample {
  const base = { asset: asset.asset, source: 'defillama' };
  const coin = asset.defillamaId!;
  const failure = failedCoins.get(coin);
  if (failure) return { ...base, error: failure };
  const entry = prices[coin] ?? findCaseInsensitive(prices, coin);
  if (!entry) return { ...base, error: `unknown defillama coin "${coin}"` };
  if (!(entry.price > 0)) return { ...base, error: `non-positive price for "${coin}"` };
  if (entry.confidence !== undefined && entry.confidence < minConfidence) {
    return { ...base, error: `low confidence ${entry.confidence} < ${minConfidence} for "${coin}"`, updatedAt: entry.timestamp };
  }
  return { ...base, priceUsd: entry.price, updatedAt: entry.timestamp };
}

/**
 * DefiLlama may answer an EVM address key in another letter case than it was asked (checksummed
 * vs lower-case); it is the same token, so match those case-insensitively as a fallback. Other
 * keys (Solana base58) are case-sensitive and must match exactly.
 */
function findCaseInsensitive(prices: CurrentPrices, coin: string) {
  if (!/:0x[0-9a-fA-F]{40}$/.test(coin)) return undefined;
  const wanted = coin.toLowerCase();
  for (const [key, value] of Object.entries(prices)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
