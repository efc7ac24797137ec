import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createTestServer, exporterApiUrl } from '../../test/exporterServer';
import { installGrafanaHost } from '../../test/grafanaHost';
import { ExporterStatusBanner } from './ExporterStatusBanner';

const server = createTestServer();
const settings = { exporterUrl: 'http://exporter:9877', prometheusUid: 'prom' };

beforeEach(() => installGrafanaHost());

function answerStatus(status: number, body: unknown) {
  server.use(http.get(exporterApiUrl('/status'), () => HttpResponse.json(body as never, { status })));
}

describe('ExporterStatusBanner', () => {
  it('says the exporter is not connected, without calling it, when no URL is set', () => {
    render(<ExporterStatusBanner settings={{ prometheusUid: 'prom' }} isAdmin />);
    expect(screen.getByText('Exporter not connected')).toBeInTheDocument();
    expect(screen.getByText(/Set the exporter URL and admin token in the app settings/)).toBeInTheDocument();
  });

  it('shows loading, then an unreachable exporter with the next step', async () => {
    answerStatus(502, { message: 'Bad Gateway' });
    render(<ExporterStatusBanner settings={settings} isAdmin />);
    expect(screen.getByText('Checking the exporter…')).toBeInTheDocument();
    expect(await screen.findByText('The exporter is unreachable')).toBeInTheDocument();
    expect(screen.getByText(/Check that it runs and that the exporter URL/)).toBeInTheDocument();
  });

  it('tells a Viewer to ask an Admin when the token is refused', async () => {
    answerStatus(401, { error: 'missing bearer token' });
    render(<ExporterStatusBanner settings={settings} isAdmin={false} />);
    expect(await screen.findByText('The exporter refused the admin token')).toBeInTheDocument();
    expect(screen.getByText(/Ask a Grafana Admin to open the app configuration page/)).toBeInTheDocument();
    expect(screen.getByText('missing bearer token')).toBeInTheDocument();
  });

  it('says there is no data yet when the exporter has no targets', async () => {
    answerStatus(200, { targets: [] });
    render(<ExporterStatusBanner settings={settings} isAdmin />);
    expect(await screen.findByText('No data yet')).toBeInTheDocument();
    expect(screen.getByText(/Add accounts on the Account configuration page/)).toBeInTheDocument();
  });

  it('says no poll has completed yet when no target ever succeeded', async () => {
    answerStatus(200, {
      targets: [{ network: 'ethereum', target: 'account:ops-hot', up: false, last_success: null, last_error: null }],
    });
    render(<ExporterStatusBanner settings={settings} isAdmin />);
    expect(await screen.findByText(/has not completed a poll yet/)).toBeInTheDocument();
  });

  it('lists failing targets with their last error', async () => {
    answerStatus(200, {
      targets: [
        { network: 'ethereum', target: 'account:ops-hot', up: true, last_success: 1700000000, last_error: null },
        {
          network: 'solana',
          target: 'account:custody-1',
          up: false,
          last_success: 1699999000,
          last_error: 'HTTP 429 from api.example',
        },
      ],
    });
    render(<ExporterStatusBanner settings={settings} isAdmin />);
    expect(await screen.findByText('1 of 2 targets are failing')).toBeInTheDocument();
    expect(screen.getByText('HTTP 429 from api.example')).toBeInTheDocument();
  });

  it('renders nothing when every target is healthy', async () => {
    answerStatus(200, {
      targets: [
        { network: 'ethereum', target: 'account:ops-hot', up: true, last_success: 1700000000, last_error: null },
      ],
    });
    const { container } = render(<ExporterStatusBanner settings={settings} isAdmin />);
    await waitFor(() => expect(container).toBeEmptyDOMElement());
  });
});
