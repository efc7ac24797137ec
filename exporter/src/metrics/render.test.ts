/**
 * The golden exposition (node_exporter style): a fixed config and state render to exactly the
 * text in testdata/treasury.prom. Regenerate with `UPDATE_GOLDEN=1` after an intended change and
 * review the diff: it is the public contract of every dashboard and alert rule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseConfigText } from '../config/index.js';
import { renderTreasury } from './render.js';
import { TreasuryState } from './treasuryState.js';

const golden = new URL('./testdata/treasury.prom', import.meta.url);

function goldenState(): TreasuryState {
  const state = new TreasuryState();
  state.setBalance('ops-hot', 'ETH', 3.25);
  state.setBalance('ops-hot', 'USDC', 250000.5);
  state.setBalance('l2-ops', 'ETH', 0.5);
  state.consensusPrices.set('ETH', 3000);
  state.consensusPrices.set('USDC', 0.9875);
  state.divergence.set('USDC', 0.0025316455696202532);
  state.setSourcePrice('ETH', 'chainlink', { priceUsd: 3000, updatedAt: 1764000000, maxAgeSeconds: 5400 });
  state.setSourcePrice('USDC', 'coingecko', { priceUsd: 0.99, updatedAt: 1764000060, maxAgeSeconds: 3600 });
  state.supply.set('USDC', new Map([['ethereum', 1000000]]));
  state.recordSuccess('ethereum', 'account:ops-hot', 1764000100);
  state.recordSuccess('arbitrum', 'account:l2-ops', 1764000090);
  state.recordFailure('arbitrum', 'account:l2-ops', 'all RPC endpoints failed: 127.0.0.1:8546: HTTP request failed.');
  state.pollDurations.set('ethereum', 0.125);
  state.countRequest('ethereum', { endpoint: '127.0.0.1:8545', outcome: 'success' });
  state.countRequest('ethereum', { endpoint: '127.0.0.1:8545', outcome: 'success' });
  state.countRequest('arbitrum', { endpoint: '127.0.0.1:8546', outcome: 'timeout' });
  state.configReload = { successful: true, timestamp: 1764000000 };
  return state;
}

test('a fixed config and state render to the golden exposition', () => {
  const parsed = parseConfigText(readFileSync(new URL('./testdata/treasury.yaml', import.meta.url), 'utf8'), { file: 'treasury.yaml', env: {} });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const text = renderTreasury({
    config: parsed.config,
    state: goldenState(),
    version: '0.0.0-test',
    pollIntervals: new Map([
      ['ethereum', 30000],
      ['arbitrum', 10000],
    ]),
  });
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
  expect(text).toBe(readFileSync(golden, 'utf8'));
});

test('an unpriced asset has a balance but no USD series, and a failed target keeps its last success time', () => {
  const parsed = parseConfigText(readFileSync(new URL('./testdata/treasury.yaml', import.meta.url), 'utf8'), { file: 'treasury.yaml', env: {} });
  if (!parsed.ok) throw new Error('config');
  const state = goldenState();
  state.consensusPrices.delete('ETH');
  const text = renderTreasury({ config: parsed.config, state, version: 'x', pollIntervals: new Map() });
  expect(text).toContain('treasury_account_balance{account="l2-ops",network="arbitrum",asset="ETH"} 0.5\n');
  expect(text).not.toContain('treasury_account_balance_usd{account="l2-ops"');
  expect(text).toContain('treasury_target_up{network="arbitrum",target="account:l2-ops"} 0\n');
  expect(text).toContain('treasury_target_last_success_timestamp_seconds{network="arbitrum",target="account:l2-ops"} 1764000090\n');
  // Reserves need every reserve account priced: no ratio from a partial sum.
  expect(text).not.toContain('treasury_stablecoin_reserve_ratio');
});
