/**
 * One adapter factory per chain family, looked up by the network's `kind` (blackbox_exporter's
 * prober map). Networks are data: adding a network to the config needs no code.
 */
import type { Config } from '../config/index.js';
import { createEvmAdapter } from './evm/adapter.js';
import { createBitcoinAdapter } from './bitcoin/index.js';
import { createCardanoAdapter } from './cardano/index.js';
import { createSolanaAdapter } from './solana/index.js';
import type { ChainAdapter, RequestRecorder } from './types.js';

export type NetworkConfig = Config['networks'][string];

export interface AdapterContext {
  recordRequest: RequestRecorder;
  timeoutMs: number;
}

type Factory<K extends NetworkConfig['kind']> = (network: Extract<NetworkConfig, { kind: K }>, context: AdapterContext) => ChainAdapter;

const factories: { [K in NetworkConfig['kind']]?: Factory<K> } = {
  evm: (network, { recordRequest, timeoutMs }) =>
    createEvmAdapter({
      rpcUrls: network.rpc_urls,
      chainId: network.chain_id,
      multicallAddress: network.multicall_address as `0x${string}` | undefined,
      batchSize: network.batch_size,
      timeoutMs,
      recordRequest,
    }),
  solana: (network, { recordRequest, timeoutMs }) => createSolanaAdapter({ rpcUrls: network.rpc_urls, timeoutMs, recordRequest }),
  cardano: (network, { recordRequest, timeoutMs }) =>
    createCardanoAdapter({ projectId: network.blockfrost_project_id, baseUrl: network.base_url, timeoutMs, recordRequest }),
  bitcoin: (network, { recordRequest, timeoutMs }) =>
    createBitcoinAdapter({ esploraUrls: network.esplora_urls, gapLimit: network.gap_limit, network: network.chain, timeoutMs, recordRequest }),
};

/** Creates the adapter for one configured network. */
export function createChainAdapter(network: NetworkConfig, context: AdapterContext): ChainAdapter {
  const factory = factories[network.kind] as Factory<typeof network.kind> | undefined;
  if (!factory) throw new Error(`no adapter for network kind "${network.kind}"`);
  return factory(network as never, context);
}
