/**
 * A local stand-in for DefiLlama's `GET /prices/current/{coins}` (coins.llama.fi), answering in
 * its wire format and refusing requests the exporter should not send.
 */
import { playScripted, sendJson, startLoopbackServer, type RecordedRequest, type ScriptedResponse } from './http-server.js';

/** One coin as DefiLlama returns it; `decimals` only for `<chain>:<address>` keys. */
export interface DefiLlamaCoin {
  price: number;
  symbol: string;
  timestamp: number;
  confidence: number;
  decimals?: number;
}

export interface StartFakeDefiLlamaParameters {
  coins?: Record<string, DefiLlamaCoin>;
}

export interface FakeDefiLlama {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly violations: string[];
  enqueue(response: ScriptedResponse): void;
  setCoin(key: string, coin: DefiLlamaCoin): void;
  close(): Promise<void>;
}

const prefix = '/prices/current/';

export async function startFakeDefiLlama({ coins = {} }: StartFakeDefiLlamaParameters = {}): Promise<FakeDefiLlama> {
  const known = new Map(Object.entries(coins));
  const script: ScriptedResponse[] = [];
  const violations: string[] = [];

  const server = await startLoopbackServer((request, response) => {
    const refuse = (status: number, why: string) => {
      violations.push(why);
      sendJson(response, status, { message: why });
    };
    if (request.method !== 'GET') return refuse(405, `method ${request.method}`);
    if (!request.path.startsWith(prefix)) return refuse(404, `path ${request.path}`);
    if (request.rawQuery !== '') return refuse(400, `unexpected query ${request.rawQuery}`);
    if (Object.keys(request.headers).some((header) => /api[-_]?key/i.test(header))) return refuse(400, 'unexpected key header');
    const keys = decodeURIComponent(request.path.slice(prefix.length)).split(',');
    if (keys.some((key) => !/^[a-z0-9_-]+:\S+$/i.test(key))) return refuse(400, `malformed coin key in ${keys.join(',')}`);
    if (new Set(keys).size !== keys.length) return refuse(400, 'duplicate coin keys');

    if (playScripted(script.shift(), response, (status) => ({ message: status === 429 ? 'Too Many Requests' : 'Internal server error' }))) return;

    // Unknown coins are absent from `coins`, as DefiLlama does. An EVM address key is found in
    // any letter case and answered under the spelling the fake stores, which may differ from the
    // one asked.
    const body: Record<string, DefiLlamaCoin> = {};
    for (const key of keys) {
      const stored = known.has(key) ? key : [...known.keys()].find((candidate) => sameAddressKey(candidate, key));
      if (stored) body[stored] = known.get(stored)!;
    }
    sendJson(response, 200, { coins: body });
  });

  return {
    baseUrl: server.url,
    requests: server.requests,
    violations,
    enqueue: (scripted) => void script.push(scripted),
    setCoin: (key, coin) => void known.set(key, coin),
    close: () => server.close(),
  };
}

function sameAddressKey(a: string, b: string): boolean {
  return /:0x[0-9a-f]{40}$/i.test(a) && a.toLowerCase() === b.toLowerCase();
}
