/**
 * A loopback TCP forwarder in front of a real server that a test can close and open: closed, it
 * accepts and immediately resets connections (and cuts the open ones), as a database behind a
 * failed network or a restarting host looks to a client. Open, bytes pass through untouched.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpGate {
  /** The gate's port on 127.0.0.1. */
  port: number;
  /** Rewrites `url` (host and port) to go through the gate. */
  through(url: string): string;
  open(): void;
  /** Refuses new connections and cuts the existing ones. */
  shut(): void;
  close(): Promise<void>;
}

export interface StartTcpGateParameters {
  /** `host:port` or a URL whose host and port are the target. */
  target: string;
  open?: boolean;
}

/** Starts a gate on 127.0.0.1:0 forwarding to `target`. */
export async function startTcpGate({ target, open: initiallyOpen = false }: StartTcpGateParameters): Promise<TcpGate> {
  const parsed = target.includes('://') ? new URL(target) : new URL(`tcp://${target}`);
  const targetHost = parsed.hostname;
  const targetPort = Number(parsed.port);
  let isOpen = initiallyOpen;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    if (!isOpen) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: targetHost, port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const cutAll = () => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
  };
  return {
    port,
    through(url) {
      const rewritten = new URL(url);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.toString();
    },
    open() {
      isOpen = true;
    },
    shut() {
      isOpen = false;
      cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
