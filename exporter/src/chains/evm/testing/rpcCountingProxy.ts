/**
 * A loopback HTTP proxy in front of a JSON-RPC node that counts what crosses the wire: HTTP
 * requests and JSON-RPC calls by method (batches unpacked). Tests and the benchmark use it to
 * measure requests per poll cycle on the real node instead of trusting the client's own count.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RpcCountingProxy {
  url: string;
  httpRequests: number;
  calls: Map<string, number>;
  /** The next `count` HTTP requests are answered with `status` and never reach the node. */
  failNext(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:0, forwarding every POST body to `upstreamUrl`. */
export async function startRpcCountingProxy(upstreamUrl: string): Promise<RpcCountingProxy> {
  const proxy: RpcCountingProxy = {
    url: '',
    httpRequests: 0,
    calls: new Map(),
    failNext(count, status = 503) {
      failures.push(...Array.from({ length: count }, () => status));
    },
    reset() {
      proxy.httpRequests = 0;
      proxy.calls.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const failures: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    proxy.httpRequests++;
    const failure = failures.shift();
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'text/plain' }).end('injected failure');
      return;
    }
    try {
      const parsed = JSON.parse(body) as { method: string } | { method: string }[];
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        proxy.calls.set(call.method, (proxy.calls.get(call.method) ?? 0) + 1);
      }
    } catch {
      // Forwarded as is: the node answers malformed bodies with its own JSON-RPC error.
    }
    try {
      const upstream = await fetch(upstreamUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
