/**
 * EVM poll cost for 1,000 accounts × 10 assets (native + 9 ERC-20) on the anvil devnet, beside
 * the naive way existing exporters read balances: one request per balance (eth_getBalance or an
 * eth_call to balanceOf), measured against the same node through the same counting proxy.
 */
import { encodeFunctionData, erc20Abi, parseEther, parseUnits } from 'viem';
import { pino } from 'pino';
import type { Config } from '../src/config/index.js';
import { benchConfig } from './config.js';
import { startRpcCountingProxy } from '../src/chains/evm/testing/rpcCountingProxy.js';
import { startDevnet } from '../src/devnet/devnet.js';
import { fundTreasury } from '../src/devnet/fund-treasury.js';
import { PollRunner } from '../src/metrics/pollRunner.js';

export interface EvmFigures {
  balances: number;
  coldCycle: { httpRequests: number; ethCalls: number; ms: number };
  warmCycle: { httpRequests: number; ethCalls: number; ms: number };
  naive: { httpRequests: number; ethCalls: number; ms: number };
  balancesCorrect: boolean;
}

const NAIVE_CONCURRENCY = 16;

export async function benchEvm({ accounts = 1000, tokens = 9 } = {}): Promise<EvmFigures> {
  const devnet = await startDevnet();
  const proxy = await startRpcCountingProxy(devnet.rpcUrl);
  const runner = new PollRunner({ logger: pino({ level: 'silent' }), version: 'bench' });
  try {
    const funded = await fundTreasury(devnet, {
      accounts,
      nativeBalance: (i) => parseEther('1') + BigInt(i),
      tokens: Array.from({ length: tokens }, (_, t) => ({
        symbol: `TOK${t}`,
        decimals: t % 2 === 0 ? 6 : 18,
        balance: (i: number) => parseUnits(String(i + t + 1), t % 2 === 0 ? 6 : 18),
      })),
    });
    const assets: Record<string, { on: Record<string, string> }> = { ETH: { on: { devnet: 'native' } } };
    for (const token of funded.tokens) assets[token.symbol] = { on: { devnet: token.address } };
    const config = benchConfig({
      version: 1,
      networks: { devnet: { kind: 'evm', chain_id: devnet.chainId, rpc_urls: [proxy.url], batch_size: 500 } },
      assets,
      accounts: funded.accounts.map((address, i) => ({ name: `acct-${i}`, network: 'devnet', address })),
    });
    runner.applyConfig({ config, sha256: '', path: 'bench.yaml', loadedAt: 0 });

    const cycle = async () => {
      proxy.reset();
      const started = performance.now();
      await runner.runOnce();
      return { httpRequests: proxy.httpRequests, ethCalls: proxy.calls.get('eth_call') ?? 0, ms: performance.now() - started };
    };
    const coldCycle = await cycle();
    const warmCycle = await cycle();
    const balances = accounts * (tokens + 1);
    const spot = runner.state.getBalance(`acct-${accounts - 1}`, 'TOK1');
    // Every balance read, and one spot value as funded: account i holds i + t + 1 of TOKt.
    const balancesCorrect =
      runner.state.balances.size === accounts &&
      [...runner.state.balances.values()].every((m) => m.size === tokens + 1) &&
      spot === accounts - 1 + 1 + 1;
    if (!balancesCorrect) {
      const failing = runner.targets.filter((t) => !t.up).slice(0, 3);
      console.error(`bench: balances incomplete: ${runner.state.balances.size} accounts, spot ${spot}`, failing);
    }

    // Naive baseline: one JSON-RPC request per balance, NAIVE_CONCURRENCY in flight.
    proxy.reset();
    const reads: Array<{ method: string; params: unknown[] }> = [];
    for (const address of funded.accounts) {
      reads.push({ method: 'eth_getBalance', params: [address, 'latest'] });
      for (const token of funded.tokens) {
        reads.push({
          method: 'eth_call',
          params: [{ to: token.address, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [address] }) }, 'latest'],
        });
      }
    }
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < reads.length) {
        const read = reads[next++]!;
        const response = await fetch(proxy.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: next, ...read }),
        });
        await response.json();
      }
    };
    await Promise.all(Array.from({ length: NAIVE_CONCURRENCY }, worker));
    const naive = { httpRequests: proxy.httpRequests, ethCalls: proxy.calls.get('eth_call') ?? 0, ms: performance.now() - started };
    return { balances, coldCycle, warmCycle, naive, balancesCorrect };
  } finally {
    await runner.stop();
    await proxy.close();
    await devnet.stop();
  }
}
