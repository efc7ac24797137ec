import { endpointHost, type RequestRecord, type RequestRecorder } from '../types.js';

/** One address's totals from Esplora, in satoshis. */
export interface EsploraAddressStats {
  /** chain_stats.funded_txo_sum − chain_stats.spent_txo_sum */
  confirmedSats: bigint;
  /** mempool_stats.funded_txo_sum − mempool_stats.spent_txo_sum (negative while a spend is unconfirmed) */
  unconfirmedSats: bigint;
  /** chain_stats.tx_count + mempool_stats.tx_count: zero means the address has never been used. */
  txCount: number;
}

export interface CreateEsploraClientParameters {
  /** Base URLs (`https://blockstream.info/api`), tried in order until one answers. */
  urls: readonly string[];
  /** Per-request timeout before moving to the next URL. */
  timeoutMs?: number;
  recordRequest?: RequestRecorder;
}

export interface EsploraClient {
  readonly urls: readonly string[];
  readonly timeoutMs: number;
  readonly recordRequest: RequestRecorder;
}

/** Esplora refused the address itself (`400 Invalid Bitcoin address`); no other server will differ. */
export class EsploraAddressRejectedError extends Error {
  override name = 'EsploraAddressRejectedError';
}

/** Every configured Esplora server failed (429, 5xx, timeout, unreachable or malformed reply). */
export class EsploraUnavailableError extends Error {
  override name = 'EsploraUnavailableError';
}

/** Bundles the endpoints and settings; requests are made by the free functions below. */
export function createEsploraClient({ urls, timeoutMs = 10_000, recordRequest = () => {} }: CreateEsploraClientParameters): EsploraClient {
  if (urls.length === 0) throw new Error('at least one Esplora URL is required');
  return { urls: [...urls], timeoutMs, recordRequest };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string; rejected?: string };

/** One request to one server; `parse` returns null for a body that is not the documented shape. */
async function attempt<T>(
  client: EsploraClient,
  baseUrl: string,
  path: string,
  signal: AbortSignal,
  parse: (body: unknown) => T | null,
): Promise<Attempt<T>> {
  const endpoint = endpointHost(baseUrl);
  const record = (outcome: RequestRecord['outcome']) => client.recordRequest({ endpoint, outcome });
  const timeout = AbortSignal.timeout(client.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(joinUrl(baseUrl, path), {
      signal: AbortSignal.any([signal, timeout]),
      headers: { accept: 'application/json' },
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timeout.aborted) {
      record('timeout');
      return { ok: false, reason: `${endpoint} did not answer within ${client.timeoutMs} ms` };
    }
    record('error');
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: `${endpoint} could not be reached${code ? ` (${code})` : ''}` };
  }
  if (response.status === 429) {
    record('rate_limited');
    return { ok: false, reason: `${endpoint} is rate limiting (429)` };
  }
  if (response.status === 400) {
    // Esplora's plain-text verdict on the address; the same on every server, so no fallback.
    record('success');
    return { ok: false, reason: `${endpoint} answered 400`, rejected: text.trim().slice(0, 200) || 'Bad Request' };
  }
  if (!response.ok) {
    record('error');
    return { ok: false, reason: `${endpoint} answered ${response.status}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    record('error');
    return { ok: false, reason: `${endpoint} sent a reply that is not valid JSON` };
  }
  const value = parse(body);
  if (value === null) {
    record('error');
    return { ok: false, reason: `${endpoint} sent a reply without the expected fields` };
  }
  record('success');
  return { ok: true, value };
}

/** Appends `path` to the base URL's path, keeping any query the operator put on it (an API key). */
function joinUrl(baseUrl: string, path: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}

function parseStats(body: unknown): EsploraAddressStats | null {
  const object = body as { chain_stats?: Record<string, unknown>; mempool_stats?: Record<string, unknown> } | null;
  const chain = object?.chain_stats;
  const mempool = object?.mempool_stats;
  const fields = ['funded_txo_sum', 'spent_txo_sum', 'tx_count'] as const;
  for (const stats of [chain, mempool]) {
    if (!stats || fields.some((field) => !Number.isSafeInteger(stats[field]))) return null;
  }
  const sats = (stats: Record<string, unknown>, field: string) => BigInt(stats[field] as number);
  return {
    confirmedSats: sats(chain!, 'funded_txo_sum') - sats(chain!, 'spent_txo_sum'),
    unconfirmedSats: sats(mempool!, 'funded_txo_sum') - sats(mempool!, 'spent_txo_sum'),
    txCount: (chain!.tx_count as number) + (mempool!.tx_count as number),
  };
}

/**
 * `GET /address/:address` on the first server that answers. A 429, 5xx, timeout, network error
 * or a body that is not the documented shape moves on to the next URL (no waiting on Retry-After:
 * another server is the faster answer, and the next poll retries the first).
 * @throws EsploraAddressRejectedError when a server calls the address invalid (400).
 * @throws EsploraUnavailableError when every server failed.
 */
export async function getAddressStats(client: EsploraClient, address: string, signal: AbortSignal): Promise<EsploraAddressStats> {
  const reasons: string[] = [];
  for (const baseUrl of client.urls) {
    const result = await attempt(client, baseUrl, `/address/${encodeURIComponent(address)}`, signal, parseStats);
    if (result.ok) return result.value;
    if (result.rejected !== undefined) throw new EsploraAddressRejectedError(`Esplora rejected the address: ${result.rejected}`);
    reasons.push(result.reason);
  }
  throw new EsploraUnavailableError(`every Esplora server failed: ${reasons.join('; ')}`);
}
