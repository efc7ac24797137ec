import { OrgRole, type DataSourceInstanceSettings } from '@grafana/data';
import { config, setBackendSrv } from '@grafana/runtime';
import { createFetchBackendSrv } from './fetchBackendSrv';

/** The Prometheus data source the tests configure. */
export const PROMETHEUS_UID = 'prom-treasury';
/** The PostgreSQL data source on the exporter's ledger that the tests configure. */
export const LEDGER_UID = 'pg-ledger';

/**
 * Sets up what Grafana provides a plugin at runtime: the BackendSrv (over real fetch, answered by
 * msw), the signed-in user's role and the org's data sources.
 */
export function installGrafanaHost({ orgRole = OrgRole.Admin }: { orgRole?: OrgRole } = {}): void {
  setBackendSrv(createFetchBackendSrv());
  config.bootData.user.orgRole = orgRole;
  const prometheus = { uid: PROMETHEUS_UID, name: 'Prometheus', type: 'prometheus' } as DataSourceInstanceSettings;
  const postgres = {
    uid: LEDGER_UID,
    name: 'Ledger',
    type: 'grafana-postgresql-datasource',
  } as DataSourceInstanceSettings;
  config.datasources = { Prometheus: prometheus, Ledger: postgres };
}
