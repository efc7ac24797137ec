/**
 * The one HTTP GET the HTTP price sources share: timeout, one bounded retry on 429 honouring
 * `Retry-After`, request recording, JSON parsing. Error messages name only the endpoint's host:
 * the URL may carry ids a proxy turned into secrets, and the API key travels in a header that is
 * never echoed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRetryAfterMs } from '../chains/retryAfter.js';
import { endpointHost, type RequestRecorder } from '../chains/types.js';

/** A failure of one request, with a message safe to log, export and show in the status API. */
export class PriceRequestError extends Error {
  override readonly name = 'PriceRequestError';
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'timeout' | 'http' | 'malformed' | 'network' | 'aborted',
  ) {
    super(message);
  }
}

export interface GetJsonParameters {
  url: URL;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Cancels the request (shutdown, reload); it is not counted as a timeout. */
  signal: AbortSignal;
  recordRequest?: RequestRecorder;
  /**
   * A 429 whose `Retry-After` is at most this long is retried once after waiting it out; a longer
   * one fails at once, since waiting would overrun the poll cycle.
   */
  maxRetryAfterMs: number;
}

/**
 * GETs a URL and parses its JSON body. Throws {@link PriceRequestError} on timeout, network
 * failure, a non-2xx status, a 429 that cannot be waited out, or a body that is not JSON.
 */
export async function getJson({
  url,
  headers = {},
  timeoutMs,
  signal,
  recordRequest,
  maxRetryAfterMs,
}: GetJsonParameters): Promise<unknown> {
  const host = endpointHost(url.href);
  const record = (outcome: 'success' | 'error' | 'rate_limited' | 'timeout') =>
    recordRequest?.({ endpoint: host, outcome });

  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(timeoutMs);
    let status: number;
    let retryAfterHeader: string | null;
    let text: string;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', ...headers },
        signal: AbortSignal.any([signal, timeout]),
        redirect: 'error',
      });
      status = response.status;
      retryAfterHeader = response.headers.get('retry-after');
      // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new PriceRequestError(`${host}: request aborted`, 'aborted');
      if (timeout.aborted) {
        record('timeout');
        throw new PriceRequestError(`${host}: timed out after ${timeoutMs}ms`, 'timeout');
      }
      record('error');
      throw new PriceRequestError(`${host}: request failed (${networkErrorCode(error)})`, 'network');
    }

    if (status === 429) {
      record('rate_limited');
      const retryAfterSeconds = parseRetryAfter(retryAfterHeader, Date.now());
      if (attempt === 0 && retryAfterSeconds !== undefined && retryAfterSeconds * 1000 <= maxRetryAfterMs) {
        try {
          await sleep(retryAfterSeconds * 1000, undefined, { signal });
        } catch {
          throw new PriceRequestError(`${host}: request aborted`, 'aborted');
        }
        continue;
      }
      throw new PriceRequestError(
        retryAfterSeconds === undefined
          ? `${host}: rate limited`
          : `${host}: rate limited, retry after ${retryAfterSeconds}s`,
        'rate_limited',
      );
    }
    if (status < 200 || status > 299) {
      record('error');
      throw new PriceRequestError(`${host}: HTTP ${status}`, 'http');
    }
    try {
      const body: unknown = JSON.parse(text);
      record('success');
      return body;
    } catch {
      record('error');
      throw new PriceRequestError(`${host}: malformed JSON response`, 'malformed');
    }
  }
}

/**
 * Reads `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in whole seconds
 * rounded up; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  const ms = parseRetryAfterMs(value, nowMs);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/** The errno-style code of a fetch failure (`ECONNREFUSED`), never its message, which may hold the URL. */
function networkErrorCode(error: unknown): string {
  // Duck-typed, not `instanceof Error`: undici's errors may come from another realm (jest's vm).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'fetch failed';
}

/**
 * Splits `items` into groups whose joined (comma-separated) length stays within `maxLength`
 * characters, keeping order. One item longer than the limit still gets its own group.
 */
export function chunkByJoinedLength(items: readonly string[], maxLength: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let currentLength = 0;
  for (const item of items) {
    const added = current.length === 0 ? item.length : item.length + 1;
    if (current.length > 0 && currentLength + added > maxLength) {
      chunks.push(current);
      current = [];
      currentLength = 0;
    }
    currentLength += current.length === 0 ? item.length : item.length + 1;
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
