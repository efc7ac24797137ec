import type { RpcTransport } from '@solana/kit';
// kit's own JSON codec for RPC payloads: u64 fields (lamports, rentEpoch = u64::MAX) exceed 2^53,
// so they must be parsed as bigint, exactly as kit's default HTTP transport does.
import { parseJsonWithBigInts, stringifyJsonWithBigInts } from '@solana/rpc-spec-types';
import { parseRetryAfterMs } from '../retryAfter.js';
import { endpointHost, type RequestRecord, type RequestRecorder } from '../types.js';

export interface CreateFailoverTransportParameters {
  /** JSON-RPC endpoints in order of preference. They may carry API keys: only hosts are ever reported. */
  urls: readonly string[];
  /** Per-HTTP-request timeout, covering headers and body. */
  timeoutMs?: number;
  /** Extra rounds over the whole URL list after a round in which every URL failed. */
  retries?: number;
  /** Called once per HTTP request sent, with the endpoint host and the outcome. */
  recordRequest?: RequestRecorder;
  /** A 429 whose Retry-After is at most this long is waited out and retried once on the same URL. */
  maxRetryAfterMs?: number;
  /** Pause between rounds, so a briefly overloaded provider is not hammered. */
  retryDelayMs?: number;
}

/** Thrown when every endpoint failed for one request: the whole network is unreachable. */
export class SolanaRpcUnavailableError extends Error {
  override readonly name = 'SolanaRpcUnavailableError';
  constructor(
    readonly method: string,
    /** One line per failed attempt, `host: reason` (never a full URL). */
    readonly failures: readonly string[],
  ) {
    super(`every Solana RPC endpoint failed for ${method}: ${failures.join('; ')}`);
  }
}

type AttemptResult =
  | { ok: true; body: unknown }
  | { ok: false; outcome: RequestRecord['outcome']; reason: string; retryAfterMs?: number };

/**
 * A kit `RpcTransport` over several JSON-RPC URLs: it sends each request to the endpoint that last
 * answered well, falls through the list on HTTP errors, 429s, timeouts, malformed bodies and
 * JSON-RPC error objects, and rejects with {@link SolanaRpcUnavailableError} only when every URL
 * failed in every round. Each HTTP request is reported to `recordRequest` by host and outcome.
 */
export function createFailoverTransport({
  urls,
  timeoutMs = 10_000,
  retries = 2,
  recordRequest = () => {},
  maxRetryAfterMs = 2_000,
  retryDelayMs = 200,
}: CreateFailoverTransportParameters): RpcTransport {
  if (urls.length === 0) throw new Error('createFailoverTransport needs at least one RPC URL');
  const endpoints = urls.map((url) => ({ url, host: endpointHost(url) }));
  // Sticky preference: after a fallback, keep using the endpoint that worked instead of paying
  // the failing one's timeout on every request of the cycle.
  let preferred = 0;

  async function attempt(endpoint: (typeof endpoints)[number], body: string, signal?: AbortSignal): Promise<AttemptResult> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: combined,
      });
      const text = await response.text();
      if (response.status === 429) {
        return { ok: false, outcome: 'rate_limited', reason: 'HTTP 429', retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after')) };
      }
      if (!response.ok) return { ok: false, outcome: 'error', reason: `HTTP ${response.status}` };
      let parsed: unknown;
      try {
        parsed = parseJsonWithBigInts(text);
      } catch {
        return { ok: false, outcome: 'error', reason: 'malformed JSON response' };
      }
      if (!isJsonRpcResponse(parsed)) return { ok: false, outcome: 'error', reason: 'not a JSON-RPC 2.0 response' };
      if ('error' in parsed && parsed.error != null) {
        return { ok: false, outcome: 'error', reason: `JSON-RPC error ${describeRpcError(parsed.error)}` };
      }
      return { ok: true, body: parsed };
    } catch (error) {
      if (timeout.signal.aborted && !signal?.aborted) {
        return { ok: false, outcome: 'timeout', reason: `timeout after ${timeoutMs}ms` };
      }
      if (signal?.aborted) throw signal.reason ?? error;
      // Undici's messages name the host at most; the URL path (which may hold a key) is not in them,
      // but keep only the error class and code to be safe.
      return { ok: false, outcome: 'error', reason: describeNetworkError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  const transport = async ({ payload, signal }: { payload: unknown; signal?: AbortSignal }) => {
    const body = stringifyJsonWithBigInts(payload);
    const method = isObject(payload) && typeof payload.method === 'string' ? payload.method : 'request';
    const failures: string[] = [];
    for (let round = 0; round <= retries; round++) {
      if (round > 0) await sleep(retryDelayMs, signal);
      const start = preferred;
      for (let offset = 0; offset < endpoints.length; offset++) {
        const index = (start + offset) % endpoints.length;
        const endpoint = endpoints[index]!;
        let result = await attempt(endpoint, body, signal);
        recordRequest({ endpoint: endpoint.host, outcome: result.ok ? 'success' : result.outcome });
        if (!result.ok && result.outcome === 'rate_limited' && result.retryAfterMs !== undefined && result.retryAfterMs <= maxRetryAfterMs) {
          // The provider told us when to come back, and it is soon: honour it once on this URL.
          await sleep(result.retryAfterMs, signal);
          result = await attempt(endpoint, body, signal);
          recordRequest({ endpoint: endpoint.host, outcome: result.ok ? 'success' : result.outcome });
        }
        if (result.ok) {
          preferred = index;
          return result.body as never;
        }
        failures.push(`${endpoint.host}: ${result.reason}`);
      }
    }
    throw new SolanaRpcUnavailableError(method, failures);
  };
  return transport as RpcTransport;
}

/** Retry-After is either delta-seconds or an HTTP date; undefined when absent or unparseable. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonRpcResponse(value: unknown): value is { jsonrpc: '2.0'; result?: unknown; error?: unknown } {
  return isObject(value) && value.jsonrpc === '2.0' && ('result' in value || 'error' in value);
}

function describeRpcError(error: unknown): string {
  if (!isObject(error)) return 'without details';
  const code = typeof error.code === 'number' || typeof error.code === 'bigint' ? String(error.code) : '?';
  const message = typeof error.message === 'string' ? error.message.slice(0, 200) : '';
  return `${code}: ${message}`;
}

function describeNetworkError(error: unknown): string {
  const cause = isObject(error) && isObject(error.cause) ? error.cause : undefined;
  const code = cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ? `network error ${code}` : 'network error';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
