/** App settings stored by Grafana in `jsonData` (readable by every user of the org). */
export interface TreasuryAppJsonData {
  /** Base URL of the exporter as Grafana's server reaches it, e.g. `http://exporter:9877`. */
  exporterUrl?: string;
  /** UID of the Prometheus data source that scrapes the exporter. */
  prometheusUid?: string;
  /** UID of the PostgreSQL data source holding the exporter's ledger (optional). */
  postgresUid?: string;
  /** Where runbooks live when an alert has no `runbook_url` annotation; `#alertname` is appended. */
  runbookBaseUrl?: string;
}

/**
 * App settings stored encrypted in `secureJsonData`. Grafana never sends them back to the browser;
 * `secureJsonFields.adminToken` only says whether one is set.
 */
export interface TreasuryAppSecureJsonData {
  /** The exporter's `TREASURY_ADMIN_TOKEN`; the proxy route sends it as a bearer token. */
  adminToken?: string;
}
