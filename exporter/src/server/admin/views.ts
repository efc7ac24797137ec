import type { Config } from '../../config/index.js';
import { ACCOUNT_KEY_ORDER } from './account-body.js';

/** An account as the API returns it: the file's account keys only, as written (not interpolated). */
export function accountView(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const view: Record<string, unknown> = {};
  for (const key of ACCOUNT_KEY_ORDER) {
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined) view[key] = value;
  }
  return view;
}

export interface NetworksView {
  networks: Record<string, { kind: string; chain_id?: number }>;
  assets: Record<string, { on: Record<string, string>; peg?: string }>;
}

/**
 * What the plugin's account form needs to offer valid choices: network kinds and chain ids, and
 * which asset exists on which network. No endpoint, key or project id is copied.
 */
export function networksView(config: Config): NetworksView {
  const networks: NetworksView['networks'] = {};
  for (const [name, network] of Object.entries(config.networks)) {
    networks[name] = network.kind === 'evm' ? { kind: network.kind, chain_id: network.chain_id } : { kind: network.kind };
  }
  const assets: NetworksView['assets'] = {};
  for (const [symbol, asset] of Object.entries(config.assets)) {
    assets[symbol] = asset.peg === undefined ? { on: { ...asset.on } } : { on: { ...asset.on }, peg: asset.peg };
  }
  return { networks, assets };
}
