import type { AccountConfig, Config } from './schema.js';

/** One balance to read for an account: the asset symbol and how its network names the token. */
export interface AccountAsset {
  asset: string;
  /** `native` or the network's token id (ERC-20 address, SPL mint, Cardano unit). */
  token: 'native' | string;
}

/**
 * Resolves, for one account, the (asset, token) pairs to read: its explicit `assets`, or every
 * asset configured `on` its network, in the order the file lists them.
 */
export function accountAssets(config: Config, account: AccountConfig): AccountAsset[] {
  const symbols = account.assets ?? Object.keys(config.assets).filter((symbol) => Object.hasOwn(config.assets[symbol]!.on, account.network));
  const resolved: AccountAsset[] = [];
  for (const symbol of symbols) {
    const token = config.assets[symbol]?.on[account.network];
    // A validated config always has it; the guard keeps a hand-built Config from crashing a poll.
    if (token !== undefined) resolved.push({ asset: symbol, token });
  }
  return resolved;
}

/** The poll interval in force for a network: its own override, else `exporter.poll_interval` (ms). */
export function networkPollInterval(config: Config, networkName: string): number {
  return config.networks[networkName]?.poll_interval ?? config.exporter.poll_interval;
}
