import { address, getAddressDecoder, type Address } from '@solana/kit';
import { findAssociatedTokenAddress } from '../associatedTokenAddress.js';
import { TOKEN_PROGRAM_ADDRESS } from '../programs.js';
import { startFakeSolanaRpc, type FakeSolanaRpc } from './fakeSolanaRpc.js';

function testAddress(n: number): Address {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, n + 1);
  bytes[31] = 7;
  return getAddressDecoder().decode(bytes);
}

const OWNER = address('3h1zGmCwsRJnVk5BuRNMLsPaQu1y2aqXqXDWYCgrp5UG');
const MINT = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');

let rpc: FakeSolanaRpc;

beforeAll(async () => {
  rpc = await startFakeSolanaRpc({ slot: 1234 });
  rpc.setLamports(OWNER, 1_500_000_000n);
  rpc.createMint(MINT, 6, TOKEN_PROGRAM_ADDRESS, { supply: 10_000_000n });
  await rpc.setTokenBalance(OWNER, MINT, 2_500_000n);
});
afterAll(() => rpc.close());

async function call(body: unknown, raw = false): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(rpc.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

describe('fake Solana JSON-RPC node', () => {
  it('answers getMultipleAccounts in the node wire format, with u64 rentEpoch as a bare integer', async () => {
    const { status, text, json } = await call({
      jsonrpc: '2.0',
      id: 7,
      method: 'getMultipleAccounts',
      params: [[OWNER, testAddress(1)], { encoding: 'base64', commitment: 'confirmed' }],
    });
    expect(status).toBe(200);
    expect(text).toContain('"rentEpoch":18446744073709551615');
    expect(json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: {
        context: { apiVersion: '2.2.3', slot: 1234 },
        value: [
          {
            data: ['', 'base64'],
            executable: false,
            lamports: 1_500_000_000,
            owner: '11111111111111111111111111111111',
            rentEpoch: 18446744073709552000, // JSON.parse rounds it; the text above is exact
            space: 0,
          },
          null,
        ],
      },
    });
  });

  it('applies dataSlice and writes token accounts in the SPL layout at the derived ATA', async () => {
    const ata = await findAssociatedTokenAddress({ owner: OWNER, mint: MINT, tokenProgram: TOKEN_PROGRAM_ADDRESS });
    const { json } = await call({
      jsonrpc: '2.0',
      id: '1',
      method: 'getAccountInfo',
      params: [ata, { encoding: 'base64', dataSlice: { offset: 64, length: 8 } }],
    });
    const value = json.result.value;
    expect(value.owner).toBe(TOKEN_PROGRAM_ADDRESS);
    expect(value.space).toBe(165);
    expect(Buffer.from(value.data[0], 'base64').readBigUInt64LE(0)).toBe(2_500_000n);
  });

  it('answers getBalance and getTokenAccountBalance like a node', async () => {
    const ata = await findAssociatedTokenAddress({ owner: OWNER, mint: MINT, tokenProgram: TOKEN_PROGRAM_ADDRESS });
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'getBalance', params: [OWNER] })).json.result.value).toBe(1_500_000_000);
    expect((await call({ jsonrpc: '2.0', id: 2, method: 'getTokenAccountBalance', params: [ata] })).json.result.value).toEqual({
      amount: '2500000',
      decimals: 6,
      uiAmount: 2.5,
      uiAmountString: '2.5',
    });
    expect((await call({ jsonrpc: '2.0', id: 3, method: 'getTokenAccountBalance', params: [OWNER] })).json.error).toEqual({
      code: -32602,
      message: 'Invalid param: not a Token account',
    });
  });

  it('refuses more than 100 keys in getMultipleAccounts', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => testAddress(i));
    const { json } = await call({ jsonrpc: '2.0', id: 1, method: 'getMultipleAccounts', params: [keys, { encoding: 'base64' }] });
    expect(json).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Too many inputs provided; max 100' } });
  });

  it('checks the JSON-RPC envelope, method, params and config keys', async () => {
    expect((await call({ jsonrpc: '1.0', id: 1, method: 'getBalance', params: [OWNER] })).json.error.code).toBe(-32600);
    expect((await call({ jsonrpc: '2.0', method: 'getBalance', params: [OWNER] })).json.error.code).toBe(-32600);
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'getBalances', params: [OWNER] })).json.error).toEqual({ code: -32601, message: 'Method not found' });
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'getBalance', params: ['not-base58!'] })).json.error).toEqual({ code: -32602, message: 'Invalid param: Invalid' });
    const unknownKey = await call({ jsonrpc: '2.0', id: 1, method: 'getMultipleAccounts', params: [[OWNER], { encodng: 'base64' }] });
    expect(unknownKey.json.error.code).toBe(-32602);
    expect(unknownKey.json.error.message).toContain('unknown field `encodng`');
    const parseError = await call('{"jsonrpc":"2.0",', true);
    expect(parseError.json).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
  });

  it('injects faults for the next requests and counts requests by method', async () => {
    rpc.resetCounts();
    rpc.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3 });
    rpc.injectFault({ kind: 'server_error' });
    rpc.injectFault({ kind: 'malformed_json' });
    const limited = await fetch(rpc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getBalance', params: [OWNER] }) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await limited.text();
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'getBalance', params: [OWNER] })).status).toBe(500);
    const malformed = await call({ jsonrpc: '2.0', id: 1, method: 'getAccountInfo', params: [OWNER] });
    expect(malformed.json).toBeUndefined();
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'getAccountInfo', params: [OWNER, { encoding: 'base64' }] })).json.result.value.lamports).toBe(1_500_000_000);
    expect(rpc.requestCounts).toEqual({ getBalance: 2, getAccountInfo: 2 });
    expect(rpc.httpRequestCount).toBe(4);
  });
});
