import {
  accountBalances,
  accountHealth,
  accountLastSuccess,
  accountUsdHistory,
  escapeLabelValue,
  escapeRegexLiteral,
  firingTreasuryAlertCount,
  MATCH_ALL_FILTERS,
  pegDeviation,
  pegThreshold,
  recentBalanceChangesUsd,
  reserveRatio,
  staleOrFailingTargetCount,
  stablecoinSourcePrices,
  stablecoinSupply,
  topAccountsUsd,
  totalTreasuryUsd,
  treasuryUsdBy,
  VARIABLE_FILTERS,
} from './index.js';

const ENTITY_JOIN =
  'on (account, network) group_left (entity) treasury_account_info{network=~"${network:regex}", entity=~"${entity:regex}"}';
const USD = `treasury_account_balance_usd{network=~"\${network:regex}", asset=~"\${asset:regex}"} * ${ENTITY_JOIN}`;

describe('treasury totals', () => {
  it('sums USD under the network, asset and entity variables', () => {
    expect(totalTreasuryUsd(VARIABLE_FILTERS)).toBe(`sum(${USD})`);
  });

  it('splits by entity through the info-series join', () => {
    expect(treasuryUsdBy(VARIABLE_FILTERS, 'entity')).toBe(`sum by (entity) (${USD})`);
    expect(treasuryUsdBy(MATCH_ALL_FILTERS, 'network')).toBe(
      'sum by (network) (treasury_account_balance_usd{network=~".*", asset=~".*"} * on (account, network) group_left (entity) treasury_account_info{network=~".*", entity=~".*"})'
    );
  });

  it('ranks the top accounts', () => {
    expect(topAccountsUsd(VARIABLE_FILTERS, 5)).toBe(`topk(5, sum by (account, network) (${USD}))`);
  });

  it('shows only holdings whose USD value moved over the range, offsetting both sides of the join', () => {
    expect(recentBalanceChangesUsd(MATCH_ALL_FILTERS, '1h')).toBe(
      '(sum by (account, network, asset) (treasury_account_balance_usd{network=~".*", asset=~".*"} * on (account, network) group_left (entity) treasury_account_info{network=~".*", entity=~".*"})' +
        ' - sum by (account, network, asset) (treasury_account_balance_usd{network=~".*", asset=~".*"} offset 1h * on (account, network) group_left (entity) treasury_account_info{network=~".*", entity=~".*"} offset 1h)) != 0'
    );
  });
});

describe('accounts', () => {
  it('narrows balances to one account with an escaped literal', () => {
    expect(accountBalances(MATCH_ALL_FILTERS, 'ops "hot"')).toBe(
      'sum by (account, network, asset) (treasury_account_balance{account="ops \\"hot\\"", network=~".*", asset=~".*"} * on (account, network) group_left (entity) treasury_account_info{network=~".*", entity=~".*"})'
    );
  });

  it('charts one account by asset', () => {
    expect(accountUsdHistory(MATCH_ALL_FILTERS, 'custody-1')).toBe(
      'sum by (asset) (treasury_account_balance_usd{account="custody-1", network=~".*", asset=~".*"} * on (account, network) group_left (entity) treasury_account_info{network=~".*", entity=~".*"})'
    );
  });

  it('lifts the account name out of the exporter target label', () => {
    expect(accountHealth(VARIABLE_FILTERS)).toBe(
      'label_replace(treasury_target_up{network=~"${network:regex}"}, "account", "$1", "target", "account:(.+)")'
    );
    expect(accountLastSuccess(MATCH_ALL_FILTERS, 'ops-hot')).toBe(
      'label_replace(treasury_target_last_success_timestamp_seconds{network=~".*", target="account:ops-hot"}, "account", "$1", "target", "account:(.+)")'
    );
  });
});

describe('health', () => {
  it('counts failing or stale targets once each and shows 0 when all are healthy', () => {
    expect(staleOrFailingTargetCount(VARIABLE_FILTERS)).toBe(
      'count(treasury_target_up{network=~"${network:regex}"} == 0 or time() - treasury_target_last_success_timestamp_seconds{network=~"${network:regex}"} > on (network) group_left () 5 * max by (network) (treasury_target_poll_interval_seconds)) or vector(0)'
    );
  });
});

describe('stablecoins', () => {
  it('keeps only pegged assets for source prices', () => {
    expect(stablecoinSourcePrices({ asset: 'USDC|USDT' })).toBe(
      'treasury_asset_source_price_usd{asset=~"USDC|USDT"} and on (asset) treasury_stablecoin_peg_deviation_ratio{asset=~"USDC|USDT"}'
    );
  });

  it('draws the configured thresholds as symmetric bands', () => {
    expect(pegDeviation({ asset: '.*' })).toBe('treasury_stablecoin_peg_deviation_ratio{asset=~".*"}');
    expect(pegThreshold({ asset: '.*' }, 'critical')).toBe(
      'max by (asset) (treasury_stablecoin_peg_threshold_ratio{asset=~".*", severity="critical"})'
    );
    expect(pegThreshold({ asset: '.*' }, 'warning', -1)).toBe(
      '-max by (asset) (treasury_stablecoin_peg_threshold_ratio{asset=~".*", severity="warning"})'
    );
  });

  it('splits supply by network and reads the reserve ratio', () => {
    expect(stablecoinSupply({ asset: 'USDC', network: '.*' })).toBe(
      'sum by (asset, network) (treasury_stablecoin_supply{asset=~"USDC", network=~".*"})'
    );
    expect(reserveRatio({ asset: 'USDC' })).toBe('treasury_stablecoin_reserve_ratio{asset=~"USDC"}');
  });
});

describe('alerts', () => {
  it('counts firing treasury alerts only', () => {
    expect(firingTreasuryAlertCount()).toBe('count(ALERTS{alertname=~"Treasury.*", alertstate="firing"}) or vector(0)');
  });
});

describe('escaping', () => {
  it('escapes backslashes before quotes', () => {
    expect(escapeLabelValue('a\\"b')).toBe('a\\\\\\"b');
  });

  it('makes a literal match itself inside a regex matcher', () => {
    expect(escapeRegexLiteral('eth.main')).toBe('eth\\\\.main');
  });
});
