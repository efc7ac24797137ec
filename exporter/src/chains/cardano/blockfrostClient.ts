import { BlockFrostAPI } from '@blockfrost/blockfrost-js';
import { endpointHost, type RequestRecord, type RequestRecorder } from '../types.js';

/** Cardano networks Blockfrost serves; a project id is bound to exactly one of them. */
export type BlockfrostNetwork = 'mainnet' | 'preprod' | 'preview';

const PUBLIC_BASE_URLS: Record<BlockfrostNetwork, string> = {
  mainnet: 'https://cardano-mainnet.blockfrost.io/api/v0',
  preprod: 'https://cardano-preprod.blockfrost.io/api/v0',
  preview: 'https://cardano-preview.blockfrost.io/api/v0',
};

export interface CreateBlockfrostClientParameters {
  /** Blockfrost project id (a secret: sent only in the `project_id` header, never logged). */
  projectId: string;
  /**
   * API root including the version, e.g. `https://cardano-mainnet.blockfrost.io/api/v0` or a
   * self-hosted Blockfrost backend. Defaults to the public endpoint of the project id's network.
   */
  baseUrl?: string;
  /** Defaults to the network named by the project id's prefix (`mainnet…`, `preprod…`, `preview…`). */
  network?: BlockfrostNetwork;
  recordRequest?: RequestRecorder;
  /** Per-attempt timeout; the SDK retries timeouts. */
  timeoutMs?: number;
  /** Retries after 429, 5xx and network errors (the SDK's list), before giving up. */
  retryLimit?: number;
  /** Wait between retries when the server sent no `Retry-After`. */
  retryDelayMs?: number;
  /** Keep the SDK's client-side rate limiter (Blockfrost's 10 req/s with a burst of 500). */
  rateLimiter?: boolean;
}

/** A Blockfrost SDK instance bound to one project, plus what the adapter needs to report on it. */
export interface BlockfrostClient {
  readonly api: BlockFrostAPI;
  /** `host[:port]` of the backend, the only part of it that may be shown. */
  readonly endpoint: string;
  /** Removes the project id (and the backend URL's path/query) from text bound for logs or errors. */
  redact(text: string): string;
  close(): void;
}

/**
 * Reads the network from a project id: Blockfrost prefixes ids with the network they belong to.
 * Ids without a known prefix (old-style) are mainnet, as the SDK assumes.
 */
export function networkOfProjectId(projectId: string): BlockfrostNetwork {
  if (projectId.startsWith('preprod')) return 'preprod';
  if (projectId.startsWith('preview')) return 'preview';
  return 'mainnet';
}

/**
 * Builds an SDK client with its rate limiter and retries on, and with hooks on the SDK's `got`
 * instance that report every HTTP attempt (retries included) to `recordRequest`, by host only.
 */
export function createBlockfrostClient({
  projectId,
  network = networkOfProjectId(projectId),
  baseUrl = PUBLIC_BASE_URLS[network],
  recordRequest = () => {},
  timeoutMs = 20_000,
  retryLimit = 3,
  retryDelayMs = 1_000,
  rateLimiter = true,
}: CreateBlockfrostClientParameters): BlockfrostClient {
  const endpoint = endpointHost(baseUrl);
  const record = (outcome: RequestRecord['outcome']) => recordRequest({ endpoint, outcome });

  const api = new BlockFrostAPI({
    projectId,
    customBackend: baseUrl.replace(/\/+$/, ''),
    // Passing the network explicitly keeps the SDK from warning on stderr about old-style ids.
    network,
    rateLimiter,
    requestTimeout: timeoutMs,
    // The SDK's own debug mode prints request URLs and whole error objects (headers included).
    debug: false,
  });

  // `extend` merges hook arrays, so the SDK's rate-limiter hook stays first in `beforeRequest`.
  api.instance = api.instance.extend({
    retry: {
      ...api.options.retrySettings,
      limit: retryLimit,
      // Honour Retry-After when the server sends one (got already capped it at the timeout and
      // answers 0 when it is too long, which means "do not retry"); otherwise a fixed pause.
      calculateDelay: ({ computedValue, retryAfter }) => {
        if (computedValue === 0) return 0;
        return retryAfter !== undefined ? Math.max(1, retryAfter) : Math.max(1, retryDelayMs);
      },
    },
    hooks: {
      afterResponse: [
        (response) => {
          // A 404 is Blockfrost's answer for "never seen on chain", a healthy reply.
          const status = response.statusCode;
          record(status === 429 ? 'rate_limited' : status < 400 || status === 404 ? 'success' : 'error');
          return response;
        },
      ],
      // Attempts that ended without a parsed response never reach afterResponse: count them here,
      // once per retried attempt and once for the final one.
      beforeRetry: [(_options, error) => recordTransportFailure(error)],
      beforeError: [
        (error) => {
          recordTransportFailure(error);
          return error;
        },
      ],
    },
  });

  function recordTransportFailure(error: { name?: string; code?: string; response?: unknown } | undefined): void {
    if (!error) return;
    if (error.name === 'ParseError') return record('error');
    if (error.response !== undefined) return; // already counted by afterResponse
    record(error.name === 'TimeoutError' || error.code === 'ETIMEDOUT' ? 'timeout' : 'error');
  }

  const secrets = [projectId, baseUrl.replace(/\/+$/, '')].filter((value) => value.length > 0);
  return {
    api,
    endpoint,
    redact(text) {
      let result = text;
      // Longest first, so the URL is replaced whole before the id inside it (if any).
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        const replacement = secret === projectId ? '[redacted]' : endpoint;
        result = result.split(secret).join(replacement);
      }
      return result;
    },
    close() {
      void api.rateLimiter?.disconnect(false);
    },
  };
}
