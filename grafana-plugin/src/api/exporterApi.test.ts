import { http, HttpResponse } from 'msw';
import { createFakeExporter, createTestServer, exporterApiUrl, exporterHandlers } from '../test/exporterServer';
import { accountFactory } from '../test/factories';
import { installGrafanaHost } from '../test/grafanaHost';
import { createAccount, ExporterApiError, getNetworks, listAccounts } from './exporterApi';

const server = createTestServer();

beforeEach(() => installGrafanaHost());

describe('exporter admin API client', () => {
  it('reads the accounts with their ETag through the plugin proxy route', async () => {
    const exporter = createFakeExporter();
    server.use(...exporterHandlers(exporter));
    const snapshot = await listAccounts();
    expect(snapshot.etag).toBe('"v1"');
    expect(snapshot.accounts.map((a) => a.name)).toEqual(['ops-hot', 'custody-1']);
  });

  it('refuses a list without an ETag, since no write could be guarded', async () => {
    server.use(http.get(exporterApiUrl('/accounts'), () => HttpResponse.json({ accounts: [] })));
    await expect(listAccounts()).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('refuses an answer of the wrong shape', async () => {
    server.use(
      http.get(exporterApiUrl('/accounts'), () => HttpResponse.json({ items: [] }, { headers: { ETag: '"x"' } }))
    );
    await expect(listAccounts()).rejects.toBeInstanceOf(ExporterApiError);
  });

  it('turns a 412 into a conflict carrying the current state', async () => {
    const exporter = createFakeExporter();
    server.use(...exporterHandlers(exporter));
    const error = await createAccount({ account: accountFactory({ name: 'x' }), etag: '"v0"' }).catch(
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(ExporterApiError);
    expect(error).toMatchObject({ kind: 'conflict', status: 412, current: { etag: '"v1"' } });
  });

  it('treats a missing networks endpoint as "no catalog"', async () => {
    server.use(http.get(exporterApiUrl('/networks'), () => HttpResponse.json({ error: 'not found' }, { status: 404 })));
    await expect(getNetworks()).resolves.toBeNull();
  });
});
