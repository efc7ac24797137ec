/**
 * The price poll: every configured source is asked for every asset it can price, the fresh
 * answers are reduced to a median, and the last good consensus is kept when none is fresh.
 * Health is per (source, asset), `network="prices"`, `target="price:<source>:<asset>"`, so an
 * alert can say which feed of which asset went stale.
 */
import type { Client } from 'viem';
import type { Config } from '../config/index.js';
import type { EvmAdapter } from '../chains/evm/adapter.js';
import {
  chainlinkMaxAgeSeconds,
  computeConsensus,
  createChainlinkSource,
  createCoinGeckoSource,
  createDefiLlamaSource,
  defaultMaxAgeSeconds,
  pricedAssetsFromConfig,
  type PricedAsset,
  type PriceSample,
  type PriceSource,
} from '../prices/index.js';
import { errorMessage, type PollContext, type PollJob } from './pollContext.js';

export const PRICES_NETWORK = 'prices';
export const priceTarget = (source: string, asset: string) => `price:${source}:${asset}`;

/**
 * Creates the sources the config asks for: CoinGecko and DefiLlama only when named under
 * `prices:` (no outbound call a user did not configure), Chainlink wherever an asset has a feed.
 */
export function createPriceSources(config: Config, context: PollContext, timeoutMs: number): PriceSource[] {
  const record = (network: string) => (r: Parameters<PollContext['state']['countRequest']>[1]) => context.state.countRequest(network, r);
  const sources: PriceSource[] = [];
  const coingecko = config.prices?.coingecko;
  if (coingecko) {
    sources.push(
      createCoinGeckoSource({
        apiKey: coingecko.api_key,
        apiKeyKind: coingecko.api_key_kind,
        baseUrl: coingecko.base_url,
        timeoutMs,
        recordRequest: record('coingecko'),
      }),
    );
  }
  const defillama = config.prices?.defillama;
  if (defillama) sources.push(createDefiLlamaSource({ baseUrl: defillama.base_url, timeoutMs, recordRequest: record('defillama') }));

  const clients = new Map<string, Client>();
  const multicallAddresses = new Map<string, `0x${string}`>();
  for (const [name, adapter] of context.adapters) {
    if (adapter.kind !== 'evm') continue;
    clients.set(name, (adapter as EvmAdapter).client);
    const network = config.networks[name];
    if (network?.kind === 'evm' && network.multicall_address) multicallAddresses.set(name, network.multicall_address as `0x${string}`);
  }
  // Requests are already counted by each EVM adapter's transport, under the chain's network.
  if (Object.values(config.assets).some((asset) => asset.chainlink)) sources.push(createChainlinkSource({ clients, multicallAddresses }));
  return sources;
}

/** Builds the price job, or none when no asset has a price source configured. */
export function createPriceJob(config: Config, context: PollContext, sources: readonly PriceSource[]): PollJob | undefined {
  const assets = pricedAssetsFromConfig(config.assets, { defillamaFromCoingecko: config.prices?.defillama !== undefined });
  if (sources.length === 0 || assets.length === 0) return undefined;
  const maxAges = new Map<string, number>();
  for (const asset of assets) {
    if (asset.chainlink) maxAges.set(`chainlink\u0000${asset.asset}`, chainlinkMaxAgeSeconds(asset.chainlink));
  }

  return {
    network: PRICES_NETWORK,
    intervalMs: config.exporter.poll_interval,
    run: async (signal) => {
      const now = context.now();
      const results = await Promise.all(sources.map((source) => pollSource(source, assets, signal, now)));
      if (signal.aborted) return;
      const samples = results.flat();
      const { state } = context;
      for (const sample of samples) {
        const maxAgeSeconds = maxAges.get(`${sample.source}\u0000${sample.asset}`) ?? defaultMaxAgeSeconds[sample.source];
        // A failed source keeps its last price series (never 0); its health says it is stale.
        state.setSourcePrice(sample.asset, sample.source, {
          ...(sample.priceUsd !== undefined ? { priceUsd: sample.priceUsd } : {}),
          ...(sample.updatedAt !== undefined ? { updatedAt: sample.updatedAt } : {}),
          ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}),
        });
        const target = priceTarget(sample.source, sample.asset);
        if (sample.error === undefined) state.recordSuccess(PRICES_NETWORK, target, now);
        else state.recordFailure(PRICES_NETWORK, target, sample.error);
      }
      for (const [asset, consensus] of computeConsensus(samples, { now })) {
        if (!consensus.fresh) {
          context.logger.warn({ asset }, 'no fresh price source; keeping the last consensus');
          continue;
        }
        state.consensusPrices.set(asset, consensus.priceUsd);
        state.divergence.set(asset, consensus.divergenceRatio);
      }
    },
  };

  /** One source's samples; a source that is down yields an error sample for each asset it prices. */
  async function pollSource(source: PriceSource, assets: readonly PricedAsset[], signal: AbortSignal, now: number): Promise<PriceSample[]> {
    try {
      return await source.fetchPrices({ assets, signal, now });
    } catch (error) {
      const message = errorMessage(error);
      context.logger.warn({ source: source.name, err: message }, 'price source failed; keeping last prices');
      return assets.filter((asset) => pricesAsset(source.name, asset)).map((asset) => ({ asset: asset.asset, source: source.name, error: message }));
    }
  }
}

function pricesAsset(source: string, asset: PricedAsset): boolean {
  if (source === 'coingecko') return asset.coingeckoId !== undefined || asset.fiatCurrency !== undefined;
  if (source === 'defillama') return asset.defillamaId !== undefined;
  if (source === 'chainlink') return asset.chainlink !== undefined;
  return false;
}
