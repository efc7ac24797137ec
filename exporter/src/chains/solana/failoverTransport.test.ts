import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { address, createSolanaRpcFromTransport } from '@solana/kit';
import type { RequestRecord } from '../types.js';
import { parseRetryAfterMs as parseRetryAfter } from '../retryAfter.js';
import { createFailoverTransport, SolanaRpcUnavailableError } from './failoverTransport.js';
import { startFakeSolanaRpc, type FakeSolanaRpc } from './testing/fakeSolanaRpc.js';

const WALLET = address('3h1zGmCwsRJnVk5BuRNMLsPaQu1y2aqXqXDWYCgrp5UG');
// 2^53 + 1 lamports: a double would round it to 2^53.
const HUGE_LAMPORTS = 9_007_199_254_740_993n;

let node: FakeSolanaRpc;
let closedUrl: string;

beforeAll(async () => {
  node = await startFakeSolanaRpc();
  node.setLamports(WALLET, HUGE_LAMPORTS);
  // A port nothing listens on any more: connection refused.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/key-in-path`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => node.close());

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('createFailoverTransport', () => {
  it('keeps u64 lamports above 2^53 exact through kit', async () => {
    const rpc = createSolanaRpcFromTransport(createFailoverTransport({ urls: [node.url] }));
    const { value } = await rpc.getBalance(WALLET).send();
    expect(value).toBe(HUGE_LAMPORTS);
  });

  it('moves past a refused connection and records it as an error by host', async () => {
    const records: RequestRecord[] = [];
    const rpc = createSolanaRpcFromTransport(createFailoverTransport({ urls: [closedUrl, node.url], recordRequest: (r) => records.push(r) }));
    const { value } = await rpc.getBalance(WALLET).send();
    expect(value).toBe(HUGE_LAMPORTS);
    expect(records).toEqual([
      { endpoint: new URL(closedUrl).host, outcome: 'error' },
      { endpoint: new URL(node.url).host, outcome: 'success' },
    ]);
  });

  it('gives up on a 429 storm after one honoured Retry-After per URL per round', async () => {
    const records: RequestRecord[] = [];
    node.injectFault({ kind: 'rate_limit', retryAfterSeconds: 0 }, 4);
    const rpc = createSolanaRpcFromTransport(
      createFailoverTransport({ urls: [node.url], retries: 1, retryDelayMs: 0, recordRequest: (r) => records.push(r) }),
    );
    const failure = rpc.getBalance(WALLET).send();
    await expect(failure).rejects.toBeInstanceOf(SolanaRpcUnavailableError);
    await expect(failure).rejects.toThrow(`every Solana RPC endpoint failed for getBalance: ${new URL(node.url).host}: HTTP 429; ${new URL(node.url).host}: HTTP 429`);
    expect(records.map((r) => r.outcome)).toEqual(['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
  });

  it('stops at once when the caller aborts', async () => {
    const records: RequestRecord[] = [];
    const controller = new AbortController();
    node.injectFault({ kind: 'hang' });
    const rpc = createSolanaRpcFromTransport(
      createFailoverTransport({ urls: [node.url, node.url], timeoutMs: 60_000, recordRequest: (r) => records.push(r) }),
    );
    const pending = rpc.getBalance(WALLET).send({ abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error('cycle cancelled')), 50);
    await expect(pending).rejects.toThrow('cycle cancelled');
    expect(records).toEqual([]);
  });

  it('refuses an empty URL list', () => {
    expect(() => createFailoverTransport({ urls: [] })).toThrow('createFailoverTransport needs at least one RPC URL');
  });
});
