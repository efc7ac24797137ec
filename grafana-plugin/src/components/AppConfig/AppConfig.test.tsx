import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { PluginType, type AppPluginMeta, type KeyValue } from '@grafana/data';
import { http, HttpResponse } from 'msw';
import { createTestServer } from '../../test/exporterServer';
import { installGrafanaHost, PROMETHEUS_UID } from '../../test/grafanaHost';
import type { TreasuryAppJsonData } from '../../types';
import AppConfig, { validateExporterUrl } from './AppConfig';

const server = createTestServer();
const userEvent = userEventLib.setup({ delay: null });
const STORED_TOKEN_NEVER_SENT = 'stored-token-the-browser-never-sees';

function meta(
  jsonData: TreasuryAppJsonData,
  secureJsonFields: KeyValue<boolean> = {}
): AppPluginMeta<TreasuryAppJsonData> {
  return {
    id: 'tcc-treasury-app',
    name: 'Treasury Command Center',
    type: PluginType.app,
    enabled: false,
    pinned: false,
    jsonData,
    secureJsonFields,
    info: {} as AppPluginMeta['info'],
    module: '',
    baseUrl: '',
  };
}

function renderConfig(pluginMeta: AppPluginMeta<TreasuryAppJsonData>) {
  return render(<AppConfig plugin={{ meta: pluginMeta } as never} query={{}} />);
}

/** Captures the body Grafana's settings endpoint receives. */
function captureSettingsPost() {
  const bodies: unknown[] = [];
  server.use(
    http.post('http://localhost/api/plugins/tcc-treasury-app/settings', async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ message: 'Plugin settings updated' });
    })
  );
  return bodies;
}

beforeEach(() => installGrafanaHost());

describe('AppConfig', () => {
  it('stores URL and data sources in jsonData and the token only in secureJsonData', async () => {
    const bodies = captureSettingsPost();
    renderConfig(meta({ prometheusUid: PROMETHEUS_UID }));
    expect(screen.getByText('No admin token set')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/Exporter URL/), 'http://treasury-exporter:9877/');
    await userEvent.type(screen.getByLabelText(/Admin token/), 's3cret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { exporterUrl: 'http://treasury-exporter:9877', prometheusUid: PROMETHEUS_UID },
      secureJsonData: { adminToken: 's3cret-token' },
    });
    expect(JSON.stringify((bodies[0] as { jsonData: unknown }).jsonData)).not.toContain('s3cret');
  });

  it('shows a stored token only as configured and does not overwrite it when untouched', async () => {
    const bodies = captureSettingsPost();
    renderConfig(
      meta(
        { exporterUrl: 'http://exporter:9877', prometheusUid: PROMETHEUS_UID, postgresUid: 'pg-ledger' },
        { adminToken: true }
      )
    );
    const tokenInput = screen.getByLabelText(/Admin token/);
    expect(tokenInput).toHaveValue('configured');
    expect(tokenInput).toBeDisabled();
    expect(screen.queryByText('No admin token set')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(STORED_TOKEN_NEVER_SENT);

    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).not.toHaveProperty('secureJsonData');
    expect(bodies[0]).toMatchObject({ jsonData: { postgresUid: 'pg-ledger' } });
  });

  it('replaces the token after Reset', async () => {
    const bodies = captureSettingsPost();
    renderConfig(meta({ exporterUrl: 'http://exporter:9877', prometheusUid: PROMETHEUS_UID }, { adminToken: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    await userEvent.type(screen.getByLabelText(/Admin token/), 'rotated');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({ secureJsonData: { adminToken: 'rotated' } });
  });

  it('keeps Save disabled until the URL is valid and a Prometheus data source is chosen', async () => {
    renderConfig(meta({}));
    const save = screen.getByRole('button', { name: 'Save settings' });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Exporter URL/), 'ftp://exporter');
    expect(screen.getByText('Only http and https URLs work here')).toBeInTheDocument();
    expect(save).toBeDisabled();
  });

  it("shows Grafana's error when saving fails", async () => {
    server.use(
      http.post('http://localhost/api/plugins/tcc-treasury-app/settings', () =>
        HttpResponse.json({ message: 'Permission denied' }, { status: 403 })
      )
    );
    renderConfig(meta({ exporterUrl: 'http://exporter:9877', prometheusUid: PROMETHEUS_UID }, { adminToken: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });
});

describe('validateExporterUrl', () => {
  it('refuses credentials in the URL', () => {
    expect(validateExporterUrl('http://user:pw@exporter:9877')).toBe(
      'Put no credentials in the URL; use the admin token field'
    );
    expect(validateExporterUrl('exporter:9877')).toBe('Only http and https URLs work here');
    expect(validateExporterUrl('http://exporter:9877')).toBeUndefined();
  });
});
