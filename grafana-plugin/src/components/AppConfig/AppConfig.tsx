import React, { useMemo, useState, type SyntheticEvent } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { config, getBackendSrv, isFetchError, locationService } from '@grafana/runtime';
import {
  Alert,
  Button,
  Combobox,
  Field,
  FieldSet,
  Input,
  SecretInput,
  useStyles2,
  type ComboboxOption,
} from '@grafana/ui';
import type { TreasuryAppJsonData, TreasuryAppSecureJsonData } from '../../types';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<TreasuryAppJsonData>> {}

/** Data source types offered per field; Grafana 10+ renamed the PostgreSQL plugin id. */
const PROMETHEUS_TYPES = ['prometheus'];
const POSTGRES_TYPES = ['grafana-postgresql-datasource', 'postgres'];

function dataSourceOptions(types: string[]): Array<ComboboxOption<string>> {
  return Object.values(config.datasources)
    .filter((ds) => types.includes(ds.type))
    .map((ds) => ({ label: ds.name, value: ds.uid, description: ds.type }));
}

interface FormState {
  exporterUrl: string;
  prometheusUid: string;
  postgresUid: string;
  runbookBaseUrl: string;
  /** What the user typed; empty unless they are replacing the token. */
  adminToken: string;
  /** True while Grafana holds a token the user has not reset. The token itself never reaches the browser. */
  isAdminTokenSet: boolean;
}

/**
 * The app's configuration page (Administration → Plugins → Treasury Command Center; Grafana
 * shows it to Admins only). The token goes to `secureJsonData`, which Grafana encrypts and never
 * returns: the page only learns from `secureJsonFields` whether one is set.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { jsonData, secureJsonFields } = plugin.meta;
  const [state, setState] = useState<FormState>({
    exporterUrl: jsonData?.exporterUrl ?? '',
    prometheusUid: jsonData?.prometheusUid ?? '',
    postgresUid: jsonData?.postgresUid ?? '',
    runbookBaseUrl: jsonData?.runbookBaseUrl ?? '',
    adminToken: '',
    isAdminTokenSet: Boolean(secureJsonFields?.adminToken),
  });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const prometheusOptions = useMemo(() => dataSourceOptions(PROMETHEUS_TYPES), []);
  const postgresOptions = useMemo(() => dataSourceOptions(POSTGRES_TYPES), []);

  const urlProblem = validateExporterUrl(state.exporterUrl);
  const tokenMissing = !state.isAdminTokenSet && state.adminToken === '';
  const canSave = !urlProblem && state.prometheusUid !== '' && !saving;

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!canSave) {
      return;
    }
    setSaving(true);
    setSaveError(null);
    const secureJsonData: TreasuryAppSecureJsonData | undefined = state.isAdminTokenSet
      ? // Left untouched: send nothing, so Grafana keeps the stored token.
        undefined
      : { adminToken: state.adminToken };
    const settings: Partial<PluginMeta<TreasuryAppJsonData>> & { secureJsonData?: TreasuryAppSecureJsonData } = {
      // Saving the configuration also turns the app on: a configured app that stays off helps no one.
      enabled: true,
      pinned: true,
      jsonData: {
        exporterUrl: state.exporterUrl.replace(/\/+$/, ''),
        prometheusUid: state.prometheusUid,
        postgresUid: state.postgresUid || undefined,
        runbookBaseUrl: state.runbookBaseUrl || undefined,
      },
      secureJsonData,
    };
    try {
      await getBackendSrv().post(`/api/plugins/${plugin.meta.id}/settings`, settings, { showSuccessAlert: false });
      // Grafana hands the app its settings at page load only; reload so the pages see the new ones.
      locationService.reload();
    } catch (error) {
      setSaveError(isFetchError(error) ? String(error.data?.message ?? error.statusText) : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Treasury app settings">
      <FieldSet label="Exporter" className={styles.section}>
        <Field
          label="Exporter URL"
          description="Where Grafana's server reaches the Treasury exporter, e.g. http://treasury-exporter:9877. Requests go through Grafana's plugin proxy."
          invalid={state.exporterUrl !== '' && Boolean(urlProblem)}
          error={urlProblem}
          required
        >
          <Input
            id="exporter-url"
            width={60}
            value={state.exporterUrl}
            placeholder="http://treasury-exporter:9877"
            onChange={(e) => setState({ ...state, exporterUrl: e.currentTarget.value.trim() })}
          />
        </Field>
        <Field
          label="Admin token"
          description="The exporter's TREASURY_ADMIN_TOKEN. Stored encrypted by Grafana and added by its proxy; it never comes back to the browser."
        >
          <SecretInput
            id="admin-token"
            width={60}
            value={state.adminToken}
            isConfigured={state.isAdminTokenSet}
            placeholder="Paste the exporter's admin token"
            onChange={(e) => setState({ ...state, adminToken: e.currentTarget.value.trim() })}
            onReset={() => setState({ ...state, adminToken: '', isAdminTokenSet: false })}
          />
        </Field>
        {tokenMissing && (
          <Alert severity="info" title="No admin token set">
            Without it the account configuration page cannot read or change accounts. The treasury pages still work:
            they read Prometheus.
          </Alert>
        )}
      </FieldSet>
      <FieldSet label="Data sources" className={styles.section}>
        <Field
          label="Prometheus"
          description="The Prometheus that scrapes the exporter; every treasury page queries it."
          required
        >
          <Combobox
            id="prometheus-datasource"
            width={60}
            options={prometheusOptions}
            value={state.prometheusUid || null}
            placeholder={
              prometheusOptions.length ? 'Choose a Prometheus data source' : 'No Prometheus data source found'
            }
            onChange={(option) => setState({ ...state, prometheusUid: option.value })}
          />
        </Field>
        <Field
          label="PostgreSQL (optional)"
          description="The data source on the exporter's ledger database; adds the balance and configuration change tables."
        >
          <Combobox
            id="postgres-datasource"
            width={60}
            isClearable
            options={postgresOptions}
            value={state.postgresUid || null}
            placeholder="None"
            onChange={(option) => setState({ ...state, postgresUid: option?.value ?? '' })}
          />
        </Field>
        <Field
          label="Runbook base URL (optional)"
          description="Used for alerts without a runbook_url annotation; the alert name is appended as #anchor."
        >
          <Input
            id="runbook-base-url"
            width={60}
            value={state.runbookBaseUrl}
            placeholder="https://git.example.com/treasury/docs/runbooks.md"
            onChange={(e) => setState({ ...state, runbookBaseUrl: e.currentTarget.value.trim() })}
          />
        </Field>
      </FieldSet>
      {saveError && (
        <Alert severity="error" title="Grafana did not save the settings">
          {saveError}
        </Alert>
      )}
      <Button type="submit" disabled={!canSave}>
        {saving ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
};

/** Checks the exporter URL: absolute http(s), no credentials in it (the token has its own field). */
export function validateExporterUrl(value: string): string | undefined {
  if (value === '') {
    return 'The exporter URL is required';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Expected an absolute URL such as http://treasury-exporter:9877';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'Only http and https URLs work here';
  }
  if (url.username || url.password) {
    return 'Put no credentials in the URL; use the admin token field';
  }
  return undefined;
}

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  section: css`
    margin-top: ${theme.spacing(3)};
  `,
});
