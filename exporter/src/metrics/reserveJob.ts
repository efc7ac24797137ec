/**
 * Stablecoin supply and reserves: `totalSupply` on every `supply_on` network (minus the
 * `excluded_holders`' balances), and a Chainlink Proof-of-Reserve feed where configured. The USD
 * value of reserve accounts needs no read of its own: the renderer sums their balances.
 * Health: `network="<supply network>"`, `target="supply:<asset>"`; `network="<feed network>"`,
 * `target="proof_of_reserve:<asset>"`. The reads run in the poll job of the network they read.
 */
import { encodeFunctionData, erc20Abi, formatUnits, getAddress, type Address } from 'viem';
import type { Config } from '../config/index.js';
import type { EvmAdapter } from '../chains/evm/adapter.js';
import type { SolanaAdapter } from '../chains/solana/index.js';
import { readChainlinkRounds } from '../prices/index.js';
import { decodeUint256, encodeBalanceOf } from '../chains/evm/aggregate3Codec.js';
import { errorMessage, type PollContext } from './pollContext.js';

export const supplyTarget = (asset: string) => `supply:${asset}`;
export const proofOfReserveTarget = (asset: string) => `proof_of_reserve:${asset}`;

/** Reads one EVM token's circulating supply: totalSupply minus the excluded holders, in one aggregate3. */
async function evmSupply(adapter: EvmAdapter, token: Address, excluded: readonly string[]): Promise<number> {
  const metadata = await adapter.tokenMetadata([token]);
  const decimals = metadata.get(getAddress(token))?.decimals;
  if (decimals === undefined) throw new Error(`token ${token}: decimals() failed`);
  const calls = [
    { target: token, callData: encodeFunctionData({ abi: erc20Abi, functionName: 'totalSupply' }) },
    ...excluded.map((holder) => ({ target: token, callData: encodeBalanceOf(holder as Address) })),
  ];
  const results = await adapter.aggregate(calls);
  const values = results.map((r, i) => {
    const value = r.success ? decodeUint256(r.returnData) : undefined;
    if (value === undefined) throw new Error(i === 0 ? `totalSupply on ${token} reverted` : `balanceOf(${excluded[i - 1]}) on ${token} reverted`);
    return value;
  });
  const [total, ...held] = values as [bigint, ...bigint[]];
  return Number(formatUnits(total - held.reduce((a, b) => a + b, 0n), decimals));
}

/** One read of the reserves work: it runs inside the poll job of the network it reads from. */
export type ReserveRead = (signal: AbortSignal) => Promise<void>;

/**
 * The supply and Proof-of-Reserve reads, grouped by the network each one reads from. They run in
 * that network's poll job, on its interval, so `treasury_target_poll_interval_seconds{network}`
 * is the right yardstick for their staleness too.
 */
export function createReserveReads(config: Config, context: PollContext): Map<string, ReserveRead[]> {
  const byNetwork = new Map<string, ReserveRead[]>();
  const add = (network: string, read: ReserveRead) => {
    const list = byNetwork.get(network) ?? [];
    list.push(read);
    byNetwork.set(network, list);
  };
  for (const reserve of config.reserves) {
    const asset = reserve.stablecoin;
    for (const network of reserve.supply_on) {
      add(network, async (signal) => {
        const adapter = context.adapters.get(network);
        const token = config.assets[asset]?.on[network];
        try {
          if (!adapter || !token || token === 'native') throw new Error(`no token of ${asset} on ${network}`);
          const excluded = reserve.excluded_holders?.[network] ?? [];
          let supply: number;
          if (adapter.kind === 'evm') supply = await evmSupply(adapter as EvmAdapter, token as Address, excluded);
          else if (adapter.kind === 'solana') supply = await solanaSupply(adapter as SolanaAdapter, token, excluded, signal);
          else throw new Error(`reading supply on ${adapter.kind} networks is not supported`);
          if (signal.aborted) return;
          let perNetwork = context.state.supply.get(asset);
          if (!perNetwork) context.state.supply.set(asset, (perNetwork = new Map()));
          perNetwork.set(network, supply);
          context.state.recordSuccess(network, supplyTarget(asset), context.now());
        } catch (error) {
          if (signal.aborted) return;
          context.logger.warn({ asset, network, err: errorMessage(error) }, 'supply read failed; keeping the last value');
          context.state.recordFailure(network, supplyTarget(asset), errorMessage(error));
        }
      });
    }
    const por = reserve.proof_of_reserve;
    if (por) {
      add(por.network, async (signal) => {
        const adapter = context.adapters.get(por.network);
        try {
          if (adapter?.kind !== 'evm') throw new Error(`proof_of_reserve.network ${por.network} is not an EVM network`);
          const [result] = await readChainlinkRounds((adapter as EvmAdapter).client, { feeds: [por.feed as Address] });
          if (!result || !result.ok) throw new Error(result?.error ?? 'no round');
          if (result.round.answer <= 0n) throw new Error(`Proof-of-Reserve feed ${por.feed} answered ${result.round.answer}`);
          if (signal.aborted) return;
          context.state.proofOfReserveUsd.set(asset, result.round.value);
          context.state.recordSuccess(por.network, proofOfReserveTarget(asset), context.now());
        } catch (error) {
          if (signal.aborted) return;
          context.logger.warn({ asset, network: por.network, err: errorMessage(error) }, 'Proof-of-Reserve read failed; keeping the last value');
          context.state.recordFailure(por.network, proofOfReserveTarget(asset), errorMessage(error));
        }
      });
    }
  }
  return byNetwork;
}

async function solanaSupply(adapter: SolanaAdapter, mint: string, excluded: readonly string[], signal: AbortSignal): Promise<number> {
  const [result] = await adapter.fetchTokenSupplies({ mints: [mint], signal });
  if (!result || 'error' in result) throw new Error(result?.error ?? `no supply for mint ${mint}`);
  if (excluded.length === 0) return Number(result.supply);
  const held = await adapter.fetchBalances({
    targets: excluded.map((address, i) => ({ account: `excluded-${i}`, address, asset: 'supply', token: mint })),
    signal,
  });
  let total = Number(result.supply);
  for (const sample of held) {
    if (sample.error !== undefined) throw new Error(`excluded holder balance: ${sample.error}`);
    total -= sample.balance;
  }
  return total;
}
