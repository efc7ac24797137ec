import { afterAll, describe, expect, it } from '@jest/globals';
import type { RequestRecord } from '../chains/types.js';
import { chunkByJoinedLength, getJson, parseRetryAfter } from './http.js';
import { startFakeDefiLlama, type FakeDefiLlama } from './testing/defillama-server.js';

let fake: FakeDefiLlama | undefined;
afterAll(async () => fake?.close());

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates, rounding up', () => {
    const now = Date.parse('Fri, 27 Nov 2026 23:00:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 27 Nov 2026 23:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Fri, 27 Nov 2026 23:00:30 GMT', now + 500)).toBe(30);
    expect(parseRetryAfter('Fri, 27 Nov 2026 22:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('chunkByJoinedLength', () => {
  it('packs items so each comma-joined group fits, keeping order', () => {
    expect(chunkByJoinedLength(['aaa', 'bb', 'c', 'dddd'], 6)).toEqual([['aaa', 'bb'], ['c', 'dddd']]);
    expect(chunkByJoinedLength(['toolongitem', 'a'], 4)).toEqual([['toolongitem'], ['a']]);
    expect(chunkByJoinedLength([], 10)).toEqual([]);
  });
});

describe('getJson', () => {
  it('reports a cancelled request as aborted, not as a timeout, and records nothing', async () => {
    fake = await startFakeDefiLlama({ coins: {} });
    fake.enqueue({ kind: 'hang' });
    const records: RequestRecord[] = [];
    const controller = new AbortController();
    const pending = getJson({
      url: new URL(`${fake.baseUrl}/prices/current/coingecko:ethereum`),
      timeoutMs: 30_000,
      signal: controller.signal,
      recordRequest: (record) => records.push(record),
      maxRetryAfterMs: 0,
    });
    // Abort once the server has the request, so the abort hits an in-flight fetch.
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', message: `${new URL(fake.baseUrl).host}: request aborted` });
    expect(records).toEqual([]);
  });

  it('reports a refused connection by its code only', async () => {
    // A port that was just free: nothing listens there now.
    const closed = await startFakeDefiLlama();
    await closed.close();
    const host = new URL(closed.baseUrl).host;
    const records: RequestRecord[] = [];
    await expect(
      getJson({
        url: new URL(`${closed.baseUrl}/prices/current/coingecko:ethereum`),
        timeoutMs: 5_000,
        signal: new AbortController().signal,
        recordRequest: (record) => records.push(record),
        maxRetryAfterMs: 0,
      }),
    ).rejects.toMatchObject({ kind: 'network', message: `${host}: request failed (ECONNREFUSED)` });
    expect(records).toEqual([{ endpoint: host, outcome: 'error' }]);
  });
});
