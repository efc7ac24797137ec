/** PromQL for the alerts page. */

/** Alert names of the treasury rules all start with this (alerting-rules/treasury.rules.yml). */
export const TREASURY_ALERT_PREFIX = 'Treasury';

/** Treasury alerts currently firing, from Prometheus' synthetic `ALERTS` series. */
export function firingTreasuryAlerts(): string {
  return `ALERTS{alertname=~"${TREASURY_ALERT_PREFIX}.*", alertstate="firing"}`;
}

/** Number of firing treasury alerts per severity; `or vector(0)` shows 0 instead of "No data". */
export function firingTreasuryAlertCount(): string {
  return `count(${firingTreasuryAlerts()}) or vector(0)`;
}
