/**
 * CoinGecko `/simple/price`: every configured id in one request (split only when the URL would
 * grow past `maxUrlLength`). Fiat pseudo-assets (`fiatCurrency: 'EUR'`) ride along in the same
 * request as extra `vs_currencies`, priced from a reference coin's USD and EUR quotes.
 */
import { z } from 'zod';
import type { RequestRecorder } from '../chains/types.js';
import { chunkByJoinedLength, getJson } from './http.js';
import type { FetchPricesParameters, PriceSample, PriceSource, PricedAsset } from './types.js';

/** Demo (free, keyed or keyless) and Pro (paid) plans differ in host and key header. */
export const coinGeckoPlans = {
  demo: { baseUrl: 'https://api.coingecko.com/api/v3', keyHeader: 'x-cg-demo-api-key' },
  pro: { baseUrl: 'https://pro-api.coingecko.com/api/v3', keyHeader: 'x-cg-pro-api-key' },
} as const;

export interface CreateCoinGeckoSourceParameters {
  /** Sent as the plan's key header; never logged, never in an error. */
  apiKey?: string;
  apiKeyKind?: 'demo' | 'pro';
  /** Overrides the plan's base URL (a proxy, or the test server); ends before `/simple/price`. */
  baseUrl?: string;
  timeoutMs?: number;
  recordRequest?: RequestRecorder;
  /** Longest `Retry-After` (ms) worth waiting for within a cycle; longer fails the cycle. */
  maxRetryAfterMs?: number;
  /** URL length above which the ids are split over several requests. */
  maxUrlLength?: number;
  /**
   * The coin whose `usd` and fiat quotes give the FX rate (EURUSD = usd / eur). CoinGecko derives
   * every fiat quote from one exchange-rate table, so any coin gives the same ratio; bitcoin is
   * quoted in every supported currency.
   */
  fxReferenceId?: string;
}

/** `{ "usd-coin": { "usd": 0.99, "last_updated_at": 1711356300 } }`; unknown ids are absent. */
const simplePriceResponse = z.record(z.string(), z.record(z.string(), z.number().nullable()));
type SimplePriceResponse = z.infer<typeof simplePriceResponse>;

/**
 * Creates the CoinGecko price source. The key (if any) goes in `x-cg-demo-api-key` on
 * api.coingecko.com or `x-cg-pro-api-key` on pro-api.coingecko.com.
 */
export function createCoinGeckoSource({
  apiKey,
  apiKeyKind = 'demo',
  baseUrl = coinGeckoPlans[apiKeyKind].baseUrl,
  timeoutMs = 10_000,
  recordRequest,
  maxRetryAfterMs = 10_000,
  maxUrlLength = 8_000,
  fxReferenceId = 'bitcoin',
}: CreateCoinGeckoSourceParameters = {}): PriceSource {
  const headers: Record<string, string> = apiKey ? { [coinGeckoPlans[apiKeyKind].keyHeader]: apiKey } : {};
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/simple/price`;

  return {
    name: 'coingecko',
    async fetchPrices({ assets, signal, now = Math.floor(Date.now() / 1000) }: FetchPricesParameters) {
      const priced = assets.filter((asset) => asset.coingeckoId || asset.fiatCurrency);
      if (priced.length === 0) return [];
      const fiatAssets = priced.filter((asset) => !asset.coingeckoId);
      const vsCurrencies = unique(['usd', ...fiatAssets.map((asset) => asset.fiatCurrency!.toLowerCase())]);
      // The reference coin goes first so FX never depends on a later chunk.
      const ids = unique([
        ...(fiatAssets.length > 0 ? [fxReferenceId] : []),
        ...priced.flatMap((asset) => (asset.coingeckoId ? [asset.coingeckoId] : [])),
      ]);

      const fixedQuery = `&vs_currencies=${vsCurrencies.join(',')}&include_last_updated_at=true&precision=full`;
      const idBudget = Math.max(1, maxUrlLength - `${endpoint}?ids=${fixedQuery}`.length);
      const chunks = chunkByJoinedLength(ids.map(encodeURIComponent), idBudget);

      const settled = await Promise.allSettled(
        chunks.map(async (encodedIds) => {
          const url = new URL(`${endpoint}?ids=${encodedIds.join(',')}${fixedQuery}`);
          const body = await getJson({ url, headers, timeoutMs, signal, recordRequest, maxRetryAfterMs });
          const parsed = simplePriceResponse.safeParse(body);
          if (!parsed.success) throw new Error(`${url.host}: unexpected /simple/price response shape`);
          return parsed.data;
        }),
      );
      if (settled.every((outcome) => outcome.status === 'rejected')) {
        throw (settled[0] as PromiseRejectedResult).reason;
      }

      const prices: SimplePriceResponse = {};
      const failedIds = new Map<string, string>();
      settled.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') Object.assign(prices, outcome.value);
        else for (const id of chunks[index]!) failedIds.set(decodeURIComponent(id), errorMessage(outcome.reason));
      });

      return priced.map((asset) => sampleFor(asset, prices, failedIds, fxReferenceId, now));
    },
  };
}

function sampleFor(
  asset: PricedAsset,
  prices: SimplePriceResponse,
  failedIds: Map<string, string>,
  fxReferenceId: string,
  now: number,
): PriceSample {
  const base = { asset: asset.asset, source: 'coingecko' };
  const id = asset.coingeckoId ?? fxReferenceId;
  const failure = failedIds.get(id);
  if (failure) return { ...base, error: failure };
  const quote = prices[id];
  if (!quote) return { ...base, error: `unknown coingecko id "${id}"` };
  // CoinGecko omits last_updated_at rarely; the response time is then the best we know.
  const updatedAt = typeof quote.last_updated_at === 'number' ? quote.last_updated_at : now;

  const usd = quote.usd;
  if (typeof usd !== 'number' || !(usd > 0)) return { ...base, error: `no usd price for "${id}"` };
  if (asset.coingeckoId) return { ...base, priceUsd: usd, updatedAt };

  const currency = asset.fiatCurrency!.toLowerCase();
  const fiat = quote[currency];
  if (typeof fiat !== 'number' || !(fiat > 0)) {
    return { ...base, error: `no ${currency} quote on "${id}" to derive ${asset.fiatCurrency}USD` };
  }
  return { ...base, priceUsd: usd / fiat, updatedAt };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : String(error);
}
