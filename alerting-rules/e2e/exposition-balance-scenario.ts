import type { BalanceScenario } from './balance-below-minimum-flow.js';
import { renderTreasuryExposition, startExpositionTarget, type TreasuryAccountSnapshot } from './exposition-target.js';

export type CreateExpositionBalanceScenarioParameters = Partial<
  Pick<TreasuryAccountSnapshot, 'account' | 'network' | 'address' | 'asset' | 'minimum' | 'priceUsd' | 'labels'>
> & {
  /** Balance before the drain and after the refill. */
  fundedBalance?: number;
  /** Balance after the drain; below `minimum`. */
  drainedBalance?: number;
};

/**
 * A BalanceScenario whose series come from a local exposition server: draining and refilling
 * change the text served on the next scrape. Swap it for an exporter-on-anvil scenario to run the
 * same flow against the real exporter.
 */
export async function createExpositionBalanceScenario({
  account = 'ops-hot',
  network = 'ethereum',
  address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  asset = 'ETH',
  minimum = 2,
  priceUsd = 3000,
  labels = { entity: 'acme', purpose: 'operations' },
  fundedBalance = 5,
  drainedBalance = 0.5,
}: CreateExpositionBalanceScenarioParameters = {}): Promise<BalanceScenario> {
  if (!(drainedBalance < minimum && fundedBalance >= minimum)) {
    throw new Error('drainedBalance must be below minimum and fundedBalance at or above it');
  }
  const snapshot = (balance: number) =>
    renderTreasuryExposition({ account, network, address, asset, balance, minimum, priceUsd, labels });
  const target = await startExpositionTarget(snapshot(fundedBalance));
  return {
    account,
    network,
    asset,
    scrapeTarget: target.address,
    drainBelowMinimum: async () => target.setExposition(snapshot(drainedBalance)),
    refillAboveMinimum: async () => target.setExposition(snapshot(fundedBalance)),
    close: () => target.close(),
  };
}
