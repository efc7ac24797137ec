/**
 * Turns the exporter's state into the exposition text served on /metrics. Only what the current
 * config names is rendered, so a removed account or network disappears at the next render.
 */
import type { Config } from '../config/index.js';
import { accountAssets } from '../config/index.js';
import { metrics } from './definitions.js';
import { ExpositionBuilder } from './exposition.js';
import type { TreasuryState } from './treasuryState.js';

export interface RenderParameters {
  config: Config;
  state: TreasuryState;
  version: string;
  /** Poll interval per target network (ms), including price sources. */
  pollIntervals: ReadonlyMap<string, number>;
}

const DEFAULT_PEG_THRESHOLDS = { warning: 0.005, critical: 0.02 };

/** USD value of one unit of a peg currency: 1 for USD, else the FX consensus kept under the currency code. */
export function pegValueUsd(state: TreasuryState, peg: string): number | undefined {
  return peg === 'USD' ? 1 : state.consensusPrices.get(peg);
}

/** The distinct non-USD currencies that assets are pegged to (priced as FX pseudo-assets). */
export function pegCurrencies(config: Config): string[] {
  return [...new Set(Object.values(config.assets).flatMap((a) => (a.peg && a.peg !== 'USD' ? [a.peg] : [])))].sort();
}

/** Total USD value of the given accounts, or undefined while any of their balances is unpriced. */
export function accountsValueUsd(config: Config, state: TreasuryState, accountNames: readonly string[]): number | undefined {
  let total = 0;
  for (const name of accountNames) {
    const account = config.accounts.find((a) => a.name === name);
    if (!account) return undefined;
    for (const { asset } of accountAssets(config, account)) {
      const balance = state.getBalance(name, asset);
      const price = state.consensusPrices.get(asset);
      if (balance === undefined || price === undefined) return undefined;
      total += balance * price;
    }
  }
  return total;
}

/** Renders every series; called once per finished poll cycle, never per scrape. */
export function renderTreasury(parameters: RenderParameters): string {
  return buildTreasuryExposition(parameters).render();
}

/** The exposition before rendering, for callers that also want its series count. */
export function buildTreasuryExposition({ config, state, version, pollIntervals }: RenderParameters): ExpositionBuilder {
  const out = new ExpositionBuilder();

  for (const account of config.accounts) {
    out.add(metrics.accountInfo, { account: account.name, network: account.network, address: account.address, ...account.labels }, 1);
  }
  for (const account of config.accounts) {
    for (const { asset } of accountAssets(config, account)) {
      const balance = state.getBalance(account.name, asset);
      if (balance === undefined) continue;
      const labels = { account: account.name, network: account.network, asset };
      out.add(metrics.accountBalance, labels, balance);
      const unconfirmed = state.unconfirmed.get(account.name)?.get(asset);
      if (unconfirmed !== undefined) out.add(metrics.accountBalanceUnconfirmed, labels, unconfirmed);
      const price = state.consensusPrices.get(asset);
      if (price !== undefined) out.add(metrics.accountBalanceUsd, labels, balance * price);
    }
  }
  for (const account of config.accounts) {
    for (const [asset, minimum] of Object.entries(account.min_balance ?? {})) {
      out.add(metrics.accountBalanceMinimum, { account: account.name, network: account.network, asset }, minimum);
    }
  }

  for (const [asset, assetConfig] of Object.entries(config.assets)) {
    const price = state.consensusPrices.get(asset);
    if (price !== undefined) out.add(metrics.assetPriceUsd, { asset }, price);
    for (const [source, reading] of state.sourcePrices.get(asset) ?? []) {
      if (reading.priceUsd !== undefined) out.add(metrics.assetSourcePriceUsd, { asset, source }, reading.priceUsd);
      if (reading.updatedAt !== undefined) out.add(metrics.assetSourceUpdated, { asset, source }, reading.updatedAt);
      if (reading.maxAgeSeconds !== undefined) out.add(metrics.assetSourceMaxAge, { asset, source }, reading.maxAgeSeconds);
    }
    const divergence = state.divergence.get(asset);
    if (divergence !== undefined) out.add(metrics.assetPriceDivergence, { asset }, divergence);

    if (assetConfig.peg) {
      const pegUsd = pegValueUsd(state, assetConfig.peg);
      if (price !== undefined && pegUsd !== undefined) {
        out.add(metrics.stablecoinPegDeviation, { asset, peg: assetConfig.peg }, price / pegUsd - 1);
      }
      const thresholds = assetConfig.peg_thresholds ?? DEFAULT_PEG_THRESHOLDS;
      out.add(metrics.stablecoinPegThreshold, { asset, severity: 'warning' }, thresholds.warning);
      out.add(metrics.stablecoinPegThreshold, { asset, severity: 'critical' }, thresholds.critical);
    }
  }

  // The FX price behind each non-USD peg, so a EUR stablecoin's deviation can be checked by eye.
  for (const peg of pegCurrencies(config)) {
    const fx = state.consensusPrices.get(peg);
    if (fx !== undefined && !(peg in config.assets)) out.add(metrics.assetPriceUsd, { asset: peg }, fx);
  }

  for (const reserve of config.reserves ?? []) {
    const asset = reserve.stablecoin;
    const supplies = state.supply.get(asset);
    let totalSupply: number | undefined = 0;
    for (const network of reserve.supply_on) {
      const supply = supplies?.get(network);
      if (supply === undefined) totalSupply = undefined;
      else {
        out.add(metrics.stablecoinSupply, { asset, network }, supply);
        if (totalSupply !== undefined) totalSupply += supply;
      }
    }
    const reserves = reserve.proof_of_reserve
      ? state.proofOfReserveUsd.get(asset)
      : accountsValueUsd(config, state, reserve.reserve_accounts ?? []);
    if (reserves !== undefined) out.add(metrics.stablecoinReservesUsd, { asset }, reserves);
    const pegUsd = pegValueUsd(state, config.assets[asset]?.peg ?? 'USD');
    if (reserves !== undefined && totalSupply !== undefined && totalSupply > 0 && pegUsd !== undefined) {
      out.add(metrics.stablecoinReserveRatio, { asset }, reserves / (totalSupply * pegUsd));
    }
  }

  for (const health of state.health.values()) {
    const labels = { network: health.network, target: health.target };
    out.add(metrics.targetUp, labels, health.up ? 1 : 0);
    if (health.lastSuccess !== null) out.add(metrics.targetLastSuccess, labels, health.lastSuccess);
  }
  for (const [network, intervalMs] of pollIntervals) out.add(metrics.targetPollInterval, { network }, intervalMs / 1000);
  for (const [network, seconds] of state.pollDurations) out.add(metrics.pollDuration, { network }, seconds);
  for (const { network, endpoint, outcome, count } of state.requestCounts.values()) {
    out.add(metrics.rpcRequests, { network, endpoint, outcome }, count);
  }

  out.add(metrics.configReloadSuccessful, {}, state.configReload.successful ? 1 : 0);
  out.add(metrics.configReloadSuccessTimestamp, {}, state.configReload.timestamp);
  out.add(metrics.buildInfo, { version }, 1);
  return out;
}
