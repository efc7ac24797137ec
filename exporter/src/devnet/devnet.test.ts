import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { erc20Abi, parseEther, parseUnits, toFunctionSelector, type Address } from 'viem';
import { testAggregatorArtifact, treasuryMulticallArtifact } from './contract-artifacts.generated.js';
import { multicall3Address, startDevnet, withDevnet, type Devnet } from './devnet.js';
import { fundTreasury } from './fund-treasury.js';

const holder: Address = '0x1000000000000000000000000000000000000001';
const otherHolder: Address = '0x2000000000000000000000000000000000000002';

const balanceUnavailableSelector = toFunctionSelector('BalanceUnavailable(address)');

let devnet: Devnet;

beforeAll(async () => {
  devnet = await startDevnet();
});

afterAll(async () => {
  await devnet?.stop();
});

describe('startDevnet', () => {
  it('serves TreasuryMulticall at the canonical Multicall3 address on a loopback port', async () => {
    expect(devnet.rpcUrl).toBe(`http://127.0.0.1:${devnet.port}`);
    expect(devnet.port).toBeGreaterThan(0);
    expect(await devnet.publicClient.getChainId()).toBe(31337);
    expect(await devnet.publicClient.getCode({ address: multicall3Address })).toBe(
      treasuryMulticallArtifact.deployedBytecode,
    );
    // startDevnet mines a block after installing the code, so `latest` is past anvil's genesis,
    // which runs calls with timestamp 1.
    const block = await devnet.publicClient.getBlock();
    expect(block.number).toBeGreaterThanOrEqual(1n);
    const [blockNumber, timestamp] = await devnet.publicClient.multicall({
      allowFailure: false,
      blockNumber: block.number,
      contracts: [
        { address: multicall3Address, abi: treasuryMulticallArtifact.abi, functionName: 'getBlockNumber' },
        { address: multicall3Address, abi: treasuryMulticallArtifact.abi, functionName: 'getCurrentBlockTimestamp' },
      ],
    });
    expect(blockNumber).toBe(block.number);
    expect(timestamp).toBe(block.timestamp);
  });
});

describe('tokens', () => {
  let usdc: Address;
  let weth: Address;

  beforeAll(async () => {
    usdc = await devnet.deployToken({ name: 'USD Coin', symbol: 'USDC', decimals: 6 });
    weth = await devnet.deployToken({ symbol: 'WETH', decimals: 18 });
    await devnet.mint(usdc, holder, parseUnits('1234.56789', 6));
    await devnet.mint(usdc, otherHolder, 1n);
    await devnet.mint(weth, holder, parseEther('3.5'));
  });

  it('reads minted balances and metadata back through viem multicall', async () => {
    const results = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [
        { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [otherHolder] },
        { address: usdc, abi: erc20Abi, functionName: 'decimals' },
        { address: usdc, abi: erc20Abi, functionName: 'symbol' },
        { address: usdc, abi: erc20Abi, functionName: 'name' },
        { address: usdc, abi: erc20Abi, functionName: 'totalSupply' },
        { address: weth, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: weth, abi: erc20Abi, functionName: 'decimals' },
        { address: weth, abi: erc20Abi, functionName: 'name' },
      ],
    });
    expect(results).toEqual([1_234_567_890n, 1n, 6, 'USDC', 'USD Coin', 1_234_567_891n, 3_500_000_000_000_000_000n, 18, 'WETH']);
  });

  it('burns from a holder and lowers the total supply', async () => {
    const token = await devnet.deployToken({ symbol: 'BRN', decimals: 6 });
    await devnet.mint(token, holder, 5_000_000n);
    await devnet.burn(token, holder, 1_250_000n);
    const [balance, supply] = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [
        { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: token, abi: erc20Abi, functionName: 'totalSupply' },
      ],
    });
    expect(balance).toBe(3_750_000n);
    expect(supply).toBe(3_750_000n);
    await expect(devnet.burn(token, holder, 3_750_001n)).rejects.toThrow(/InsufficientBalance/);
  });

  it('fails only the reverting token call when failures are allowed, and the whole batch otherwise', async () => {
    const broken = await devnet.deployRevertingToken({ symbol: 'BRK', decimals: 8 });
    const results = await devnet.publicClient.multicall({
      contracts: [
        { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: broken, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: broken, abi: erc20Abi, functionName: 'decimals' },
        { address: broken, abi: erc20Abi, functionName: 'symbol' },
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['success', 'failure', 'success', 'success']);
    expect(results[0]!.result).toBe(1_234_567_890n);
    // The failed entry carries the token's own revert, BalanceUnavailable(address).
    expect(results[1]!.error?.message).toContain(`reverted with the following signature:\n${balanceUnavailableSelector}`);
    expect(results[2]!.result).toBe(8);
    expect(results[3]!.result).toBe('BRK');

    await expect(
      devnet.publicClient.multicall({
        allowFailure: false,
        contracts: [
          { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
          { address: broken, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        ],
      }),
    ).rejects.toThrow(/The contract function "balanceOf" reverted/);

    // The raw aggregate3 call with allowFailure=false reverts as Multicall3 does (it is not
    // `view`, like Multicall3's, so it is simulated rather than read).
    await expect(
      devnet.publicClient.simulateContract({
        address: multicall3Address,
        abi: treasuryMulticallArtifact.abi,
        functionName: 'aggregate3',
        args: [[{ target: broken, allowFailure: false, callData: '0x70a082310000000000000000000000001000000000000000000000000000000000000001' }]],
      }),
    ).rejects.toThrow(/Multicall3: call failed/);
  });
});

describe('native balances', () => {
  it('getEthBalance returns the balance set with setNativeBalance', async () => {
    const wei = parseEther('42.123456789012345678');
    await devnet.setNativeBalance(holder, wei);
    const [viaMulticall] = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [{ address: multicall3Address, abi: treasuryMulticallArtifact.abi, functionName: 'getEthBalance', args: [holder] }],
    });
    expect(viaMulticall).toBe(42_123_456_789_012_345_678n);
    expect(await devnet.publicClient.getBalance({ address: holder })).toBe(42_123_456_789_012_345_678n);
  });
});

describe('aggregators', () => {
  it('publishes rounds with their updatedAt, like a Chainlink price feed', async () => {
    const feed = await devnet.deployAggregator({
      decimals: 8,
      description: 'ETH / USD',
      answer: 3_000_12345678n,
      updatedAt: 1_700_000_000n,
    });
    const read = <name extends 'decimals' | 'description' | 'version' | 'latestRoundData'>(functionName: name) =>
      devnet.publicClient.readContract({ address: feed, abi: testAggregatorArtifact.abi, functionName });
    expect(await read('decimals')).toBe(8);
    expect(await read('description')).toBe('ETH / USD');
    expect(await read('version')).toBe(4n);
    expect(await read('latestRoundData')).toEqual([1n, 3_000_12345678n, 1_700_000_000n, 1_700_000_000n, 1n]);

    await devnet.setAggregatorRound(feed, { answer: 2_999_00000000n, updatedAt: 1_700_000_600n });
    expect(await read('latestRoundData')).toEqual([2n, 2_999_00000000n, 1_700_000_600n, 1_700_000_600n, 2n]);
    expect(
      await devnet.publicClient.readContract({
        address: feed,
        abi: testAggregatorArtifact.abi,
        functionName: 'getRoundData',
        args: [1n],
      }),
    ).toEqual([1n, 3_000_12345678n, 1_700_000_000n, 1_700_000_000n, 1n]);
    await expect(
      devnet.publicClient.readContract({ address: feed, abi: testAggregatorArtifact.abi, functionName: 'getRoundData', args: [9n] }),
    ).rejects.toThrow(/No data present/);
  });

  it('stamps a round without updatedAt with its block time, as a Proof-of-Reserve feed', async () => {
    const feed = await devnet.deployAggregator({ decimals: 18, description: 'USDC PoR', answer: parseEther('1000000') });
    const deployedAt = (await devnet.publicClient.getBlock()).timestamp;
    const [, answer, , updatedAt] = await devnet.publicClient.readContract({
      address: feed,
      abi: testAggregatorArtifact.abi,
      functionName: 'latestRoundData',
    });
    expect(answer).toBe(1_000_000_000_000_000_000_000_000n);
    expect(updatedAt).toBe(deployedAt);

    await devnet.setAggregatorRound(feed, { answer: parseEther('999000.5') });
    const roundBlock = await devnet.publicClient.getBlock();
    const [roundId, newAnswer, , newUpdatedAt] = await devnet.publicClient.readContract({
      address: feed,
      abi: testAggregatorArtifact.abi,
      functionName: 'latestRoundData',
    });
    expect([roundId, newAnswer, newUpdatedAt]).toEqual([2n, 999_000_500_000_000_000_000_000n, roundBlock.timestamp]);
  });
});

describe('pause, resume and restart', () => {
  it('brings the node back on the same port with the same state', async () => {
    const token = await devnet.deployToken({ symbol: 'KEEP', decimals: 6 });
    await devnet.mint(token, holder, 777_000_000n);
    await devnet.setNativeBalance(otherHolder, 123n);
    const blockBefore = await devnet.publicClient.getBlockNumber({ cacheTime: 0 });

    await devnet.pause();
    expect(devnet.running).toBe(false);
    await expect(fetch(devnet.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();

    await devnet.resume();
    expect(devnet.running).toBe(true);
    expect(devnet.rpcUrl).toBe(`http://127.0.0.1:${devnet.port}`);
    expect(await devnet.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(blockBefore);
    const [balance, native] = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [
        { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
        { address: multicall3Address, abi: treasuryMulticallArtifact.abi, functionName: 'getEthBalance', args: [otherHolder] },
      ],
    });
    expect(balance).toBe(777_000_000n);
    expect(native).toBe(123n);

    // Writes keep working after a restart: the deployer's nonce came back with the state.
    await devnet.restart();
    await devnet.mint(token, holder, 1_000_000n);
    expect(
      await devnet.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] }),
    ).toBe(778_000_000n);
  });
});

describe('fundTreasury', () => {
  it('gives every account its native and token balances', async () => {
    const { accounts, tokens } = await fundTreasury(devnet, {
      accounts: 50,
      seed: 'fund-test',
      nativeBalance: (index) => parseEther('1') + BigInt(index),
      tokens: [
        { symbol: 'USDC', decimals: 6, balance: (index) => BigInt(index + 1) * 1_000_000n },
        { symbol: 'WBTC', decimals: 8, balance: 12_345_678n },
        { symbol: 'DAI', decimals: 18, balance: (index) => (index % 2 === 0 ? parseEther('0.25') : 0n) },
      ],
    });
    expect(accounts).toHaveLength(50);
    expect(new Set(accounts).size).toBe(50);
    expect(tokens.map((token) => [token.symbol, token.decimals])).toEqual([
      ['USDC', 6],
      ['WBTC', 8],
      ['DAI', 18],
    ]);

    const balances = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: accounts.flatMap((account) => [
        { address: multicall3Address, abi: treasuryMulticallArtifact.abi, functionName: 'getEthBalance', args: [account] } as const,
        ...tokens.map((token) => ({ address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [account] }) as const),
      ]),
    });
    const expected = accounts.flatMap((_, index) => [
      parseEther('1') + BigInt(index),
      BigInt(index + 1) * 1_000_000n,
      12_345_678n,
      index % 2 === 0 ? parseEther('0.25') : 0n,
    ]);
    expect(balances).toEqual(expected);

    const [usdcSupply] = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [{ address: tokens[0]!.address, abi: erc20Abi, functionName: 'totalSupply' }],
    });
    // 1 + 2 + … + 50 whole USDC.
    expect(usdcSupply).toBe(1_275_000_000n);

    // The same seed gives the same addresses; an existing token is minted into, not redeployed.
    const again = await fundTreasury(devnet, {
      accounts: 2,
      seed: 'fund-test',
      tokens: [{ ...tokens[1]!, balance: 1n }],
    });
    expect(again.accounts).toEqual(accounts.slice(0, 2));
    expect(again.tokens).toEqual([tokens[1]]);
    expect(
      await devnet.publicClient.readContract({ address: tokens[1]!.address, abi: erc20Abi, functionName: 'balanceOf', args: [accounts[1]!] }),
    ).toBe(12_345_679n);
  });
});

describe('withDevnet', () => {
  it('stops its node even when the callback throws', async () => {
    let rpcUrl = '';
    await expect(
      withDevnet(async (scoped) => {
        rpcUrl = scoped.rpcUrl;
        expect(await scoped.publicClient.getChainId()).toBe(5151);
        throw new Error('callback failed');
      }, { chainId: 5151 }),
    ).rejects.toThrow('callback failed');
    expect(rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
