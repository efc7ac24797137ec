/**
 * A local stand-in for an Esplora REST server (Blockstream's electrs API, also served by
 * mempool.space), for tests and the offline demo. It answers `GET /address/:address` with the real
 * JSON shape from an in-memory ledger, and can be told to fail the way public servers do: 429,
 * 5xx, a reply that never comes, a body that is not JSON.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Totals for one address, in satoshis, split like Esplora's `chain_stats` / `mempool_stats`. */
export interface FakeEsploraAddressEntry {
  /** Confirmed received / spent sums and counts. */
  funded?: bigint;
  spent?: bigint;
  fundedCount?: number;
  spentCount?: number;
  txCount?: number;
  /** Mempool (unconfirmed) deltas. */
  mempoolFunded?: bigint;
  mempoolSpent?: bigint;
  mempoolTxCount?: number;
}

export type FakeEsploraFailure =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  | { kind: 'malformed' }
  /** Accept the request and never answer (until the client gives up or the fake closes). */
  | { kind: 'hang' };

export interface FakeEsploraRequest {
  method: string;
  path: string;
  query: string;
}

export interface FakeEsplora {
  /** Base URL as configured in `esplora_urls`, e.g. `http://127.0.0.1:41234/api`. */
  readonly url: string;
  readonly requests: FakeEsploraRequest[];
  /** Sets (replaces) an address's totals; unknown addresses have none, like a never-used address. */
  setAddress(address: string, entry: FakeEsploraAddressEntry): void;
  /** Answers the next `times` requests (all when `times` is Infinity) with `failure`. */
  failNext(failure: FakeEsploraFailure, options?: { times?: number }): void;
  /** Drops failures queued by `failNext` that no request has consumed. */
  clearFailures(): void;
  close(): Promise<void>;
}

export interface CreateFakeEsploraParameters {
  /** Returns true for addresses Esplora would accept; others get `400 Invalid Bitcoin address`. */
  isValidAddress: (address: string) => boolean;
  /** Path prefix of the API (mempool.space and Blockstream serve it under `/api`). */
  basePath?: string;
}

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port.
 * @returns the running fake; call `close()` in `afterAll`.
 */
export async function createFakeEsplora({ isValidAddress, basePath = '/api' }: CreateFakeEsploraParameters): Promise<FakeEsplora> {
  const ledger = new Map<string, FakeEsploraAddressEntry>();
  const failures: Array<{ failure: FakeEsploraFailure; remaining: number }> = [];
  const requests: FakeEsploraRequest[] = [];
  const hanging = new Set<ServerResponse>();

  function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers });
    response.end(text);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: request.method ?? '', path: url.pathname, query: url.search });

    const next = failures[0];
    if (next) {
      next.remaining -= 1;
      if (next.remaining <= 0) failures.shift();
      switch (next.failure.kind) {
        case 'rate-limit':
          return plain(response, 429, 'Too Many Requests', { 'retry-after': String(next.failure.retryAfterSeconds ?? 1) });
        case 'server-error':
          return plain(response, next.failure.status ?? 502, 'Bad Gateway');
        case 'malformed':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"address":"bc1q","chain_stats":{"funded_txo_sum":');
          return;
        case 'hang':
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
      }
    }

    const prefix = `${basePath}/address/`;
    if (request.method !== 'GET' || !url.pathname.startsWith(prefix) || url.search !== '') {
      return plain(response, 404, 'Not Found');
    }
    const address = decodeURIComponent(url.pathname.slice(prefix.length));
    // Sub-resources (/txs, /utxo) exist on real servers but are not used by the adapter.
    if (address.includes('/')) return plain(response, 404, 'Not Found');
    if (!isValidAddress(address)) return plain(response, 400, 'Invalid Bitcoin address');

    const entry = ledger.get(address) ?? {};
    const funded = entry.funded ?? 0n;
    const spent = entry.spent ?? 0n;
    const mempoolFunded = entry.mempoolFunded ?? 0n;
    const mempoolSpent = entry.mempoolSpent ?? 0n;
    const body = {
      address,
      chain_stats: {
        funded_txo_count: entry.fundedCount ?? (funded > 0n ? 1 : 0),
        funded_txo_sum: Number(funded),
        spent_txo_count: entry.spentCount ?? (spent > 0n ? 1 : 0),
        spent_txo_sum: Number(spent),
        tx_count: entry.txCount ?? (funded > 0n || spent > 0n ? 1 : 0),
      },
      mempool_stats: {
        funded_txo_count: mempoolFunded > 0n ? 1 : 0,
        funded_txo_sum: Number(mempoolFunded),
        spent_txo_count: mempoolSpent > 0n ? 1 : 0,
        spent_txo_sum: Number(mempoolSpent),
        tx_count: entry.mempoolTxCount ?? (mempoolFunded > 0n || mempoolSpent > 0n ? 1 : 0),
      },
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    setAddress: (address, entry) => void ledger.set(address, entry),
    failNext: (failure, { times = 1 } = {}) => void failures.push({ failure, remaining: times }),
    clearFailures: () => void failures.splice(0),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
