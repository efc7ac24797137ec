/**
 * A local stand-in for CoinGecko's `/api/v3/simple/price`, answering in its wire format and
 * refusing any request that is not shaped exactly as the exporter is meant to send it.
 */
import type { ServerResponse } from 'node:http';
import { playScripted, sendJson, startLoopbackServer, type RecordedRequest, type ScriptedResponse } from './http-server.js';

/** One coin's quotes: `{ usd: 0.99, eur: 0.91, last_updated_at: 1711356300 }`. */
export type CoinGeckoQuote = Record<string, number>;

export interface StartFakeCoinGeckoParameters {
  prices?: Record<string, CoinGeckoQuote>;
  /** When set, every request must carry exactly this key in this plan's header (and not the other plan's). */
  apiKey?: { kind: 'demo' | 'pro'; value: string };
}

export interface FakeCoinGecko {
  /** Ends in `/api/v3`, like the real base URLs. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Why a request was refused with 400/401 (wrong path, query or key); empty when all were right. */
  readonly violations: string[];
  /** The next request gets this instead of prices; call several times to script several. */
  enqueue(response: ScriptedResponse): void;
  setQuote(id: string, quote: CoinGeckoQuote): void;
  close(): Promise<void>;
}

const keyHeaders = { demo: 'x-cg-demo-api-key', pro: 'x-cg-pro-api-key' } as const;
const expectedQueryKeys = ['ids', 'include_last_updated_at', 'precision', 'vs_currencies'];

/** CoinGecko's error body (`{ status: { error_code, error_message } }`). */
function errorBody(status: number, message?: string) {
  const messages: Record<number, string> = {
    429: "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
    401: 'Missing or invalid API key.',
    400: 'Invalid request.',
  };
  return { status: { error_code: status, error_message: message ?? messages[status] ?? 'Internal server error.' } };
}

export async function startFakeCoinGecko({ prices = {}, apiKey }: StartFakeCoinGeckoParameters = {}): Promise<FakeCoinGecko> {
  const quotes = new Map(Object.entries(prices));
  const script: ScriptedResponse[] = [];
  const violations: string[] = [];

  const refuse = (response: ServerResponse, status: number, why: string) => {
    violations.push(why);
    sendJson(response, status, errorBody(status, why));
  };

  const server = await startLoopbackServer((request, response) => {
    if (request.method !== 'GET') return refuse(response, 405, `method ${request.method}`);
    if (request.path !== '/api/v3/simple/price') return refuse(response, 404, `path ${request.path}`);
    const keys = Object.keys(request.query).sort();
    if (keys.join() !== expectedQueryKeys.join()) return refuse(response, 400, `query keys ${keys.join(',')}`);
    const { ids, vs_currencies, include_last_updated_at, precision } = request.query as Record<string, string>;
    if (include_last_updated_at !== 'true') return refuse(response, 400, 'include_last_updated_at must be true');
    if (precision !== 'full') return refuse(response, 400, 'precision must be full');
    const currencies = vs_currencies!.split(',');
    if (!currencies.includes('usd')) return refuse(response, 400, 'vs_currencies lacks usd');
    const idList = ids!.split(',');
    if (idList.some((id) => id === '')) return refuse(response, 400, 'empty id in ids');
    if (new Set(idList).size !== idList.length) return refuse(response, 400, 'duplicate ids');

    for (const kind of ['demo', 'pro'] as const) {
      const sent = request.headers[keyHeaders[kind]];
      if (apiKey?.kind === kind) {
        if (sent !== apiKey.value) return refuse(response, 401, `${keyHeaders[kind]} missing or wrong`);
      } else if (sent !== undefined) {
        return refuse(response, 401, `unexpected ${keyHeaders[kind]} header`);
      }
    }

    if (playScripted(script.shift(), response, (status) => errorBody(status))) return;

    // Unknown ids are simply absent from the answer, as CoinGecko does.
    const body: Record<string, Record<string, number>> = {};
    for (const id of idList) {
      const quote = quotes.get(id);
      if (!quote) continue;
      const entry: Record<string, number> = {};
      for (const currency of currencies) if (quote[currency] !== undefined) entry[currency] = quote[currency]!;
      if (quote.last_updated_at !== undefined) entry.last_updated_at = quote.last_updated_at;
      body[id] = entry;
    }
    sendJson(response, 200, body);
  });

  return {
    baseUrl: `${server.url}/api/v3`,
    requests: server.requests,
    violations,
    enqueue: (scripted) => void script.push(scripted),
    setQuote: (id, quote) => void quotes.set(id, quote),
    close: () => server.close(),
  };
}
