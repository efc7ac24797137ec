import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Account, NetworksCatalog } from '../api/schemas';
import { EXPORTER_PROXY_BASE } from '../constants';
import { accountFactory, networksFactory } from './factories';

/**
 * An in-memory exporter admin API behind Grafana's plugin proxy path, speaking DESIGN §5: ETag on
 * the list, If-Match required on writes, 412 on a stale ETag, JSON errors. Tests change its state
 * directly to play "someone else edited the file".
 */
export interface FakeExporter {
  accounts: Account[];
  version: number;
  networks: NetworksCatalog | null;
  /** Issues the next write answers with (400), as the exporter's validator words them. */
  rejectNextWrite: { error: string; issues?: string[] } | null;
  /** Whether a 412 carries `current` (newer exporters) or not. */
  conflictIncludesCurrent: boolean;
  /** Requests received, as `METHOD path If-Match`. */
  log: string[];
  etag(): string;
}

export function createFakeExporter(): FakeExporter {
  return {
    accounts: [
      accountFactory(),
      accountFactory({
        name: 'custody-1',
        network: 'solana',
        address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
        assets: ['USDC'],
        labels: {},
        min_balance: {},
      }),
    ],
    version: 1,
    networks: networksFactory(),
    rejectNextWrite: null,
    conflictIncludesCurrent: true,
    log: [],
    etag() {
      return `"v${this.version}"`;
    },
  };
}

const api = (path: string) => `http://localhost${EXPORTER_PROXY_BASE}/api/v1${path}`;

/** msw handlers for {@link FakeExporter}. */
export function exporterHandlers(state: FakeExporter) {
  const guardWrite = (request: Request) => {
    const ifMatch = request.headers.get('If-Match');
    state.log.push(`${request.method} ${new URL(request.url).pathname} ${ifMatch}`);
    if (!ifMatch) {
      return HttpResponse.json({ error: 'If-Match header is required' }, { status: 428 });
    }
    if (ifMatch !== state.etag()) {
      const body: Record<string, unknown> = { error: 'the accounts changed since you read them' };
      if (state.conflictIncludesCurrent) {
        body.current = { accounts: state.accounts, etag: state.etag() };
      }
      return HttpResponse.json(body, { status: 412 });
    }
    if (state.rejectNextWrite) {
      const body = state.rejectNextWrite;
      state.rejectNextWrite = null;
      return HttpResponse.json(body, { status: 400 });
    }
    return undefined;
  };
  const committed = () => {
    state.version += 1;
    return new HttpResponse(null, { status: 204, headers: { ETag: state.etag() } });
  };
  return [
    http.get(api('/accounts'), () =>
      HttpResponse.json({ accounts: state.accounts }, { headers: { ETag: state.etag() } })
    ),
    http.get(api('/networks'), () =>
      state.networks ? HttpResponse.json(state.networks) : HttpResponse.json({ error: 'not found' }, { status: 404 })
    ),
    http.get(api('/status'), () =>
      HttpResponse.json({
        targets: state.accounts.map((account) => ({
          network: account.network,
          target: `account:${account.name}`,
          up: true,
          last_success: 1_700_000_000,
          last_error: null,
        })),
      })
    ),
    http.post(api('/accounts'), async ({ request }) => {
      const refused = guardWrite(request);
      if (refused) {
        return refused;
      }
      state.accounts = [...state.accounts, (await request.json()) as Account];
      return committed();
    }),
    http.put(api('/accounts/:name'), async ({ request, params }) => {
      const refused = guardWrite(request);
      if (refused) {
        return refused;
      }
      const body = (await request.json()) as Account;
      state.accounts = state.accounts.map((account) => (account.name === params.name ? body : account));
      return committed();
    }),
    http.delete(api('/accounts/:name'), ({ request, params }) => {
      const refused = guardWrite(request);
      if (refused) {
        return refused;
      }
      state.accounts = state.accounts.filter((account) => account.name !== params.name);
      return committed();
    }),
  ];
}

/** One msw server per test file; `onUnhandledRequest: 'error'` makes a wrong URL fail the test. */
export function createTestServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export { api as exporterApiUrl };
