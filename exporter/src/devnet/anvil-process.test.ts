import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { spawnAnvil } from './anvil-process.js';

describe('spawnAnvil', () => {
  let occupier: Server;
  let occupiedPort: number;

  beforeAll(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    occupiedPort = (occupier.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => occupier.close(resolve));
  });

  it('rejects with anvil\'s own error when the port is taken', async () => {
    await expect(spawnAnvil({ port: occupiedPort, startTimeoutMs: 10_000 })).rejects.toThrow(
      /anvil exited with code 1: .*(in use|Address already in use)/is,
    );
  });

  it('rejects clearly when the binary cannot be run', async () => {
    await expect(spawnAnvil({ binary: '/nonexistent/anvil' })).rejects.toThrow(/cannot run anvil: .*ENOENT/);
  });
});
