/**
 * A direct ABI codec for the one shape a poll cycle sends thousands of times: `aggregate3`
 * calls and results, and the `balanceOf` / `getEthBalance` calldata inside them. viem's generic
 * codec spends ~40 µs per element on these; a cycle of 10,000 balances spent more time encoding
 * than the node spent executing. `aggregate3Codec.test.ts` checks every byte against viem.
 */
import type { Address, Hex } from 'viem';
import type { Call3, Call3Result } from './aggregate3.js';

const AGGREGATE3_SELECTOR = '82ad56cb';
const BALANCE_OF_SELECTOR = '70a08231';
const GET_ETH_BALANCE_SELECTOR = '4d2301cc';
const WORD_HEX = 64;

const word = (value: number) => value.toString(16).padStart(WORD_HEX, '0');
const addressWord = (address: Address) => address.slice(2).toLowerCase().padStart(WORD_HEX, '0');

/** `balanceOf(owner)` calldata. */
export function encodeBalanceOf(owner: Address): Hex {
  return `0x${BALANCE_OF_SELECTOR}${addressWord(owner)}`;
}

/** Multicall3 `getEthBalance(owner)` calldata. */
export function encodeGetEthBalance(owner: Address): Hex {
  return `0x${GET_ETH_BALANCE_SELECTOR}${addressWord(owner)}`;
}

/** `aggregate3(calls)` calldata with `allowFailure: true` on every call. */
export function encodeAggregate3(calls: readonly Call3[]): Hex {
  const parts: string[] = [AGGREGATE3_SELECTOR, word(0x20), word(calls.length)];
  // Each tuple is address, bool, offset of bytes (always 0x60), then the bytes' length and data.
  const encodedTuples = calls.map((call) => {
    const data = call.callData.slice(2);
    const byteLength = data.length / 2;
    const padded = data.padEnd(Math.ceil(byteLength / 32) * WORD_HEX, '0');
    return addressWord(call.target) + word(1) + word(0x60) + word(byteLength) + padded;
  });
  let offset = calls.length * 32;
  for (const tuple of encodedTuples) {
    parts.push(word(offset));
    offset += tuple.length / 2;
  }
  parts.push(...encodedTuples);
  return `0x${parts.join('')}`;
}

/** Decodes the `(bool success, bytes returnData)[]` that `aggregate3` returns. */
export function decodeAggregate3Result(data: Hex): Call3Result[] {
  const hex = data.slice(2);
  const readWord = (byteOffset: number) => {
    const chunk = hex.slice(byteOffset * 2, byteOffset * 2 + WORD_HEX);
    if (chunk.length !== WORD_HEX) throw new Error('aggregate3 result is truncated');
    return Number.parseInt(chunk, 16);
  };
  const arrayStart = readWord(0);
  const length = readWord(arrayStart);
  const headsStart = arrayStart + 32;
  const results: Call3Result[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const tupleStart = headsStart + readWord(headsStart + i * 32);
    const success = readWord(tupleStart) === 1;
    const bytesStart = tupleStart + readWord(tupleStart + 32);
    const byteLength = readWord(bytesStart);
    const dataStart = (bytesStart + 32) * 2;
    if (dataStart + byteLength * 2 > hex.length) throw new Error('aggregate3 result is truncated');
    results[i] = { success, returnData: `0x${hex.slice(dataStart, dataStart + byteLength * 2)}` };
  }
  return results;
}

/** Reads a single `uint256` return value, or undefined if the data is not exactly one word. */
export function decodeUint256(data: Hex): bigint | undefined {
  return data.length === 2 + WORD_HEX ? BigInt(data) : undefined;
}
