/**
 * A local stand-in for the Blockfrost API (https://docs.blockfrost.io), for tests and the offline
 * demo. It speaks the real wire format: routes under `/api/v0`, the `project_id` header, the
 * documented JSON bodies and error objects (`{ status_code, error, message }`), and it refuses
 * requests whose path or query the real service would not accept. Every body it serves is kept in
 * `served` so a test can validate it against the `@blockfrost/openapi` schema.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one payment address holds. Quantities are in base units (lovelace, raw asset units). */
export interface FakeAddressHoldings {
  lovelace: bigint;
  assets?: Record<string, bigint>;
  /** Bech32 stake address controlling this payment address, `null` for enterprise addresses. */
  stakeAddress?: string | null;
}

/** What one stake account holds across all its addresses. */
export interface FakeStakeAccount {
  /** `controlled_amount`: UTxO value of every address plus unwithdrawn rewards, in lovelace. */
  controlledLovelace: bigint;
  /** Native assets summed over the account's addresses, in the order Blockfrost would list them. */
  assets?: Record<string, bigint>;
}

/** A native asset as registered in the token registry. `decimals: undefined` = no registry entry. */
export interface FakeAsset {
  decimals?: number;
  name?: string;
  ticker?: string;
}

/** A canned failure for the next matching request(s). */
export type FakeBlockfrostFailure =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'server-error' }
  | { kind: 'malformed' }
  | { kind: 'forbidden' }
  /** Accept the request and never answer (until the client times out or the fake closes). */
  | { kind: 'hang' };

/** One request as the fake received it, for assertions on the exact shape. */
export interface FakeBlockfrostRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  projectId: string | undefined;
}

/** One response the fake sent, keyed by the OpenAPI path template it belongs to. */
export interface FakeBlockfrostServed {
  /** OpenAPI path template, e.g. `/addresses/{address}`; `null` for an unknown route. */
  route: string | null;
  status: number;
  /** Parsed body as sent; `undefined` when the body was deliberately malformed. */
  body: unknown;
}

export interface FakeBlockfrost {
  /** Base URL to hand to the adapter as `baseUrl`, e.g. `http://127.0.0.1:41234/api/v0`. */
  readonly url: string;
  readonly requests: FakeBlockfrostRequest[];
  readonly served: FakeBlockfrostServed[];
  setAddress(address: string, holdings: FakeAddressHoldings): void;
  setStakeAccount(stakeAddress: string, account: FakeStakeAccount): void;
  setAsset(unit: string, asset: FakeAsset): void;
  /** Answers the next `times` requests whose path contains `pathIncludes` (all when omitted) with `failure`. */
  failNext(failure: FakeBlockfrostFailure, options?: { times?: number; pathIncludes?: string }): void;
  /** Drops failures queued by `failNext` that no request has consumed. */
  clearFailures(): void;
  close(): Promise<void>;
}

export interface CreateFakeBlockfrostParameters {
  /** The project id requests must carry in the `project_id` header. */
  projectId: string;
}

const API_PREFIX = '/api/v0';
const PAGE_QUERY = new Set(['count', 'page', 'order']);

// Bodies from the Blockfrost documentation's error section.
const ERRORS = {
  400: { status_code: 400, error: 'Bad Request', message: 'Backend did not understand your request.' },
  403: { status_code: 403, error: 'Forbidden', message: 'Invalid project token.' },
  404: { status_code: 404, error: 'Not Found', message: 'The requested component has not been found.' },
  429: { status_code: 429, error: 'Project Over Limit', message: 'Usage is over limit.' },
  500: { status_code: 500, error: 'Internal Server Error', message: 'An unexpected response was received from the backend.' },
} as const;

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port.
 * @returns the running fake; call `close()` in `afterAll`.
 */
export async function createFakeBlockfrost({ projectId }: CreateFakeBlockfrostParameters): Promise<FakeBlockfrost> {
  const addresses = new Map<string, FakeAddressHoldings>();
  const accounts = new Map<string, FakeStakeAccount>();
  const assets = new Map<string, FakeAsset>();
  const failures: Array<{ failure: FakeBlockfrostFailure; remaining: number; pathIncludes?: string }> = [];
  const requests: FakeBlockfrostRequest[] = [];
  const served: FakeBlockfrostServed[] = [];
  const hanging = new Set<ServerResponse>();

  function send(response: ServerResponse, route: string | null, status: number, body: unknown): void {
    served.push({ route, status, body });
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  function takeFailure(path: string): FakeBlockfrostFailure | undefined {
    const index = failures.findIndex((entry) => entry.pathIncludes === undefined || path.includes(entry.pathIncludes));
    if (index < 0) return undefined;
    const entry = failures[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) failures.splice(index, 1);
    return entry.failure;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const header = request.headers['project_id'];
    const sentProjectId = Array.isArray(header) ? header[0] : header;
    requests.push({ method: request.method ?? '', path: url.pathname, query, projectId: sentProjectId });

    if (sentProjectId !== projectId) {
      return send(response, null, 403, ERRORS[403]);
    }
    const failure = takeFailure(url.pathname);
    if (failure) {
      switch (failure.kind) {
        case 'forbidden':
          return send(response, null, 403, ERRORS[403]);
        case 'server-error':
          return send(response, null, 500, ERRORS[500]);
        case 'rate-limit':
          served.push({ route: null, status: 429, body: ERRORS[429] });
          response.writeHead(429, {
            'content-type': 'application/json; charset=utf-8',
            'retry-after': String(failure.retryAfterSeconds ?? 1),
          });
          response.end(JSON.stringify(ERRORS[429]));
          return;
        case 'hang':
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        case 'malformed':
          served.push({ route: null, status: 200, body: undefined });
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          response.end('{"address": "addr1', 'utf8');
          return;
      }
    }
    if (request.method !== 'GET' || !url.pathname.startsWith(`${API_PREFIX}/`)) {
      return send(response, null, 404, ERRORS[404]);
    }
    const segments = url.pathname.slice(API_PREFIX.length + 1).split('/').map(decodeURIComponent);
    route(segments, query, response);
  }

  function route(segments: string[], query: Record<string, string>, response: ServerResponse): void {
    const [collection, id, sub, subsub] = segments;
    if (collection === 'addresses' && id && segments.length === 2) {
      if (Object.keys(query).length > 0) return send(response, '/addresses/{address}', 400, ERRORS[400]);
      const holdings = addresses.get(id);
      if (!holdings) return send(response, '/addresses/{address}', 404, ERRORS[404]);
      return send(response, '/addresses/{address}', 200, {
        address: id,
        amount: [
          { unit: 'lovelace', quantity: holdings.lovelace.toString() },
          ...Object.entries(holdings.assets ?? {}).map(([unit, quantity]) => ({ unit, quantity: quantity.toString() })),
        ],
        stake_address: holdings.stakeAddress ?? null,
        type: 'shelley',
        script: false,
      });
    }
    if (collection === 'accounts' && id && segments.length === 2) {
      if (Object.keys(query).length > 0) return send(response, '/accounts/{stake_address}', 400, ERRORS[400]);
      const account = accounts.get(id);
      if (!account) return send(response, '/accounts/{stake_address}', 404, ERRORS[404]);
      return send(response, '/accounts/{stake_address}', 200, {
        stake_address: id,
        active: true,
        registered: true,
        active_epoch: 412,
        controlled_amount: account.controlledLovelace.toString(),
        rewards_sum: '0',
        withdrawals_sum: '0',
        reserves_sum: '0',
        treasury_sum: '0',
        withdrawable_amount: '0',
        pool_id: null,
        drep_id: null,
      });
    }
    if (collection === 'accounts' && id && sub === 'addresses' && subsub === 'assets' && segments.length === 4) {
      const template = '/accounts/{stake_address}/addresses/assets';
      const page = parsePageQuery(query);
      if (!page) return send(response, template, 400, ERRORS[400]);
      const account = accounts.get(id);
      if (!account) return send(response, template, 404, ERRORS[404]);
      const all = Object.entries(account.assets ?? {}).map(([unit, quantity]) => ({ unit, quantity: quantity.toString() }));
      if (page.order === 'desc') all.reverse();
      return send(response, template, 200, all.slice((page.page - 1) * page.count, page.page * page.count));
    }
    if (collection === 'assets' && id && segments.length === 2) {
      if (Object.keys(query).length > 0) return send(response, '/assets/{asset}', 400, ERRORS[400]);
      const asset = assets.get(id);
      if (!asset) return send(response, '/assets/{asset}', 404, ERRORS[404]);
      const policyId = id.slice(0, 56);
      const assetName = id.slice(56);
      return send(response, '/assets/{asset}', 200, {
        asset: id,
        policy_id: policyId,
        asset_name: assetName === '' ? null : assetName,
        fingerprint: 'asset1pkpwyknlvul7az0xx8czhl60pyel45rpje4z8w',
        quantity: '1000000000000',
        initial_mint_tx_hash: '6804edf9712d2b619edb6ac86861fe93a730693183a262b165fcc1ba1bc99cad',
        mint_or_burn_count: 1,
        // `onchain_metadata_standard` / `_extra` are optional and left out: the published schema
        // pairs `nullable` with an `enum` that lacks null, so a literal null would not validate.
        onchain_metadata: null,
        metadata:
          asset.decimals === undefined
            ? null
            : {
                name: asset.name ?? 'token',
                description: 'A token registered in the fake token registry',
                ticker: asset.ticker ?? null,
                url: null,
                logo: null,
                decimals: asset.decimals,
              },
      });
    }
    return send(response, null, 404, ERRORS[404]);
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${API_PREFIX}`,
    requests,
    served,
    setAddress: (address, holdings) => void addresses.set(address, holdings),
    setStakeAccount: (stakeAddress, account) => void accounts.set(stakeAddress, account),
    setAsset: (unit, asset) => void assets.set(unit, asset),
    failNext: (failure, { times = 1, pathIncludes } = {}) => void failures.push({ failure, remaining: times, pathIncludes }),
    clearFailures: () => void failures.splice(0),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Blockfrost's pagination rules: count 1..100 (default 100), page >= 1 (default 1), order asc|desc. */
function parsePageQuery(query: Record<string, string>): { count: number; page: number; order: 'asc' | 'desc' } | null {
  if (Object.keys(query).some((key) => !PAGE_QUERY.has(key))) return null;
  const count = query.count === undefined ? 100 : Number(query.count);
  const page = query.page === undefined ? 1 : Number(query.page);
  const order = query.order ?? 'asc';
  if (!Number.isInteger(count) || count < 1 || count > 100) return null;
  if (!Number.isInteger(page) || page < 1 || page > 21474836) return null;
  if (order !== 'asc' && order !== 'desc') return null;
  return { count, page, order };
}
