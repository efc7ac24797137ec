/**
 * PromQL for the exporter-health dashboard that the Grafana app has no page for (yet): scrape
 * health, poll durations, provider requests, config reloads. Built on the plugin's selector
 * helpers so label matching and escaping stay in one place; candidates to move into
 * grafana-plugin/src/queries/health.ts when the app grows an exporter page.
 */
import { regex, selector, type TreasuryFilters } from '../grafana-plugin/src/queries/filters.js';

type NetworkFilter = Pick<TreasuryFilters, 'network'>;

/** Networks with poll targets, including the `prices` pseudo-network of the price sources. */
export const TARGET_NETWORK_VARIABLE_QUERY = 'label_values(treasury_target_up, network)';

/** The Prometheus job that scrapes the exporter (provisioning/prometheus/prometheus.yml; the rules watch it too). */
export const EXPORTER_JOB = 'treasury';

/** 1 while Prometheus can scrape the exporter. */
export function exporterScrapeUp(): string {
  return `up{job="${EXPORTER_JOB}"}`;
}

/** 1 if the last config load or reload succeeded. */
export function configReloadSuccessful(): string {
  return 'treasury_exporter_config_last_reload_successful';
}

/** Seconds since the config was last loaded successfully. */
export function configAgeSeconds(): string {
  return 'time() - treasury_exporter_config_last_reload_success_timestamp_seconds';
}

/** The running version, as the `version` label of a constant series. */
export function exporterBuildInfo(): string {
  return 'treasury_exporter_build_info';
}

/** 1/0 of every poll target (accounts, supplies, price sources, reserves). */
export function targetUp(filters: NetworkFilter): string {
  return `treasury_target_up${selector({ network: regex(filters.network) })}`;
}

/** Seconds since each target's last successful poll. */
export function secondsSinceTargetSuccess(filters: NetworkFilter): string {
  return `time() - treasury_target_last_success_timestamp_seconds${selector({ network: regex(filters.network) })}`;
}

/** Duration of each network's last poll cycle. */
export function pollDurationSeconds(filters: NetworkFilter): string {
  return `treasury_poll_duration_seconds${selector({ network: regex(filters.network) })}`;
}

/** Configured poll interval of each network, drawn beside the duration. */
export function pollIntervalSeconds(filters: NetworkFilter): string {
  return `treasury_target_poll_interval_seconds${selector({ network: regex(filters.network) })}`;
}

/** Provider requests per second by endpoint host and outcome. */
export function providerRequestRate(filters: NetworkFilter, window = '$__rate_interval'): string {
  return `sum by (network, endpoint, outcome) (rate(treasury_rpc_requests_total${selector({
    network: regex(filters.network),
  })}[${window}]))`;
}

/** Age of each price source's last update (Chainlink `updatedAt`, CoinGecko `last_updated_at`). */
export function priceSourceAgeSeconds(filters: Pick<TreasuryFilters, 'asset'>): string {
  return `time() - treasury_asset_source_updated_timestamp_seconds${selector({ asset: regex(filters.asset) })}`;
}

/** The age after which each price source counts as stale, drawn beside its age. */
export function priceSourceMaxAgeSeconds(filters: Pick<TreasuryFilters, 'asset'>): string {
  return `treasury_asset_source_max_age_seconds${selector({ asset: regex(filters.asset) })}`;
}
