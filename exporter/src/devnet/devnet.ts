/**
 * The local test chain: a real anvil node with the canonical Multicall3 address served by our own
 * TreasuryMulticall, plus the few actions tests, the benchmark and the demo need to put a
 * treasury on-chain (tokens, balances, price and Proof-of-Reserve feeds), and to take the node
 * down and bring it back with the same state to exercise the exporter's failure handling.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  type Address,
  type Chain,
  type Hash,
  type HttpTransport,
  type JsonRpcAccount,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from 'viem';
import { MULTICALL3_ADDRESS } from '../chains/evm/aggregate3.js';
import { spawnAnvil, type AnvilProcess } from './anvil-process.js';
import {
  revertingTokenArtifact,
  testAggregatorArtifact,
  testTokenArtifact,
  treasuryMulticallArtifact,
} from './contract-artifacts.generated.js';

/** Where Multicall3 lives on nearly every EVM chain; viem's `multicall` defaults to it via the chain. */
export const multicall3Address: Address = MULTICALL3_ADDRESS;

/** Recipients per `mintBatch` transaction: about 26k gas each keeps a batch far below anvil's 30M block gas limit. */
const mintBatchSize = 400;

/** Gas one `mintBatch` entry can cost at most: a cold, zero-to-nonzero balance slot, supply update and the Transfer log. */
const mintGasBound = 35_000n;

/** Requests per JSON-RPC batch when setting many native balances. */
const nativeBalanceBatchSize = 500;

export type DevnetPublicClient = PublicClient<HttpTransport, Chain>;
export type DevnetWalletClient = WalletClient<HttpTransport, Chain, JsonRpcAccount>;
export type DevnetTestClient = TestClient<'anvil', HttpTransport, Chain>;

export interface StartDevnetParameters {
  /** Chain id anvil reports; the exporter's config must name the same `chain_id`. */
  chainId?: number;
  /** 0 picks a free port. `restart()` and `resume()` always come back on the port first used. */
  port?: number;
  /** Bound on waiting for anvil to answer, on start and on every resume. */
  startTimeoutMs?: number;
}

export interface DeployTokenParameters {
  symbol: string;
  decimals: number;
  /** Defaults to the symbol. */
  name?: string;
}

export interface DeployAggregatorParameters {
  /** 8 for Chainlink USD price feeds, 18 for most Proof-of-Reserve feeds. */
  decimals: number;
  description: string;
  /** First round's answer, already scaled by `decimals`. */
  answer: bigint;
  /** Unix seconds of the first round; omitted means the deployment block's timestamp. */
  updatedAt?: bigint;
}

export interface SetAggregatorRoundParameters {
  /** Scaled by the feed's decimals. */
  answer: bigint;
  /** Unix seconds; a past value simulates a stale feed. Omitted means the block's timestamp. */
  updatedAt?: bigint;
}

export interface NativeBalance {
  address: Address;
  wei: bigint;
}

export interface TokenMint {
  to: Address;
  amount: bigint;
}

/** A running local chain. Every write waits for its (auto-mined) transaction to succeed. */
export interface Devnet {
  /** `http://127.0.0.1:PORT`: the same across `pause()`/`resume()`/`restart()`. */
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly port: number;
  /** A viem chain whose `contracts.multicall3` is the canonical address, served by this node. */
  readonly chain: Chain;
  /** Anvil's first unlocked dev account, the deployer and owner of every contract deployed here. */
  readonly deployer: Address;
  readonly publicClient: DevnetPublicClient;
  /** Sends from `deployer` through anvil's unlocked account: no private key in this process. */
  readonly walletClient: DevnetWalletClient;
  readonly testClient: DevnetTestClient;
  /** False between `pause()` and `resume()`, and after `stop()`. */
  readonly running: boolean;
  /** Deploys a TestToken (ERC-20 with owner-only mint/burn) and returns its address. */
  deployToken(parameters: DeployTokenParameters): Promise<Address>;
  /** Deploys a RevertingToken: metadata reads work, `balanceOf` always reverts. */
  deployRevertingToken(parameters: DeployTokenParameters): Promise<Address>;
  /** Mints `amount` base units (decimals already applied by the caller) of a TestToken. */
  mint(token: Address, to: Address, amount: bigint): Promise<void>;
  /** Mints to many recipients in as few transactions as the block gas limit allows. */
  mintBatch(token: Address, mints: readonly TokenMint[]): Promise<void>;
  /** Burns `amount` base units from `from`, lowering the token's total supply. */
  burn(token: Address, from: Address, amount: bigint): Promise<void>;
  /** Sets the native balance in wei (anvil_setBalance, no transaction). */
  setNativeBalance(address: Address, wei: bigint): Promise<void>;
  /** Sets many native balances in JSON-RPC batches: 1,000 in one round trip instead of 1,000. */
  setNativeBalances(balances: readonly NativeBalance[]): Promise<void>;
  /** Deploys a Chainlink-compatible TestAggregator with a first round already published. */
  deployAggregator(parameters: DeployAggregatorParameters): Promise<Address>;
  /** Publishes a new round on a TestAggregator. */
  setAggregatorRound(feed: Address, parameters: SetAggregatorRoundParameters): Promise<void>;
  /** Saves the chain state and stops anvil: the port refuses connections until `resume()`. */
  pause(): Promise<void>;
  /** Starts anvil again on the same port from the state saved by `pause()`. */
  resume(): Promise<void>;
  /** `pause()` then `resume()`. */
  restart(): Promise<void>;
  /** Stops anvil for good and removes the saved state; safe to call more than once. */
  stop(): Promise<void>;
}

/** A viem chain for the devnet, with the canonical Multicall3 address so `multicall` needs no address. */
export function defineDevnetChain({ chainId, rpcUrl }: { chainId: number; rpcUrl: string }): Chain {
  return defineChain({
    id: chainId,
    name: 'TCC devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: multicall3Address } },
    testnet: true,
  });
}

/**
 * Starts anvil on 127.0.0.1, installs TreasuryMulticall's runtime code at the canonical Multicall3
 * address and returns the devnet handle. Always `stop()` it (an `afterAll`, or use `withDevnet`).
 *
 * @example
 * const devnet = await startDevnet();
 * const usdc = await devnet.deployToken({ symbol: 'USDC', decimals: 6 });
 * await devnet.mint(usdc, '0x…', 1_000_000n);
 */
export async function startDevnet({
  chainId = 31337,
  port = 0,
  startTimeoutMs = 20_000,
}: StartDevnetParameters = {}): Promise<Devnet> {
  let anvil: AnvilProcess | undefined = await spawnAnvil({ chainId, port, startTimeoutMs });
  const boundPort = anvil.port;
  const rpcUrl = anvil.rpcUrl;
  let stateDirectory: string | undefined;
  let stopped = false;

  const chain = defineDevnetChain({ chainId, rpcUrl });
  // A short polling interval: blocks are mined instantly, waiting 4 s (viem's default) per receipt is waste.
  const transport = http(rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 }) as DevnetPublicClient;
  const testClient = createTestClient({ chain, transport, mode: 'anvil', pollingInterval: 50 }) as DevnetTestClient;
  // Anvil answers a batch of 1,000 anvil_setBalance in ~75 ms, the same calls one by one in ~1 s.
  const batchingTestClient = createTestClient({
    chain,
    transport: http(rpcUrl, { retryCount: 0, batch: { batchSize: nativeBalanceBatchSize } }),
    mode: 'anvil',
  });

  try {
    const [firstAccount] = await createWalletClient({ chain, transport }).getAddresses();
    if (!firstAccount) throw new Error('anvil reported no unlocked dev account');
    const deployer = getAddress(firstAccount);
    const walletClient = createWalletClient({
      chain,
      transport,
      account: deployer,
      pollingInterval: 50,
    }) as DevnetWalletClient;
    await testClient.setCode({ address: multicall3Address, bytecode: treasuryMulticallArtifact.deployedBytecode });
    // Calls against the genesis block run with timestamp 1 in anvil; one mined block gives
    // `latest` a real block time (what getCurrentBlockTimestamp and feeds compare against).
    await testClient.mine({ blocks: 1 });

    // One write at a time: ordered nonces and blocks make failures reproducible.
    let writeQueue: Promise<unknown> = Promise.resolve();
    const serialized = <T>(write: () => Promise<T>): Promise<T> => {
      const result = writeQueue.then(write);
      writeQueue = result.catch(() => undefined);
      return result;
    };

    const confirm = async (hash: Hash) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 });
      if (receipt.status !== 'success') throw new Error(`devnet transaction ${hash} reverted`);
      return receipt;
    };

    // Simulating first turns a revert into an error with its decoded reason (InsufficientBalance,
    // NotOwner…); anvil would otherwise mine the failing transaction and report only its status.
    const write: DevnetWalletClient['writeContract'] = async (parameters) => {
      const { request } = await publicClient.simulateContract({ ...parameters, account: deployer } as never);
      return walletClient.writeContract(request as never);
    };

    const deployed = async (hash: Hash): Promise<Address> => {
      const receipt = await confirm(hash);
      if (!receipt.contractAddress) throw new Error(`devnet deployment ${hash} created no contract`);
      return receipt.contractAddress;
    };

    const deployToken = ({ symbol, decimals, name = symbol }: DeployTokenParameters) =>
      serialized(async () =>
        deployed(
          await walletClient.deployContract({
            abi: testTokenArtifact.abi,
            bytecode: testTokenArtifact.bytecode,
            args: [name, symbol, decimals],
          }),
        ),
      );

    const deployRevertingToken = ({ symbol, decimals, name = symbol }: DeployTokenParameters) =>
      serialized(async () =>
        deployed(
          await walletClient.deployContract({
            abi: revertingTokenArtifact.abi,
            bytecode: revertingTokenArtifact.bytecode,
            args: [name, symbol, decimals],
          }),
        ),
      );

    const mint = (token: Address, to: Address, amount: bigint) =>
      serialized(async () => {
        await confirm(
          await write({ address: token, abi: testTokenArtifact.abi, functionName: 'mint', args: [to, amount] }),
        );
      });

    const mintBatch = async (token: Address, mints: readonly TokenMint[]) => {
      for (let start = 0; start < mints.length; start += mintBatchSize) {
        const chunk = mints.slice(start, start + mintBatchSize);
        await serialized(async () => {
          await confirm(
            await write({
              address: token,
              abi: testTokenArtifact.abi,
              functionName: 'mintBatch',
              args: [chunk.map((entry) => entry.to), chunk.map((entry) => entry.amount)],
              // An upper bound (a first mint to an address costs ~27k) spares anvil a gas
              // estimation, which re-runs the whole batch several times.
              gas: BigInt(chunk.length) * mintGasBound + 100_000n,
            }),
          );
        });
      }
    };

    const burn = (token: Address, from: Address, amount: bigint) =>
      serialized(async () => {
        await confirm(
          await write({ address: token, abi: testTokenArtifact.abi, functionName: 'burn', args: [from, amount] }),
        );
      });

    const setNativeBalance = (address: Address, wei: bigint) => testClient.setBalance({ address, value: wei });

    const setNativeBalances = async (balances: readonly NativeBalance[]) => {
      await Promise.all(balances.map(({ address, wei }) => batchingTestClient.setBalance({ address, value: wei })));
    };

    const deployAggregator = ({ decimals, description, answer, updatedAt = 0n }: DeployAggregatorParameters) =>
      serialized(async () =>
        deployed(
          await walletClient.deployContract({
            abi: testAggregatorArtifact.abi,
            bytecode: testAggregatorArtifact.bytecode,
            args: [decimals, description, answer, updatedAt],
          }),
        ),
      );

    const setAggregatorRound = (feed: Address, { answer, updatedAt = 0n }: SetAggregatorRoundParameters) =>
      serialized(async () => {
        await confirm(
          await write({
            address: feed,
            abi: testAggregatorArtifact.abi,
            functionName: 'setRound',
            args: [answer, updatedAt],
          }),
        );
      });

    const pause = async () => {
      if (stopped) throw new Error('devnet is stopped');
      if (!anvil) return;
      // Wait for pending writes, so what was confirmed to a caller is in the saved state.
      await writeQueue;
      // anvil_dumpState answers gzipped JSON; --load-state reads the plain JSON file.
      const state = await testClient.dumpState();
      stateDirectory ??= await mkdtemp(join(tmpdir(), 'tcc-devnet-'));
      await writeFile(join(stateDirectory, 'state.json'), gunzipSync(Buffer.from(state.slice(2), 'hex')));
      await anvil.stop();
      anvil = undefined;
    };

    const resume = async () => {
      if (stopped) throw new Error('devnet is stopped');
      if (anvil) return;
      anvil = await spawnAnvil({
        chainId,
        port: boundPort,
        startTimeoutMs,
        loadStatePath: stateDirectory && join(stateDirectory, 'state.json'),
      });
    };

    const stop = async () => {
      stopped = true;
      await anvil?.stop();
      anvil = undefined;
      if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
      stateDirectory = undefined;
    };

    return {
      rpcUrl,
      chainId,
      port: boundPort,
      chain,
      deployer,
      publicClient,
      walletClient,
      testClient,
      get running() {
        return anvil !== undefined;
      },
      deployToken,
      deployRevertingToken,
      mint,
      mintBatch,
      burn,
      setNativeBalance,
      setNativeBalances,
      deployAggregator,
      setAggregatorRound,
      pause,
      resume,
      restart: async () => {
        await pause();
        await resume();
      },
      stop,
    };
  } catch (error) {
    await anvil?.stop();
    throw error;
  }
}

/**
 * Runs `fn` against a fresh devnet and always stops it afterwards, whether `fn` resolves or throws.
 */
export async function withDevnet<T>(fn: (devnet: Devnet) => Promise<T>, parameters?: StartDevnetParameters): Promise<T> {
  const devnet = await startDevnet(parameters);
  try {
    return await fn(devnet);
  } finally {
    await devnet.stop();
  }
}
