/**
 * The simulated treasury the demo puts on two local chains: who holds what, which feeds price it,
 * and which stablecoin the organisation issues. Plain data first (`demoTreasuryPlan`), then one
 * function that deploys it (`deployDemoTreasury`), so the config renderer and the simulator read
 * the same numbers.
 */
import { parseUnits, type Address } from 'viem';
import { deriveTreasuryAddress, type Devnet } from '../devnet/index.js';

/** The two simulated networks: config name, chain id, and the role they play. */
export const demoNetworks = {
  l1: { name: 'ethereum-sim', chainId: 31337 },
  l2: { name: 'arbitrum-sim', chainId: 31338 },
} as const;

export type DemoChain = keyof typeof demoNetworks;

/** ERC-20 tokens deployed by the demo, per chain. USDX is the stablecoin the organisation issues. */
export const demoTokens = {
  USDC: { decimals: 6, on: ['l1', 'l2'] as DemoChain[], peg: 'USD' },
  WBTC: { decimals: 8, on: ['l1'] as DemoChain[], peg: undefined },
  USDX: { decimals: 18, on: ['l1', 'l2'] as DemoChain[], peg: 'USD' },
} as const;

export type DemoToken = keyof typeof demoTokens;
export type DemoAsset = 'ETH' | DemoToken;

/** Starting USD prices of the Chainlink-compatible feeds (8 decimals on-chain, as Chainlink's USD feeds). */
export const demoStartPrices: Record<DemoAsset, number> = { ETH: 3000, WBTC: 65000, USDC: 1, USDX: 1 };

export interface DemoAccountPlan {
  name: string;
  chain: DemoChain;
  /** Whole tokens; `ETH` is the chain's native coin. */
  holdings: Partial<Record<DemoAsset, number>>;
  labels: { entity: string; purpose: string };
  minBalance?: Partial<Record<DemoAsset, number>>;
}

/** The watched accounts. `ops-hot` is the one the simulator drains below its ETH minimum. */
export const demoAccounts: readonly DemoAccountPlan[] = [
  {
    name: 'treasury-main',
    chain: 'l1',
    holdings: { ETH: 1200, USDC: 2_500_000, WBTC: 35 },
    labels: { entity: 'acme', purpose: 'treasury' },
  },
  {
    name: 'ops-hot',
    chain: 'l1',
    holdings: { ETH: 6, USDC: 40_000 },
    labels: { entity: 'acme', purpose: 'operations' },
    minBalance: { ETH: 5, USDC: 10_000 },
  },
  {
    name: 'custody-reserve',
    chain: 'l1',
    holdings: { USDC: 1_350_000 },
    labels: { entity: 'acme', purpose: 'reserve' },
  },
  {
    name: 'l2-ops',
    chain: 'l2',
    holdings: { ETH: 40, USDC: 300_000, USDX: 50_000 },
    labels: { entity: 'acme-labs', purpose: 'operations' },
  },
  {
    name: 'payroll',
    chain: 'l2',
    holdings: { ETH: 2, USDC: 120_000 },
    labels: { entity: 'acme-labs', purpose: 'payroll' },
    minBalance: { USDC: 50_000 },
  },
];

/**
 * USDX in circulation outside the watched accounts (holders on the market), per chain. With
 * `l2-ops`' 50,000 the supply is 1,250,000 USDX against 1,350,000 USDC in `custody-reserve`:
 * a reserve ratio of 1.08.
 */
export const demoUsdxMarketHoldings: Record<DemoChain, number> = { l1: 1_000_000, l2: 200_000 };

/** The account the simulator drains, the asset and the floor it stops at. */
export const demoDrainingAccount = { name: 'ops-hot', asset: 'ETH' as const, perTick: 0.02, floor: 1 };

/** The stablecoin that slowly loses its peg, its loss per tick and the price it stops at. */
export const demoDepeggingStablecoin = { asset: 'USDX' as const, perTick: 0.0003, floor: 0.94 };

export interface DeployedDemoTreasury {
  devnets: Record<DemoChain, Devnet>;
  /** Token contract per chain. */
  tokens: Record<DemoToken, Partial<Record<DemoChain, Address>>>;
  /** Chainlink-compatible USD feeds, all on the L1 (as on mainnet, where Chainlink's USD feeds live). */
  feeds: Record<DemoAsset, Address>;
  accounts: ReadonlyArray<DemoAccountPlan & { address: Address }>;
  /** Holders of market USDX; not watched. */
  marketHolders: Record<DemoChain, Address>;
}

/** Feed answers carry 8 decimals, like Chainlink's USD feeds. */
export const feedDecimals = 8;

/** A USD price as a feed answer (8 decimals), rounded to the nearest unit. */
export function toFeedAnswer(priceUsd: number): bigint {
  return parseUnits(priceUsd.toFixed(feedDecimals), feedDecimals);
}

const addressSeed = 'tcc-demo-treasury';

/**
 * Deploys the tokens and feeds and funds every account on the two devnets. Addresses are derived
 * from a fixed seed (nobody holds their keys: the exporter only watches them).
 */
export async function deployDemoTreasury(devnets: Record<DemoChain, Devnet>): Promise<DeployedDemoTreasury> {
  const tokens = { USDC: {}, WBTC: {}, USDX: {} } as DeployedDemoTreasury['tokens'];
  for (const [symbol, token] of Object.entries(demoTokens) as [DemoToken, (typeof demoTokens)[DemoToken]][]) {
    for (const chain of token.on) {
      tokens[symbol][chain] = await devnets[chain].deployToken({ symbol, decimals: token.decimals });
    }
  }

  const feeds = {} as Record<DemoAsset, Address>;
  for (const [asset, price] of Object.entries(demoStartPrices) as [DemoAsset, number][]) {
    feeds[asset] = await devnets.l1.deployAggregator({
      decimals: feedDecimals,
      description: `${asset} / USD`,
      answer: toFeedAnswer(price),
    });
  }

  const accounts = demoAccounts.map((plan, index) => ({ ...plan, address: deriveTreasuryAddress(addressSeed, index) }));
  for (const account of accounts) {
    const devnet = devnets[account.chain];
    for (const [asset, amount] of Object.entries(account.holdings) as [DemoAsset, number][]) {
      if (asset === 'ETH') await devnet.setNativeBalance(account.address, parseUnits(String(amount), 18));
      else await devnet.mint(tokens[asset][account.chain]!, account.address, parseUnits(String(amount), demoTokens[asset].decimals));
    }
  }

  const marketHolders = {
    l1: deriveTreasuryAddress(`${addressSeed}:market`, 0),
    l2: deriveTreasuryAddress(`${addressSeed}:market`, 1),
  };
  for (const chain of ['l1', 'l2'] as const) {
    await devnets[chain].mint(
      tokens.USDX[chain]!,
      marketHolders[chain],
      parseUnits(String(demoUsdxMarketHoldings[chain]), demoTokens.USDX.decimals),
    );
  }
  return { devnets, tokens, feeds, accounts, marketHolders };
}
