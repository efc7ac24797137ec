import { decodeFunctionResult, encodeFunctionData, encodeFunctionResult, erc20Abi, type Hex } from 'viem';
import { multicall3Abi } from './aggregate3.js';
import { decodeAggregate3Result, decodeUint256, encodeAggregate3, encodeBalanceOf, encodeGetEthBalance } from './aggregate3Codec.js';

const owner = '0x00000000000000000000000000000000000A11cE';
const token = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';

test('balanceOf and getEthBalance calldata match viem byte for byte', () => {
  expect(encodeBalanceOf(owner)).toBe(encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] }));
  expect(encodeGetEthBalance(owner)).toBe(encodeFunctionData({ abi: multicall3Abi, functionName: 'getEthBalance', args: [owner] }));
});

test('aggregate3 calldata matches viem for empty, odd-length and mixed calls', () => {
  const cases: { target: `0x${string}`; callData: Hex }[][] = [
    [],
    [{ target: token, callData: encodeBalanceOf(owner) }],
    [
      { target: token, callData: '0x313ce567' },
      { target: owner, callData: '0x' },
      { target: token, callData: `0x${'ab'.repeat(33)}` },
      { target: token, callData: encodeBalanceOf(token) },
    ],
  ];
  for (const calls of cases) {
    const expected = encodeFunctionData({
      abi: multicall3Abi,
      functionName: 'aggregate3',
      args: [calls.map((c) => ({ ...c, allowFailure: true }))],
    });
    expect(encodeAggregate3(calls)).toBe(expected);
  }
});

test('aggregate3 results decode as viem decodes them, including failures and empty data', () => {
  const results = [
    { success: true, returnData: `0x${'00'.repeat(31)}05` as Hex },
    { success: false, returnData: '0x' as Hex },
    { success: false, returnData: '0x08c379a0' as Hex },
    { success: true, returnData: `0x${'ff'.repeat(64)}` as Hex },
  ];
  const encoded = encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result: results });
  expect(decodeAggregate3Result(encoded)).toEqual(decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data: encoded }));
  expect(decodeAggregate3Result(encoded)).toEqual(results);
  expect(() => decodeAggregate3Result(encoded.slice(0, -64) as Hex)).toThrow('aggregate3 result is truncated');
});

test('uint256 decoding accepts exactly one word', () => {
  expect(decodeUint256(`0x${'00'.repeat(31)}05`)).toBe(5n);
  expect(decodeUint256('0x')).toBeUndefined();
  expect(decodeUint256(`0x${'00'.repeat(64)}`)).toBeUndefined();
});
