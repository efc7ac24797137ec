import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OrgRole } from '@grafana/data';
import { http, HttpResponse } from 'msw';
import {
  createFakeExporter,
  createTestServer,
  exporterApiUrl,
  exporterHandlers,
  type FakeExporter,
} from '../../test/exporterServer';
import { accountFactory, EVM_ADDRESS } from '../../test/factories';
import { installGrafanaHost } from '../../test/grafanaHost';
import { renderInApp } from '../../test/render';
import { AccountConfiguration } from './AccountConfiguration';

const server = createTestServer();
let exporter: FakeExporter;

beforeEach(() => {
  installGrafanaHost();
  exporter = createFakeExporter();
  server.use(...exporterHandlers(exporter));
});

// No delay between keystrokes: the form logic, not typing speed, is under test.
const user = () => userEvent.setup({ delay: null });

async function renderLoaded({ isAdmin = true } = {}) {
  renderInApp(<AccountConfiguration exporterConfigured isAdmin={isAdmin} />);
  return screen.findByRole('table', { name: 'Accounts' });
}

describe('listing', () => {
  it('shows every account with its details and edit controls for Admins', async () => {
    const table = await renderLoaded();
    const row = within(table).getByText('ops-hot').closest('tr')!;
    expect(within(row).getByText(EVM_ADDRESS)).toBeInTheDocument();
    expect(within(row).getByText('ETH, USDC')).toBeInTheDocument();
    expect(within(row).getByText('entity=acme')).toBeInTheDocument();
    expect(within(row).getByText('ETH ≥ 2')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'ops-hot' })).toHaveAttribute(
      'href',
      '/a/tcc-treasury-app/accounts/ops-hot'
    );
    expect(screen.getByRole('button', { name: 'Edit ops-hot' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add account' })).toBeInTheDocument();
  });

  it('hides every edit control from non-Admins', async () => {
    installGrafanaHost({ orgRole: OrgRole.Viewer });
    await renderLoaded({ isAdmin: false });
    expect(screen.getByText('Only Admins of this organisation can change accounts.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit|Remove|Add account/ })).not.toBeInTheDocument();
  });

  it('says what to do when there are no accounts yet', async () => {
    exporter.accounts = [];
    renderInApp(<AccountConfiguration exporterConfigured isAdmin />);
    expect(await screen.findByText('No accounts yet')).toBeInTheDocument();
    expect(screen.getByText('Add the first account the exporter should watch.')).toBeInTheDocument();
  });
});

describe('error states', () => {
  it('asks for the exporter settings when no exporter URL is configured, without calling it', () => {
    renderInApp(<AccountConfiguration exporterConfigured={false} isAdmin />);
    expect(screen.getByText('The exporter is not connected')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'app settings' })).toHaveAttribute('href', '/plugins/tcc-treasury-app');
  });

  it('explains an unreachable exporter (Grafana proxy 502) and retries', async () => {
    server.use(
      http.get(exporterApiUrl('/accounts'), () => HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 }))
    );
    renderInApp(<AccountConfiguration exporterConfigured isAdmin />);
    expect(await screen.findByText('The exporter is unreachable')).toBeInTheDocument();
    expect(screen.getByText('Bad Gateway')).toBeInTheDocument();
    server.resetHandlers(...exporterHandlers(exporter));
    await user().click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table', { name: 'Accounts' })).toBeInTheDocument();
  });

  it('explains a refused token (401) with the exporter message', async () => {
    server.use(
      http.get(exporterApiUrl('/accounts'), () => HttpResponse.json({ error: 'invalid bearer token' }, { status: 401 }))
    );
    renderInApp(<AccountConfiguration exporterConfigured isAdmin={false} />);
    expect(await screen.findByText('The exporter refused the admin token')).toBeInTheDocument();
    expect(screen.getByText('invalid bearer token')).toBeInTheDocument();
    expect(screen.getByText(/Ask a Grafana Admin/)).toBeInTheDocument();
  });

  it('explains an exporter that runs without an admin token (503)', async () => {
    server.use(
      http.get(exporterApiUrl('/accounts'), () =>
        HttpResponse.json({ error: 'admin API disabled: TREASURY_ADMIN_TOKEN is not set' }, { status: 503 })
      )
    );
    renderInApp(<AccountConfiguration exporterConfigured isAdmin />);
    expect(await screen.findByText("The exporter's admin API is closed")).toBeInTheDocument();
  });
});

describe('adding', () => {
  it('checks the address per network before sending, then posts with If-Match', async () => {
    const u = user();
    await renderLoaded();
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    await u.type(screen.getByLabelText(/^Name/), 'treasury-2');
    // Combobox: type to filter, Enter picks the highlighted network.
    await u.type(screen.getByLabelText(/^Network/), 'ethereum{Enter}');
    // One letter's case flipped: EIP-55 catches it.
    await u.type(screen.getByLabelText(/^Address/), '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD');
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    expect(await screen.findByText('not a valid EVM address (checksum mismatch)')).toBeInTheDocument();
    expect(exporter.log).toEqual([]);

    await u.clear(screen.getByLabelText(/^Address/));
    await u.type(screen.getByLabelText(/^Address/), EVM_ADDRESS);
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    expect(await screen.findByText('Added treasury-2')).toBeInTheDocument();
    expect(exporter.log).toEqual(['POST /api/plugin-proxy/tcc-treasury-app/exporter/api/v1/accounts "v1"']);
    expect(exporter.accounts.at(-1)).toEqual({ name: 'treasury-2', network: 'ethereum', address: EVM_ADDRESS });
    expect(within(screen.getByRole('table', { name: 'Accounts' })).getByText('treasury-2')).toBeInTheDocument();
  });

  it('refuses a duplicate name and a Solana address on an EVM network', async () => {
    const u = user();
    exporter.networks = null; // older exporter: free-text network
    await renderLoaded();
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    await u.type(screen.getByLabelText(/^Name/), 'custody-1');
    await u.type(screen.getByLabelText(/^Network/), 'ethereum');
    await u.type(screen.getByLabelText(/^Address/), 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    expect(await screen.findByText('an account named "custody-1" already exists')).toBeInTheDocument();
    // Without the networks endpoint the kind is unknown: the exporter judges the address.
    expect(screen.queryByText(/not a valid EVM address/)).not.toBeInTheDocument();
    expect(exporter.log).toEqual([]);
  });

  it("shows the exporter's own 400 message and issues verbatim", async () => {
    const u = user();
    exporter.networks = null;
    exporter.rejectNextWrite = {
      error: 'config validation failed',
      issues: ['treasury.yaml:14:7 accounts[2].address: not a valid EVM address (checksum mismatch)'],
    };
    await renderLoaded();
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    await u.type(screen.getByLabelText(/^Name/), 'new-one');
    await u.type(screen.getByLabelText(/^Network/), 'ethereum');
    await u.type(screen.getByLabelText(/^Address/), EVM_ADDRESS);
    await u.click(screen.getByRole('button', { name: 'Add account' }));
    expect(await screen.findByText('The exporter rejected the change')).toBeInTheDocument();
    expect(screen.getByText('config validation failed')).toBeInTheDocument();
    expect(
      screen.getByText('treasury.yaml:14:7 accounts[2].address: not a valid EVM address (checksum mismatch)')
    ).toBeInTheDocument();
    // The form stays open with the input kept.
    expect(screen.getByLabelText(/^Name/)).toHaveValue('new-one');
  });
});

describe('conflicts (412)', () => {
  async function editOpsHotMinimum(u: ReturnType<typeof user>, amount: string) {
    await u.click(screen.getByRole('button', { name: 'Edit ops-hot' }));
    const input = screen.getByLabelText('Minimum 1 amount');
    await u.clear(input);
    await u.type(input, amount);
    await u.click(screen.getByRole('button', { name: 'Save ops-hot' }));
  }

  it.each([
    ['with the current state attached', true],
    ['without it (re-fetched)', false],
  ])('reloads, says what changed and keeps the edit, %s', async (_label, includesCurrent) => {
    const u = user();
    exporter.conflictIncludesCurrent = includesCurrent;
    await renderLoaded();
    // Someone else adds an account and edits custody-1 meanwhile.
    exporter.accounts = [
      exporter.accounts[0]!,
      { ...exporter.accounts[1]!, labels: { entity: 'acme-bank' } },
      accountFactory({ name: 'cold-3', address: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359' }),
    ];
    exporter.version = 2;

    await editOpsHotMinimum(u, '5');
    const notice = await screen.findByText('Someone else changed the accounts');
    const changes = within(notice.closest('[role="status"], [role="alert"]') ?? document.body).getByRole('list', {
      name: 'Changes by someone else',
    });
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    ).toEqual(['added cold-3', 'changed custody-1']);
    expect(within(screen.getByRole('table', { name: 'Accounts' })).getByText('cold-3')).toBeInTheDocument();
    expect(screen.getByLabelText('Minimum 1 amount')).toHaveValue('5');

    await u.click(screen.getByRole('button', { name: 'Save ops-hot' }));
    expect(await screen.findByText('Saved ops-hot')).toBeInTheDocument();
    expect(exporter.log.map((line) => line.split(' ').pop())).toEqual(['"v1"', '"v2"']);
    expect(exporter.accounts[0]!.min_balance).toEqual({ ETH: 5 });
  });
});

describe('removing', () => {
  it('asks for confirmation, then deletes with If-Match', async () => {
    const u = user();
    await renderLoaded();
    await u.click(screen.getByRole('button', { name: 'Remove custody-1' }));
    await u.click(await screen.findByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('Removed custody-1')).toBeInTheDocument();
    expect(exporter.log).toEqual(['DELETE /api/plugin-proxy/tcc-treasury-app/exporter/api/v1/accounts/custody-1 "v1"']);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'custody-1' })).not.toBeInTheDocument());
  });
});
