import { address } from '@solana/kit';
import { encodeMintData, encodeTokenAccountData } from './testing/tokenAccountData.js';
import { parseMintData, parseTokenAccountPrefix, toWholeUnits } from './tokenLayouts.js';

const MINT = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
const OWNER = address('3h1zGmCwsRJnVk5BuRNMLsPaQu1y2aqXqXDWYCgrp5UG');

describe('toWholeUnits', () => {
  it('applies decimals through the exact decimal string', () => {
    expect(toWholeUnits(1_500_000_000n, 9)).toBe(1.5);
    expect(toWholeUnits(123_456_789n, 9)).toBe(0.123456789);
    expect(toWholeUnits(1n, 6)).toBe(0.000001);
    expect(toWholeUnits(0n, 9)).toBe(0);
    expect(toWholeUnits(42n, 0)).toBe(42);
    // u64::MAX base units of a 6-decimals token: beyond 2^53, still the nearest double.
    expect(toWholeUnits(18446744073709551615n, 6)).toBe(18446744073709.551615);
  });
});

describe('parseMintData', () => {
  it('reads decimals and supply of a Token mint (82 bytes)', () => {
    expect(parseMintData(encodeMintData({ decimals: 6, supply: 5_000_000n, mintAuthority: OWNER }))).toEqual({ decimals: 6, supply: 5_000_000n });
  });

  it('reads a Token-2022 mint with extensions (account type byte = mint)', () => {
    const data = encodeMintData({ decimals: 9, supply: 7n, extensions: new Uint8Array([18, 0, 0, 0]) });
    expect(data.length).toBe(170);
    expect(parseMintData(data)).toEqual({ decimals: 9, supply: 7n });
  });

  it('refuses a token account, which has the same owner program but another layout', () => {
    expect(parseMintData(encodeTokenAccountData({ mint: MINT, owner: OWNER, amount: 1n }))).toEqual({
      error: 'account data (165 bytes) is not a mint layout',
    });
    expect(parseMintData(encodeTokenAccountData({ mint: MINT, owner: OWNER, amount: 1n, token2022: true }))).toEqual({
      error: 'account data (170 bytes) is not a mint layout',
    });
  });

  it('refuses an uninitialized mint', () => {
    const data = encodeMintData({ decimals: 6 });
    data[45] = 0;
    expect(parseMintData(data)).toEqual({ error: 'mint is not initialized' });
  });
});

describe('parseTokenAccountPrefix', () => {
  it('reads mint, owner and the u64 amount at offset 64', () => {
    const data = encodeTokenAccountData({ mint: MINT, owner: OWNER, amount: 2n ** 63n + 5n });
    const parsed = parseTokenAccountPrefix(data.subarray(0, 72));
    expect('error' in parsed).toBe(false);
    if ('error' in parsed) return;
    expect(parsed.amount).toBe(2n ** 63n + 5n);
    expect(Buffer.from(parsed.mint).equals(Buffer.from(data.subarray(0, 32)))).toBe(true);
    expect(Buffer.from(parsed.owner).equals(Buffer.from(data.subarray(32, 64)))).toBe(true);
  });

  it('refuses data shorter than the prefix', () => {
    expect(parseTokenAccountPrefix(new Uint8Array(10))).toEqual({ error: 'token account data too short (10 bytes)' });
  });
});
