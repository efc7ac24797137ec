/** Binds an app to a host and port and closes it gracefully; nothing else lives here. */
import type { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  server: Server;
  /** `http://host:port` actually bound (port 0 resolved). */
  url: string;
  close(): Promise<void>;
}

/** Parses `HOST:PORT` (`[::1]:9877` for IPv6); the host may be empty for all interfaces. */
export function parseListenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`--listen ${value}: expected HOST:PORT, for example 0.0.0.0:9877`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

/** Starts listening; rejects with the bind error (address in use) instead of crashing. */
export function listen(app: Express, { host, port }: { host: string; port: number }): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets (Prometheus keeps one open) would otherwise hold the drain.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
