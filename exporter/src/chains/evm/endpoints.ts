/**
 * The RPC endpoints of one EVM network, tried in config order. Each endpoint's chain id is checked
 * against the config before it is used: a node on the wrong chain would report real-looking but
 * wrong balances, which is worse than reporting none.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createPublicClient, http, type PublicClient } from 'viem';
import { safeErrorMessage } from '../redact.js';
import { endpointHost, type RequestRecorder } from '../types.js';

export interface EvmEndpointsParameters {
  rpcUrls: readonly string[];
  chainId: number;
  timeoutMs?: number;
  /** Extra rounds over all endpoints after every one failed. */
  retries?: number;
  retryDelayMs?: number;
  recordRequest?: RequestRecorder;
}

/** JSON-RPC calls per HTTP request when batching. */
const JSON_RPC_CALLS_PER_REQUEST = 4;

interface Endpoint {
  host: string;
  client: PublicClient;
  /** `verified` once eth_chainId matched; `mismatch` disables it until the config changes. */
  state: 'unverified' | 'verified' | 'mismatch';
  lastError?: string;
}

export interface EvmEndpoints {
  /** Runs `read` on the first healthy endpoint, falling back to the next one on failure. */
  withClient<T>(read: (client: PublicClient) => Promise<T>): Promise<T>;
}

/** A fetch that reports every HTTP request's outcome by host, never by full URL (it may hold a key). */
function countingFetch(host: string, recordRequest: RequestRecorder | undefined): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetch(input, init);
      recordRequest?.({
        endpoint: host,
        outcome: response.status === 429 ? 'rate_limited' : response.ok ? 'success' : 'error',
      });
      return response;
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      recordRequest?.({ endpoint: host, outcome: timedOut ? 'timeout' : 'error' });
      throw error;
    }
  };
}


/** Creates the endpoint set; nothing is contacted until the first read. */
export function createEvmEndpoints({
  rpcUrls,
  chainId,
  timeoutMs = 10_000,
  retries = 1,
  retryDelayMs = 250,
  recordRequest,
}: EvmEndpointsParameters): EvmEndpoints {
  const endpoints: Endpoint[] = rpcUrls.map((url) => {
    const host = endpointHost(url);
    return {
      host,
      state: 'unverified',
      client: createPublicClient({
        // JSON-RPC batching: the eth_calls of a poll cycle share HTTP requests (a 1 ms window,
        // because viem issues each chunk after its own async preparation). Four 500-read calls
        // make ~0.7 MB, under the 2 MB body limit of anvil and common node proxies.
        // viem's own retries are off: falling back to the next endpoint is decided here.
        transport: http(url, { batch: { wait: 1, batchSize: JSON_RPC_CALLS_PER_REQUEST }, timeout: timeoutMs, retryCount: 0, fetchFn: countingFetch(host, recordRequest) }),
      }),
    };
  });

  async function verify(endpoint: Endpoint): Promise<void> {
    const actual = await endpoint.client.getChainId();
    if (actual !== chainId) {
      endpoint.state = 'mismatch';
      endpoint.lastError = `${endpoint.host}: chain id ${actual} does not match the configured chain_id ${chainId}; endpoint disabled`;
      throw new Error(endpoint.lastError);
    }
    endpoint.state = 'verified';
  }

  return {
    async withClient(read) {
      let errors: string[] = [];
      for (let round = 0; round <= retries; round++) {
        // A blip (a restarting node, a dropped connection) should not cost a whole poll interval:
        // after every endpoint failed, wait a moment and go round once more.
        if (round > 0) await sleep(retryDelayMs);
        errors = [];
        for (const endpoint of endpoints) {
          if (endpoint.state === 'mismatch') {
            errors.push(endpoint.lastError!);
            continue;
          }
          try {
            if (endpoint.state === 'unverified') await verify(endpoint);
            return await read(endpoint.client);
          } catch (error) {
            // verify() may have just disabled the endpoint, with its own message.
            const disabled = (endpoint.state as Endpoint['state']) === 'mismatch';
            if (!disabled) endpoint.lastError = `${endpoint.host}: ${safeErrorMessage(error)}`;
            errors.push(endpoint.lastError!);
          }
        }
        if (endpoints.every((endpoint) => endpoint.state === 'mismatch')) break; // a retry cannot help
      }
      throw new Error(`all RPC endpoints failed: ${errors.join('; ')}`);
    },
  };
}
