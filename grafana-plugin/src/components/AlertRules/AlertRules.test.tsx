import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createTestServer } from '../../test/exporterServer';
import { installGrafanaHost, PROMETHEUS_UID } from '../../test/grafanaHost';
import { AlertRules, runbookUrlFor, treasuryRules } from './AlertRules';

const server = createTestServer();
const RULES_URL = `http://localhost/api/prometheus/${PROMETHEUS_UID}/api/v1/rules`;

const rulesBody = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'treasury.totals',
        rules: [{ type: 'recording', name: 'treasury:treasury_account_balance_usd:sum', health: 'ok' }],
      },
      {
        name: 'treasury.exporter',
        rules: [
          {
            type: 'alerting',
            name: 'TreasuryExporterDown',
            state: 'firing',
            labels: { severity: 'critical' },
            annotations: { summary: 'Treasury exporter is down' },
          },
          {
            type: 'alerting',
            name: 'TreasuryStablecoinDepeg',
            state: 'inactive',
            labels: { severity: 'warning' },
            annotations: { summary: 'USDC is off its peg', runbook_url: 'https://runbooks.example/depeg' },
          },
          { type: 'alerting', name: 'NodeDown', state: 'firing', labels: {}, annotations: {} },
        ],
      },
    ],
  },
};

beforeEach(() => installGrafanaHost());

describe('treasuryRules', () => {
  it('keeps treasury alerting rules only, with runbook links', () => {
    expect(treasuryRules(rulesBody, 'https://git.example/docs/runbooks.md')).toEqual([
      {
        group: 'treasury.exporter',
        name: 'TreasuryExporterDown',
        state: 'firing',
        severity: 'critical',
        summary: 'Treasury exporter is down',
        runbookUrl: 'https://git.example/docs/runbooks.md#treasuryexporterdown',
      },
      {
        group: 'treasury.exporter',
        name: 'TreasuryStablecoinDepeg',
        state: 'inactive',
        severity: 'warning',
        summary: 'USDC is off its peg',
        runbookUrl: 'https://runbooks.example/depeg',
      },
    ]);
  });

  it('has no runbook link without an annotation or a base URL', () => {
    expect(runbookUrlFor('TreasuryExporterDown', {}, undefined)).toBeUndefined();
  });
});

describe('AlertRules', () => {
  it("lists the rules from Grafana's rules API for the Prometheus data source", async () => {
    server.use(http.get(RULES_URL, () => HttpResponse.json(rulesBody)));
    render(<AlertRules prometheusUid={PROMETHEUS_UID} runbookBaseUrl="https://git.example/docs/runbooks.md" />);
    const table = await screen.findByRole('table', { name: 'Treasury alert rules' });
    const row = within(table).getByText('TreasuryStablecoinDepeg').closest('tr')!;
    expect(within(row).getByRole('link', { name: /Runbook/ })).toHaveAttribute(
      'href',
      'https://runbooks.example/depeg'
    );
    expect(within(table).queryByText('NodeDown')).not.toBeInTheDocument();
  });

  it('says how to load the rules when there are none', async () => {
    server.use(http.get(RULES_URL, () => HttpResponse.json({ status: 'success', data: { groups: [] } })));
    render(<AlertRules prometheusUid={PROMETHEUS_UID} />);
    expect(await screen.findByText('No treasury alert rules loaded')).toBeInTheDocument();
  });

  it('explains a failure to read the rules', async () => {
    server.use(http.get(RULES_URL, () => HttpResponse.json({ message: 'datasource not found' }, { status: 404 })));
    render(<AlertRules prometheusUid={PROMETHEUS_UID} />);
    expect(await screen.findByText('Could not load the alert rules')).toBeInTheDocument();
    expect(screen.getByText('datasource not found')).toBeInTheDocument();
  });
});
