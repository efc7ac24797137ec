import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. Prometheus and Alertmanager cannot report the port
 * they bound to when given port 0, so the test picks one and passes it on the command line; the
 * tiny window in which another process could take it is acceptable for a test.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
