import { validateBitcoinAddress, validateBitcoinTokenId } from '../chains/bitcoin/address.js';
import { cardanoNetworkOfProjectId, validateCardanoAddress, validateCardanoTokenId } from '../chains/cardano/address.js';
import { validateEvmAddress, validateEvmTokenId } from '../chains/evm/address.js';
import { validateSolanaAddress, validateSolanaTokenId } from '../chains/solana/address.js';
import type { Anchor, PathSegment } from './positions.js';
import { BITCOIN_CHAINS, NETWORK_KINDS, type NetworkKind } from './schema.js';

/**
 * Checks that span sections (references by name, per-chain address formats). They run on the
 * raw document next to the schema, not after it, so one run reports every problem in the file;
 * each check therefore tolerates values of the wrong type (the schema reports those).
 */

/**
 * One validator pair per chain family, so adding a family is one entry here. `network` is the
 * network's mapping as written (possibly invalid), for families whose formats depend on it.
 */
export const ADDRESS_VALIDATORS: Record<
  NetworkKind,
  { address: (value: string, network: unknown) => string | null; tokenId: (value: string) => string | null }
> = {
  evm: { address: validateEvmAddress, tokenId: validateEvmTokenId },
  solana: { address: validateSolanaAddress, tokenId: validateSolanaTokenId },
  cardano: {
    address: (value, network) => {
      const projectId = isMapping(network) ? network.blockfrost_project_id : undefined;
      return validateCardanoAddress(value, typeof projectId === 'string' ? cardanoNetworkOfProjectId(projectId) : undefined);
    },
    tokenId: validateCardanoTokenId,
  },
  bitcoin: { address: (value, network) => validateBitcoinAddress(value, bitcoinChainOf(network)), tokenId: validateBitcoinTokenId },
};

/** The Bitcoin chain a network follows; undefined when its `chain` is invalid (the schema reports that). */
function bitcoinChainOf(network: unknown): (typeof BITCOIN_CHAINS)[number] | undefined {
  const chain = isMapping(network) ? (network.chain ?? 'mainnet') : undefined;
  return BITCOIN_CHAINS.find((known) => known === chain);
}

export interface CrossCheckIssue {
  path: PathSegment[];
  anchor?: Anchor;
  message: string;
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(value: unknown): Array<[string, unknown]> {
  return isMapping(value) ? Object.entries(value) : [];
}

function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function kindOf(network: unknown): NetworkKind | undefined {
  const kind = isMapping(network) ? network.kind : undefined;
  return NETWORK_KINDS.find((known) => known === kind);
}

function quoteList(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}

/**
 * Runs every cross-section check on the interpolated document.
 * @param lineOf returns the line of a path, for "first at line L" in duplicate messages.
 */
export function crossCheck(document: unknown, lineOf: (path: PathSegment[]) => number): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  if (!isMapping(document)) return issues;
  const networks = isMapping(document.networks) ? document.networks : {};
  const assets = isMapping(document.assets) ? document.assets : {};
  const networkNames = Object.keys(networks);

  const checkNetworkReference = (path: PathSegment[], name: unknown, anchor: Anchor = 'value'): NetworkKind | undefined => {
    if (typeof name !== 'string') return undefined;
    if (!Object.hasOwn(networks, name)) {
      issues.push({ path, anchor, message: `unknown network "${name}" (configured: ${quoteList(networkNames)})` });
      return undefined;
    }
    return kindOf(networks[name]);
  };
  const checkEvmNetworkReference = (path: PathSegment[], name: unknown): void => {
    const kind = checkNetworkReference(path, name);
    if (kind !== undefined && kind !== 'evm') {
      issues.push({ path, message: `network "${String(name)}" is not an EVM network (Chainlink feeds are read on EVM chains)` });
    }
  };
  const checkEvmAddress = (path: PathSegment[], value: unknown): void => {
    if (typeof value !== 'string' || value.length === 0) return;
    const problem = validateEvmAddress(value);
    if (problem) issues.push({ path, message: problem });
  };

  // Networks.
  for (const [name, network] of entries(networks)) {
    if (isMapping(network) && kindOf(network) === 'evm') checkEvmAddress(['networks', name, 'multicall_address'], network.multicall_address);
  }

  // Assets: where they live and how they are priced.
  for (const [symbol, asset] of entries(assets)) {
    if (!isMapping(asset)) continue;
    for (const [networkName, token] of entries(asset.on)) {
      const path: PathSegment[] = ['assets', symbol, 'on', networkName];
      if (!Object.hasOwn(networks, networkName)) {
        issues.push({ path, anchor: 'key', message: `unknown network "${networkName}" (configured: ${quoteList(networkNames)})` });
        continue;
      }
      const kind = kindOf(networks[networkName]);
      if (kind === undefined || typeof token !== 'string' || token === 'native' || token.length === 0) continue;
      const problem = ADDRESS_VALIDATORS[kind].tokenId(token);
      if (problem) issues.push({ path, message: problem });
    }
    if (isMapping(asset.chainlink)) {
      checkEvmNetworkReference(['assets', symbol, 'chainlink', 'network'], asset.chainlink.network);
      checkEvmAddress(['assets', symbol, 'chainlink', 'feed'], asset.chainlink.feed);
    }
    if (isMapping(asset.peg_thresholds)) {
      const { warning, critical } = asset.peg_thresholds;
      if (typeof warning === 'number' && typeof critical === 'number' && critical < warning) {
        issues.push({ path: ['assets', symbol, 'peg_thresholds', 'critical'], message: 'must be at least the warning threshold' });
      }
      if (asset.peg === undefined) {
        issues.push({ path: ['assets', symbol, 'peg_thresholds'], anchor: 'key', message: 'peg_thresholds needs peg (only stablecoins have a peg to deviate from)' });
      }
    }
  }

  // Accounts.
  const accountNames = new Map<string, number>();
  items(document.accounts).forEach((account, index) => {
    if (!isMapping(account)) return;
    const at = (...rest: PathSegment[]): PathSegment[] => ['accounts', index, ...rest];
    if (typeof account.name === 'string') {
      const first = accountNames.get(account.name);
      if (first === undefined) accountNames.set(account.name, index);
      else issues.push({ path: at('name'), message: `duplicate account name "${account.name}" (first at line ${lineOf(['accounts', first, 'name'])})` });
    }
    const networkName = account.network;
    const kind = checkNetworkReference(at('network'), networkName);
    if (kind !== undefined && typeof account.address === 'string' && account.address.length > 0) {
      const problem = ADDRESS_VALIDATORS[kind].address(account.address, networks[networkName as string]);
      if (problem) issues.push({ path: at('address'), message: problem });
    }
    if (typeof networkName !== 'string' || !Object.hasOwn(networks, networkName)) return;

    const onThisNetwork = entries(assets)
      .filter(([, asset]) => isMapping(asset) && isMapping(asset.on) && Object.hasOwn(asset.on, networkName))
      .map(([symbol]) => symbol);
    let accountAssets = onThisNetwork;
    if (Array.isArray(account.assets)) {
      accountAssets = [];
      account.assets.forEach((symbol, assetIndex) => {
        if (typeof symbol !== 'string') return;
        if (!Object.hasOwn(assets, symbol)) {
          issues.push({ path: at('assets', assetIndex), message: `unknown asset "${symbol}" (configured: ${quoteList(Object.keys(assets))})` });
        } else if (!onThisNetwork.includes(symbol)) {
          issues.push({ path: at('assets', assetIndex), message: `asset "${symbol}" is not configured on network "${networkName}" (add it under assets.${symbol}.on)` });
        } else {
          accountAssets.push(symbol);
        }
      });
    }
    for (const [symbol] of entries(account.min_balance)) {
      if (accountAssets.includes(symbol)) continue;
      const message = !Object.hasOwn(assets, symbol)
        ? `unknown asset "${symbol}" (configured: ${quoteList(Object.keys(assets))})`
        : Array.isArray(account.assets)
          ? `asset "${symbol}" is not among this account's assets`
          : `asset "${symbol}" is not configured on network "${networkName}"`;
      issues.push({ path: at('min_balance', symbol), anchor: 'key', message });
    }
  });

  // Reserves.
  const reservedStablecoins = new Map<string, number>();
  items(document.reserves).forEach((reserve, index) => {
    if (!isMapping(reserve)) return;
    const at = (...rest: PathSegment[]): PathSegment[] => ['reserves', index, ...rest];
    const symbol = reserve.stablecoin;
    const asset = typeof symbol === 'string' ? assets[symbol] : undefined;
    if (typeof symbol === 'string') {
      const first = reservedStablecoins.get(symbol);
      if (first !== undefined) {
        issues.push({ path: at('stablecoin'), message: `duplicate reserve for "${symbol}" (first at line ${lineOf(['reserves', first, 'stablecoin'])})` });
      } else reservedStablecoins.set(symbol, index);
      if (!Object.hasOwn(assets, symbol)) {
        issues.push({ path: at('stablecoin'), message: `unknown asset "${symbol}" (configured: ${quoteList(Object.keys(assets))})` });
      } else if (isMapping(asset) && asset.peg === undefined) {
        issues.push({ path: at('stablecoin'), message: `asset "${symbol}" has no peg: reserves are tracked for stablecoins only` });
      }
    }
    const on = isMapping(asset) && isMapping(asset.on) ? asset.on : undefined;
    items(reserve.supply_on).forEach((networkName, networkIndex) => {
      checkNetworkReference(at('supply_on', networkIndex), networkName);
      if (!on || typeof networkName !== 'string' || !Object.hasOwn(networks, networkName)) return;
      if (!Object.hasOwn(on, networkName)) {
        issues.push({ path: at('supply_on', networkIndex), message: `asset "${String(symbol)}" is not configured on network "${networkName}"` });
      } else if (on[networkName] === 'native') {
        issues.push({ path: at('supply_on', networkIndex), message: `asset "${String(symbol)}" is native on network "${networkName}": supply is read from a token contract` });
      }
    });
    for (const [networkName, holders] of entries(reserve.excluded_holders)) {
      const kind = checkNetworkReference(at('excluded_holders', networkName), networkName, 'key');
      if (kind === undefined) continue;
      if (Array.isArray(reserve.supply_on) && !reserve.supply_on.includes(networkName)) {
        issues.push({ path: at('excluded_holders', networkName), anchor: 'key', message: `network "${networkName}" is not in supply_on` });
      }
      items(holders).forEach((holder, holderIndex) => {
        if (typeof holder !== 'string' || holder.length === 0) return;
        const problem = ADDRESS_VALIDATORS[kind].address(holder, networks[networkName]);
        if (problem) issues.push({ path: at('excluded_holders', networkName, holderIndex), message: problem });
      });
    }
    items(reserve.reserve_accounts).forEach((name, accountIndex) => {
      if (typeof name === 'string' && !accountNames.has(name)) {
        issues.push({ path: at('reserve_accounts', accountIndex), message: `unknown account "${name}"` });
      }
    });
    if (isMapping(reserve.proof_of_reserve)) {
      checkEvmNetworkReference(at('proof_of_reserve', 'network'), reserve.proof_of_reserve.network);
      checkEvmAddress(at('proof_of_reserve', 'feed'), reserve.proof_of_reserve.feed);
    }
    const hasAccounts = Array.isArray(reserve.reserve_accounts) && reserve.reserve_accounts.length > 0;
    if (!hasAccounts && reserve.proof_of_reserve === undefined) {
      issues.push({ path: at(), message: 'a reserve needs reserve_accounts or proof_of_reserve (what backs the supply)' });
    }
  });

  return issues;
}
