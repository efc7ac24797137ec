import type { BalanceSample, BalanceTarget, ChainAdapter, FetchBalancesParameters } from '../types.js';
import { validateCardanoAddress } from './address.js';
import { getAssetDecimals, getPaymentAddressHoldings, getStakeAccountHoldings, toWholeUnits, type CardanoHoldings } from './balances.js';
import { createBlockfrostClient, type CreateBlockfrostClientParameters } from './blockfrostClient.js';
import { describeBlockfrostError, isBlockfrostOutage } from './errors.js';

export type CreateCardanoAdapterParameters = CreateBlockfrostClientParameters;

const LOVELACE_PER_ADA = 6;

/**
 * A Cardano adapter reading balances through Blockfrost.
 *
 * Targets with `token: 'native'` read ADA; any other token is a native-asset `unit` (56-hex policy
 * id + asset name hex), scaled by its registry decimals. The address may be a payment address
 * (`addr1…`, that address alone) or a stake address (`stake1…`, every address under the stake key,
 * rewards included). Each distinct address is read once per call, whatever the number of targets.
 *
 * `fetchBalances` rejects only when every target failed because Blockfrost itself was unusable
 * (403, 429, 5xx, network, malformed reply); otherwise failures are per-target samples.
 */
export function createCardanoAdapter(parameters: CreateCardanoAdapterParameters): ChainAdapter {
  const client = createBlockfrostClient(parameters);
  const decimalsCache = new Map<string, number>();
  const describe = (error: unknown) => describeBlockfrostError(error, client);

  async function readHoldings(address: string, wantsAssets: boolean): Promise<CardanoHoldings> {
    return address.startsWith('stake')
      ? getStakeAccountHoldings(client, { stakeAddress: address, includeAssets: wantsAssets })
      : getPaymentAddressHoldings(client, address);
  }

  async function sampleFor(target: BalanceTarget, holdings: CardanoHoldings): Promise<BalanceSample> {
    if (target.token === 'native') {
      return { account: target.account, asset: target.asset, balance: toWholeUnits(holdings.lovelace, LOVELACE_PER_ADA) };
    }
    const quantity = holdings.assets.get(target.token) ?? 0n;
    // Zero is zero whatever the decimals: skip the metadata request.
    if (quantity === 0n) return { account: target.account, asset: target.asset, balance: 0 };
    const decimals = await getAssetDecimals(client, target.token, decimalsCache);
    return { account: target.account, asset: target.asset, balance: toWholeUnits(quantity, decimals) };
  }

  return {
    kind: 'cardano',
    async fetchBalances({ targets, signal }: FetchBalancesParameters): Promise<BalanceSample[]> {
      const byAddress = new Map<string, BalanceTarget[]>();
      const samples: BalanceSample[] = [];
      for (const target of targets) {
        const problem = validateCardanoAddress(target.address);
        if (problem) {
          samples.push({ account: target.account, asset: target.asset, error: problem });
          continue;
        }
        byAddress.set(target.address, [...(byAddress.get(target.address) ?? []), target]);
      }

      let outages = 0;
      let firstOutage: string | undefined;
      // Addresses are read one after another: the SDK's limiter paces them anyway, and once the
      // backend has failed (after the SDK's retries) the remaining addresses get the same error
      // instead of a burst of doomed requests against a rate limit or an outage.
      for (const [address, addressTargets] of byAddress) {
        signal.throwIfAborted();
        if (firstOutage) {
          outages += addressTargets.length;
          for (const target of addressTargets) samples.push({ account: target.account, asset: target.asset, error: firstOutage });
          continue;
        }
        let holdings: CardanoHoldings;
        try {
          holdings = await readHoldings(address, addressTargets.some((target) => target.token !== 'native'));
        } catch (error) {
          const message = describe(error);
          if (isBlockfrostOutage(error)) {
            outages += addressTargets.length;
            firstOutage ??= message;
          }
          for (const target of addressTargets) samples.push({ account: target.account, asset: target.asset, error: message });
          continue;
        }
        for (const target of addressTargets) {
          try {
            samples.push(await sampleFor(target, holdings));
          } catch (error) {
            const message = describe(error);
            if (isBlockfrostOutage(error)) {
              outages += 1;
              firstOutage ??= message;
            }
            samples.push({ account: target.account, asset: target.asset, error: message });
          }
        }
      }
      if (targets.length > 0 && outages === targets.length && firstOutage) throw new Error(firstOutage);
      return samples;
    },
    close: () => client.close(),
  };
}
