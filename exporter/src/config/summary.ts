import { accountAssets } from './accountAssets.js';
import { formatDuration } from './duration.js';
import type { Config } from './schema.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A human summary for `--check`: what will be polled, counted and named. Never prints URLs,
 * keys or addresses (the check output lands in CI logs).
 */
export function summarizeConfig(config: Config): string {
  const networks = Object.entries(config.networks);
  const assets = Object.entries(config.assets);
  const targets = config.accounts.reduce((sum, account) => sum + accountAssets(config, account).length, 0);
  const lines: string[] = [];
  lines.push(`poll interval ${formatDuration(config.exporter.poll_interval)}, request timeout ${formatDuration(config.exporter.request_timeout)}`);
  lines.push(`${plural(networks.length, 'network')}:`);
  for (const [name, network] of networks) {
    const interval = network.poll_interval === undefined ? '' : `, every ${formatDuration(network.poll_interval)}`;
    const chain = network.kind === 'evm' ? ` chain ${network.chain_id}` : '';
    const accounts = config.accounts.filter((account) => account.network === name).length;
    lines.push(`  ${name} (${network.kind}${chain}${interval}): ${plural(accounts, 'account')}`);
  }
  lines.push(`${plural(assets.length, 'asset')}:`);
  for (const [symbol, asset] of assets) {
    const sources = [asset.coingecko_id && 'coingecko', asset.defillama_id && 'defillama', asset.chainlink && 'chainlink'].filter(Boolean);
    const peg = asset.peg ? `, pegged to ${asset.peg}` : '';
    lines.push(`  ${symbol} on ${Object.keys(asset.on).join(', ')}; prices from ${sources.length > 0 ? sources.join(', ') : 'none'}${peg}`);
  }
  lines.push(`${plural(config.accounts.length, 'account')}, ${plural(targets, 'balance')} to read:`);
  for (const account of config.accounts) {
    const held = accountAssets(config, account).map((entry) => entry.asset);
    lines.push(`  ${account.name} on ${account.network}: ${held.length > 0 ? held.join(', ') : 'no assets'}`);
  }
  lines.push(`${plural(config.reserves.length, 'reserve')}${config.reserves.length > 0 ? ':' : ''}`);
  for (const reserve of config.reserves) {
    const backing = [
      reserve.reserve_accounts?.length ? `accounts ${reserve.reserve_accounts.join(', ')}` : undefined,
      reserve.proof_of_reserve ? `proof of reserve on ${reserve.proof_of_reserve.network}` : undefined,
    ].filter(Boolean);
    lines.push(`  ${reserve.stablecoin}: supply on ${reserve.supply_on.join(', ')}; backed by ${backing.join(' and ')}`);
  }
  return lines.join('\n');
}
