import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { address, getBase58Decoder, isAddress, type Address } from '@solana/kit';
import { findAssociatedTokenAddress } from '../associatedTokenAddress.js';
import { SYSTEM_PROGRAM_ADDRESS, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, type TokenProgramAddress } from '../programs.js';
import { parseMintData, parseTokenAccountPrefix } from '../tokenLayouts.js';
import { encodeMintData, encodeTokenAccountData } from './tokenAccountData.js';

/**
 * A local stand-in for a Solana JSON-RPC node (no real one can run here). It speaks the JSON-RPC
 * 2.0 wire format of the few methods the exporter and its benchmark use, checks request shapes the
 * way a node does (answering JSON-RPC errors), keeps an in-memory ledger written in the real
 * account layouts, and injects faults (429 + Retry-After, 5xx, hangs, malformed JSON, RPC errors).
 */

/** `rentEpoch` of rent-exempt accounts on current clusters is u64::MAX: a JSON number beyond 2^53. */
const RENT_EXEMPT_EPOCH = 18446744073709551615n;
const MAX_MULTIPLE_ACCOUNTS = 100;
/** Base58 output is refused above this size by real nodes. */
const MAX_BASE58_BYTES = 128;
const API_VERSION = '2.2.3';

const COMMITMENTS = new Set(['processed', 'confirmed', 'finalized']);
const ACCOUNT_CONFIG_KEYS = new Set(['commitment', 'encoding', 'dataSlice', 'minContextSlot']);
const COMMITMENT_CONFIG_KEYS = new Set(['commitment', 'minContextSlot']);

export type FakeSolanaFault =
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  | { kind: 'server_error'; status?: number }
  | { kind: 'hang' }
  | { kind: 'malformed_json' }
  | { kind: 'rpc_error'; code?: number; message?: string };

export interface FakeAccount {
  lamports: bigint;
  owner: Address;
  data: Uint8Array;
  executable?: boolean;
}

export interface FakeSolanaRpc {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Requests received per JSON-RPC method, including the ones answered with a fault. */
  readonly requestCounts: Readonly<Record<string, number>>;
  /** HTTP requests received (a JSON-RPC batch counts once). */
  readonly httpRequestCount: number;
  resetCounts(): void;
  /** A plain wallet owned by the System program holding `lamports`. */
  setLamports(owner: string, lamports: bigint): void;
  /** Writes a mint account owned by `program` in the real mint layout. */
  createMint(mint: string, decimals: number, program: TokenProgramAddress, options?: { supply?: bigint; extensions?: Uint8Array }): void;
  /** Writes `owner`'s associated token account for `mint` (derived, real layout); returns its address. */
  setTokenBalance(owner: string, mint: string, amount: bigint): Promise<Address>;
  /** Writes any account verbatim (a token account at a non-ATA address, a program account…). */
  setAccount(accountAddress: string, account: FakeAccount): void;
  deleteAccount(accountAddress: string): void;
  /** The next `count` HTTP requests get `fault` instead of an answer. */
  injectFault(fault: FakeSolanaFault, count?: number): void;
  close(): Promise<void>;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export interface StartFakeSolanaRpcParameters {
  /** Slot reported in every `context`. */
  slot?: number;
}

/** Starts the fake node on 127.0.0.1 with an OS-assigned port. */
export async function startFakeSolanaRpc({ slot = 312_000_000 }: StartFakeSolanaRpcParameters = {}): Promise<FakeSolanaRpc> {
  const ledger = new Map<string, FakeAccount>();
  const faults: FakeSolanaFault[] = [];
  const requestCounts: Record<string, number> = {};
  let httpRequestCount = 0;
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  function context() {
    return { apiVersion: API_VERSION, slot };
  }

  function requireAddress(value: unknown): string {
    if (typeof value !== 'string') throw new RpcError(-32602, 'Invalid params: invalid type: expected a string');
    if (!isAddress(value)) throw new RpcError(-32602, `Invalid param: Invalid`);
    return value;
  }

  function requireConfig(value: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new RpcError(-32602, 'Invalid params: invalid type: expected struct config');
    const config = value as Record<string, unknown>;
    for (const key of Object.keys(config)) {
      if (!allowed.has(key)) {
        throw new RpcError(-32602, `Invalid params: unknown field \`${key}\`, expected one of ${[...allowed].map((k) => `\`${k}\``).join(', ')}.`);
      }
    }
    if (config.commitment !== undefined && !COMMITMENTS.has(config.commitment as string)) {
      throw new RpcError(-32602, `Invalid params: unknown variant \`${String(config.commitment)}\`.`);
    }
    if (config.minContextSlot !== undefined) {
      if (typeof config.minContextSlot !== 'number' || !Number.isInteger(config.minContextSlot)) {
        throw new RpcError(-32602, 'Invalid params: minContextSlot must be an integer.');
      }
      if (config.minContextSlot > slot) {
        throw new RpcError(-32016, 'Minimum context slot has not been reached', { contextSlot: slot });
      }
    }
    return config;
  }

  function requireParams(params: unknown, min: number, max: number): unknown[] {
    if (!Array.isArray(params) || params.length < min || params.length > max) {
      throw new RpcError(-32602, `Invalid params: expected ${min === max ? min : `${min} to ${max}`} parameters`);
    }
    return params;
  }

  function encodeAccount(account: FakeAccount | undefined, config: Record<string, unknown>) {
    if (!account) return null;
    const encoding = (config.encoding as string | undefined) ?? 'base58';
    let data = account.data;
    if (config.dataSlice !== undefined) {
      const slice = config.dataSlice as { offset?: unknown; length?: unknown };
      if (
        typeof slice !== 'object' || slice === null || !Number.isInteger(slice.offset) || !Number.isInteger(slice.length) ||
        (slice.offset as number) < 0 || (slice.length as number) < 0 || Object.keys(slice).some((k) => k !== 'offset' && k !== 'length')
      ) {
        throw new RpcError(-32602, 'Invalid params: dataSlice must be { offset: usize, length: usize }.');
      }
      data = data.subarray(slice.offset as number, (slice.offset as number) + (slice.length as number));
    }
    let encoded: [string, string];
    if (encoding === 'base64') {
      encoded = [Buffer.from(data).toString('base64'), 'base64'];
    } else if (encoding === 'base58') {
      if (data.length > MAX_BASE58_BYTES) {
        throw new RpcError(-32600, 'Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
      }
      encoded = [getBase58Decoder().decode(data), 'base58'];
    } else if (encoding === 'base64+zstd' || encoding === 'jsonParsed') {
      throw new RpcError(-32602, `Invalid params: the fake node does not implement encoding \`${encoding}\`.`);
    } else {
      throw new RpcError(-32602, `Invalid params: unknown variant \`${encoding}\`, expected one of \`binary\`, \`base58\`, \`base64\`, \`jsonParsed\`, \`base64+zstd\`.`);
    }
    return {
      data: encoded,
      executable: account.executable ?? false,
      lamports: account.lamports,
      owner: account.owner,
      rentEpoch: RENT_EXEMPT_EPOCH,
      space: account.data.length,
    };
  }

  const methods: Record<string, (params: unknown) => unknown> = {
    getMultipleAccounts(params) {
      const [keys, rawConfig] = requireParams(params, 1, 2);
      if (!Array.isArray(keys)) throw new RpcError(-32602, 'Invalid params: invalid type: expected a sequence of strings');
      if (keys.length > MAX_MULTIPLE_ACCOUNTS) throw new RpcError(-32602, `Too many inputs provided; max ${MAX_MULTIPLE_ACCOUNTS}`);
      const config = requireConfig(rawConfig, ACCOUNT_CONFIG_KEYS);
      const addresses = keys.map(requireAddress);
      return { context: context(), value: addresses.map((key) => encodeAccount(ledger.get(key), config)) };
    },
    getAccountInfo(params) {
      const [key, rawConfig] = requireParams(params, 1, 2);
      const config = requireConfig(rawConfig, ACCOUNT_CONFIG_KEYS);
      return { context: context(), value: encodeAccount(ledger.get(requireAddress(key)), config) };
    },
    getBalance(params) {
      const [key, rawConfig] = requireParams(params, 1, 2);
      requireConfig(rawConfig, COMMITMENT_CONFIG_KEYS);
      return { context: context(), value: ledger.get(requireAddress(key))?.lamports ?? 0n };
    },
    getTokenAccountBalance(params) {
      const [key, rawConfig] = requireParams(params, 1, 2);
      requireConfig(rawConfig, COMMITMENT_CONFIG_KEYS);
      const account = ledger.get(requireAddress(key));
      if (!account) throw new RpcError(-32602, 'Invalid param: could not find account');
      const parsed = account.owner === TOKEN_PROGRAM_ADDRESS || account.owner === TOKEN_2022_PROGRAM_ADDRESS ? parseTokenAccountPrefix(account.data) : undefined;
      if (!parsed || 'error' in parsed || account.data.length < 165) throw new RpcError(-32602, 'Invalid param: not a Token account');
      const mintAddress = getBase58Decoder().decode(parsed.mint);
      const mint = ledger.get(mintAddress);
      const mintData = mint ? parseMintData(mint.data) : undefined;
      if (!mintData || 'error' in mintData) throw new RpcError(-32602, 'Invalid param: could not find mint');
      const amount = parsed.amount.toString();
      const uiAmountString = formatUiAmount(parsed.amount, mintData.decimals);
      return {
        context: context(),
        value: { amount, decimals: mintData.decimals, uiAmount: Number(uiAmountString), uiAmountString },
      };
    },
  };

  function handleCall(call: unknown): object {
    const id = typeof call === 'object' && call !== null && 'id' in call ? (call as { id: unknown }).id : null;
    const reply = (body: object) => ({ jsonrpc: '2.0', ...body, id: typeof id === 'string' || typeof id === 'number' ? id : null });
    if (typeof call !== 'object' || call === null || Array.isArray(call)) return reply({ error: { code: -32600, message: 'Invalid request' } });
    const { jsonrpc, method, params } = call as Record<string, unknown>;
    if (jsonrpc !== '2.0' || (typeof id !== 'string' && typeof id !== 'number') || typeof method !== 'string') {
      return reply({ error: { code: -32600, message: 'Invalid request' } });
    }
    const handler = methods[method];
    if (!handler) return reply({ error: { code: -32601, message: 'Method not found' } });
    try {
      return reply({ result: handler(params ?? []) });
    } catch (error) {
      if (error instanceof RpcError) {
        return reply({ error: { code: error.code, message: error.message, ...(error.data !== undefined ? { data: error.data } : {}) } });
      }
      return reply({ error: { code: -32603, message: 'Internal error' } });
    }
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  function countCalls(parsed: unknown) {
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    for (const call of calls) {
      const method = typeof call === 'object' && call !== null && typeof (call as { method?: unknown }).method === 'string' ? (call as { method: string }).method : '(invalid)';
      requestCounts[method] = (requestCounts[method] ?? 0) + 1;
    }
  }

  function applyFault(fault: FakeSolanaFault, res: ServerResponse, id: unknown) {
    switch (fault.kind) {
      case 'rate_limit':
        return send(
          res,
          429,
          JSON.stringify({ jsonrpc: '2.0', error: { code: 429, message: 'Too many requests for a specific RPC call, contact your app developer or support@rpcpool.com.' }, id: id ?? null }),
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
        );
      case 'server_error':
        res.writeHead(fault.status ?? 500, { 'content-type': 'text/plain' });
        return res.end('Internal Server Error');
      case 'hang':
        // Hold the request open until the client gives up (or the server closes).
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'malformed_json':
        return send(res, 200, '{"jsonrpc":"2.0","result":{"context":{"slot":');
      case 'rpc_error':
        return send(
          res,
          200,
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: fault.code ?? -32005, message: fault.message ?? 'Node is behind by 142 slots', data: { numSlotsBehind: 142 } },
            id: id ?? null,
          }),
        );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    httpRequestCount++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      return res.end('Used HTTP Method is not allowed. POST or OPTIONS is required');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      res.writeHead(415);
      return res.end('Supported content type: application/json');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      countCalls(undefined);
      return send(res, 200, JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
    }
    countCalls(parsed);
    const fault = faults.shift();
    if (fault) return applyFault(fault, res, Array.isArray(parsed) ? null : (parsed as { id?: unknown })?.id);
    const answer = Array.isArray(parsed) ? parsed.map(handleCall) : handleCall(parsed);
    return send(res, 200, stringifyWithBigInts(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function programOfMint(mint: string): TokenProgramAddress {
    const account = ledger.get(mint);
    if (!account || (account.owner !== TOKEN_PROGRAM_ADDRESS && account.owner !== TOKEN_2022_PROGRAM_ADDRESS)) {
      throw new Error(`fake Solana ledger: create mint ${mint} before setting balances of it`);
    }
    return account.owner;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    get requestCounts() {
      return requestCounts;
    },
    get httpRequestCount() {
      return httpRequestCount;
    },
    resetCounts() {
      for (const key of Object.keys(requestCounts)) delete requestCounts[key];
      httpRequestCount = 0;
    },
    setLamports(owner, lamports) {
      const existing = ledger.get(owner);
      ledger.set(address(owner), existing ? { ...existing, lamports } : { lamports, owner: SYSTEM_PROGRAM_ADDRESS, data: new Uint8Array(0) });
    },
    createMint(mint, decimals, program, { supply = 0n, extensions } = {}) {
      if (extensions && program !== TOKEN_2022_PROGRAM_ADDRESS) throw new Error('only Token-2022 mints have extensions');
      ledger.set(address(mint), { lamports: 1_461_600n, owner: program, data: encodeMintData({ decimals, supply, extensions }) });
    },
    async setTokenBalance(owner, mint, amount) {
      const tokenProgram = programOfMint(mint);
      const ata = await findAssociatedTokenAddress({ owner: address(owner), mint: address(mint), tokenProgram });
      const data = encodeTokenAccountData({ mint: address(mint), owner: address(owner), amount, token2022: tokenProgram === TOKEN_2022_PROGRAM_ADDRESS });
      ledger.set(ata, { lamports: 2_039_280n, owner: tokenProgram, data });
      return ata;
    },
    setAccount(accountAddress, account) {
      ledger.set(address(accountAddress), account);
    },
    deleteAccount(accountAddress) {
      ledger.delete(accountAddress);
    },
    injectFault(fault, count = 1) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** JSON text with bigint values written as plain integer literals, as a Rust node writes u64s. */
function stringifyWithBigInts(value: unknown): string {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${marker}${v}` : v));
  return text.replace(/"\\u0000bigint:(\d+)"/g, '$1');
}

function formatUiAmount(amount: bigint, decimals: number): string {
  if (decimals === 0) return amount.toString();
  const digits = amount.toString().padStart(decimals + 1, '0');
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`.replace(/\.?0+$/, '');
  return text;
}
