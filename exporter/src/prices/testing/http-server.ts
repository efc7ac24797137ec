/**
 * A minimal loopback HTTP server for the provider fakes: binds 127.0.0.1 on a free port, records
 * every request, and closes every socket (including ones a fake left hanging) on `close()`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake saw of one request. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, still percent-encoded as sent. */
  path: string;
  /** The raw query string without `?` ('' when none). */
  rawQuery: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
}

/** A response a test scripts for the next request, ahead of the fake's normal answer. */
export type ScriptedResponse =
  | { kind: 'rate_limited'; retryAfter?: string }
  | { kind: 'server_error'; status?: number }
  | { kind: 'malformed_json' }
  /** Accepts the request and never answers: the client must time out. */
  | { kind: 'hang' };

export interface LoopbackServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (request: RecordedRequest, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const target = incoming.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawQuery = queryStart === -1 ? '' : target.slice(queryStart + 1);
    const recorded: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: queryStart === -1 ? target : target.slice(0, queryStart),
      rawQuery,
      query: Object.fromEntries(new URLSearchParams(rawQuery)),
      headers: incoming.headers,
    };
    requests.push(recorded);
    handle(recorded, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Plays a scripted response; returns false when there is none and the fake should answer normally.
 * `errorBody` is the provider's JSON error shape for a status.
 */
export function playScripted(
  scripted: ScriptedResponse | undefined,
  response: ServerResponse,
  errorBody: (status: number) => unknown,
): boolean {
  if (!scripted) return false;
  switch (scripted.kind) {
    case 'rate_limited':
      sendJson(response, 429, errorBody(429), scripted.retryAfter === undefined ? {} : { 'retry-after': scripted.retryAfter });
      return true;
    case 'server_error':
      sendJson(response, scripted.status ?? 503, errorBody(scripted.status ?? 503));
      return true;
    case 'malformed_json':
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end('{"usd-coin":{"usd":0.99,');
      return true;
    case 'hang':
      return true;
  }
}
