import type { BlockfrostClient } from './blockfrostClient.js';
import { isBlockfrostNotFound } from './errors.js';

/** Holdings in base units: lovelace plus each native asset by its `unit` (policy id + asset name hex). */
export interface CardanoHoldings {
  lovelace: bigint;
  assets: Map<string, bigint>;
}

const PAGE_SIZE = 100; // Blockfrost's maximum `count`

/**
 * Reads a payment address (`addr1…`) through `GET /addresses/{address}`.
 * An address Blockfrost has never seen (404) holds nothing.
 */
export async function getPaymentAddressHoldings(client: BlockfrostClient, address: string): Promise<CardanoHoldings> {
  try {
    const { amount } = await client.api.addresses(address);
    const holdings: CardanoHoldings = { lovelace: 0n, assets: new Map() };
    for (const { unit, quantity } of amount) {
      if (unit === 'lovelace') holdings.lovelace += BigInt(quantity);
      else holdings.assets.set(unit, (holdings.assets.get(unit) ?? 0n) + BigInt(quantity));
    }
    return holdings;
  } catch (error) {
    if (isBlockfrostNotFound(error)) return { lovelace: 0n, assets: new Map() };
    throw error;
  }
}

export interface GetStakeAccountHoldingsParameters {
  stakeAddress: string;
  /** Skip the paginated asset listing when only ADA is wanted. */
  includeAssets: boolean;
}

/**
 * Reads a stake account (`stake1…`): ADA from `GET /accounts/{stake_address}` `controlled_amount`
 * (UTxOs of every address under the stake key plus unwithdrawn rewards), native assets from
 * `GET /accounts/{stake_address}/addresses/assets`, paged 100 at a time in ascending order.
 * A stake account never registered or used (404) holds nothing.
 */
export async function getStakeAccountHoldings(
  client: BlockfrostClient,
  { stakeAddress, includeAssets }: GetStakeAccountHoldingsParameters,
): Promise<CardanoHoldings> {
  const holdings: CardanoHoldings = { lovelace: 0n, assets: new Map() };
  try {
    const account = await client.api.accounts(stakeAddress);
    holdings.lovelace = BigInt(account.controlled_amount);
  } catch (error) {
    if (isBlockfrostNotFound(error)) return holdings;
    throw error;
  }
  if (!includeAssets) return holdings;
  // Pages are read one after another, not the SDK's ten-at-once `…All` helper: most treasuries
  // hold a handful of assets and a burst of empty pages would eat into the rate limit.
  for (let page = 1; ; page += 1) {
    let items: Array<{ unit: string; quantity: string }>;
    try {
      items = await client.api.accountsAddressesAssets(stakeAddress, { page, count: PAGE_SIZE, order: 'asc' });
    } catch (error) {
      if (isBlockfrostNotFound(error)) break;
      throw error;
    }
    for (const { unit, quantity } of items) {
      holdings.assets.set(unit, (holdings.assets.get(unit) ?? 0n) + BigInt(quantity));
    }
    if (items.length < PAGE_SIZE) break;
  }
  return holdings;
}

/**
 * Decimals of a native asset from its token-registry metadata (`GET /assets/{asset}` →
 * `metadata.decimals`); 0 when the asset has no registry entry or no decimals, which is how
 * wallets show such tokens. Answers are cached in `cache` for the adapter's lifetime: registry
 * decimals are fixed once published.
 */
export async function getAssetDecimals(client: BlockfrostClient, unit: string, cache: Map<string, number>): Promise<number> {
  const cached = cache.get(unit);
  if (cached !== undefined) return cached;
  let decimals = 0;
  try {
    const asset = await client.api.assetsById(unit);
    decimals = asset.metadata?.decimals ?? 0;
  } catch (error) {
    if (!isBlockfrostNotFound(error)) throw error;
  }
  cache.set(unit, decimals);
  return decimals;
}

/** Base units to whole tokens, exact in decimal before the single conversion to a float. */
export function toWholeUnits(quantity: bigint, decimals: number): number {
  if (decimals === 0) return Number(quantity);
  const negative = quantity < 0n;
  const digits = (negative ? -quantity : quantity).toString().padStart(decimals + 1, '0');
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return Number(negative ? `-${text}` : text);
}
