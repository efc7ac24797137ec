/**
 * Every metric the exporter exposes, in one place (DESIGN §4). Names are the public contract:
 * dashboards, alert rules and users' queries depend on them.
 */
import type { MetricDefinition } from './exposition.js';

const gauge = (name: string, help: string): MetricDefinition => ({ name, help, type: 'gauge' });
const counter = (name: string, help: string): MetricDefinition => ({ name, help, type: 'counter' });

export const metrics = {
  accountInfo: gauge('treasury_account_info', 'Descriptive labels of a watched account; always 1.'),
  accountBalance: gauge('treasury_account_balance', 'Account balance in whole tokens (decimals applied).'),
  accountBalanceUnconfirmed: gauge(
    'treasury_account_balance_unconfirmed',
    'Net effect of unconfirmed (mempool) transactions on the balance, whole tokens; Bitcoin only.',
  ),
  accountBalanceUsd: gauge('treasury_account_balance_usd', 'Account balance valued at the consensus USD price.'),
  accountBalanceMinimum: gauge('treasury_account_balance_minimum', 'Configured minimum balance (min_balance) in whole tokens.'),
  assetPriceUsd: gauge('treasury_asset_price_usd', 'Consensus USD price: median of the fresh sources.'),
  assetSourcePriceUsd: gauge('treasury_asset_source_price_usd', 'USD price reported by one price source.'),
  assetSourceUpdated: gauge(
    'treasury_asset_source_updated_timestamp_seconds',
    "The price source's own update time (Chainlink updatedAt, CoinGecko last_updated_at), unix seconds.",
  ),
  assetSourceMaxAge: gauge(
    'treasury_asset_source_max_age_seconds',
    'Age after which a price from this source is treated as stale.',
  ),
  assetPriceDivergence: gauge(
    'treasury_asset_price_divergence_ratio',
    'Largest absolute difference between a fresh source and the consensus, as a ratio of the consensus.',
  ),
  stablecoinPegDeviation: gauge('treasury_stablecoin_peg_deviation_ratio', 'Consensus price / peg − 1 (signed).'),
  stablecoinPegThreshold: gauge(
    'treasury_stablecoin_peg_threshold_ratio',
    'Configured absolute peg deviation that raises an alert of this severity.',
  ),
  stablecoinSupply: gauge('treasury_stablecoin_supply', 'On-chain total supply in whole tokens, minus excluded holders.'),
  stablecoinReservesUsd: gauge('treasury_stablecoin_reserves_usd', 'USD value of the reserve accounts or Proof-of-Reserve feed.'),
  stablecoinReserveRatio: gauge('treasury_stablecoin_reserve_ratio', 'Reserves / supply.'),
  targetUp: gauge('treasury_target_up', '1 if the last poll of this target succeeded, 0 if it failed.'),
  targetLastSuccess: gauge('treasury_target_last_success_timestamp_seconds', 'When this target was last polled successfully, unix seconds.'),
  targetPollInterval: gauge('treasury_target_poll_interval_seconds', 'Configured poll interval of the network.'),
  pollDuration: gauge('treasury_poll_duration_seconds', 'Duration of the last poll cycle of the network.'),
  rpcRequests: counter('treasury_rpc_requests_total', 'Requests sent to providers, by endpoint host and outcome.'),
  configReloadSuccessful: gauge('treasury_exporter_config_last_reload_successful', 'Whether the last config reload succeeded.'),
  configReloadSuccessTimestamp: gauge(
    'treasury_exporter_config_last_reload_success_timestamp_seconds',
    'When the config was last loaded successfully, unix seconds.',
  ),
  buildInfo: gauge('treasury_exporter_build_info', 'Exporter version; always 1.'),
  ledgerWrites: counter(
    'treasury_ledger_writes_total',
    'Ledger events by outcome: written to PostgreSQL, dropped from a full queue, or rejected by the database.',
  ),
  ledgerQueueLength: gauge('treasury_ledger_queue_length', 'Ledger events waiting to be written to PostgreSQL.'),
  ledgerUp: gauge('treasury_ledger_up', '1 if the ledger schema is in place and the last PostgreSQL operation succeeded.'),
} as const;
