import {
  createSolanaRpcFromTransport,
  getAddressEncoder,
  isAddress,
  type Address,
  type GetMultipleAccountsApi,
  type Rpc,
} from '@solana/kit';
import type { BalanceSample, BalanceTarget, ChainAdapter, FetchBalancesParameters, RequestRecorder } from '../types.js';
import { validateSolanaAddress, validateSolanaTokenId } from './address.js';
import { findAssociatedTokenAddress } from './associatedTokenAddress.js';
import { createFailoverTransport } from './failoverTransport.js';
import { isTokenProgram, type TokenProgramAddress } from './programs.js';
import { getAccountsInBatches } from './readAccounts.js';
import { parseMintData, parseTokenAccountPrefix, toWholeUnits, TOKEN_ACCOUNT_PREFIX_LENGTH } from './tokenLayouts.js';

const LAMPORTS_DECIMALS = 9;

export interface CreateSolanaAdapterParameters {
  /** JSON-RPC endpoints, first preferred; may contain API keys (only hosts are ever reported). */
  rpcUrls: readonly string[];
  /** Per-HTTP-request timeout. */
  timeoutMs?: number;
  /** Extra rounds over every URL before a request is declared failed. */
  retries?: number;
  /** Receives one record per HTTP request (host + outcome) for `treasury_rpc_requests_total`. */
  recordRequest?: RequestRecorder;
  /** Keys per `getMultipleAccounts` call (RPC nodes cap it at 100). */
  batchSize?: number;
  /** `getMultipleAccounts` calls in flight at once. */
  concurrency?: number;
  /** Longest 429 Retry-After that is waited out on the same URL before moving to the next one. */
  maxRetryAfterMs?: number;
}

/** A mint as read on-chain: which token program owns it (decides its ATAs) and its decimals. */
export interface SolanaMintInfo {
  mint: Address;
  tokenProgram: TokenProgramAddress;
  decimals: number;
}

export type FetchTokenSuppliesReturnType = Array<
  { mint: string; supply: number; decimals: number; error?: undefined } | { mint: string; supply?: undefined; error: string }
>;

export interface SolanaAdapter extends ChainAdapter {
  readonly kind: 'solana';
  /** Total supply of each mint in whole tokens (one `getMultipleAccounts` per 100 mints), for reserve ratios. */
  fetchTokenSupplies(parameters: { mints: readonly string[]; signal: AbortSignal }): Promise<FetchTokenSuppliesReturnType>;
}

type MintStatus = SolanaMintInfo | { error: string };

/**
 * The Solana chain adapter. Per cycle it makes ceil(owners / 100) `getMultipleAccounts` calls for
 * SOL, one per 100 not-yet-known mints (decimals and owning program are cached: both are
 * immutable), and ceil((owner, mint) pairs / 100) for the associated token accounts.
 * A missing account is a real zero on Solana; a bad mint fails only its own samples; the promise
 * rejects only when every RPC URL failed.
 */
export function createSolanaAdapter({
  rpcUrls,
  timeoutMs = 10_000,
  retries = 2,
  recordRequest,
  batchSize = 100,
  concurrency = 4,
  maxRetryAfterMs = 2_000,
}: CreateSolanaAdapterParameters): SolanaAdapter {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100) {
    throw new Error(`batchSize must be an integer between 1 and 100, got ${batchSize}`);
  }
  const transport = createFailoverTransport({ urls: rpcUrls, timeoutMs, retries, recordRequest, maxRetryAfterMs });
  const rpc: Rpc<GetMultipleAccountsApi> = createSolanaRpcFromTransport(transport);
  const knownMints = new Map<string, SolanaMintInfo>();
  const ataCache = new Map<string, Address>();

  async function resolveMints(mints: readonly Address[], signal: AbortSignal): Promise<Map<string, MintStatus>> {
    const statuses = new Map<string, MintStatus>();
    const unknown = mints.filter((mint) => !knownMints.has(mint));
    const accounts = await getAccountsInBatches(rpc, { addresses: unknown, batchSize, concurrency, signal });
    unknown.forEach((mint, i) => {
      const account = accounts[i]!;
      if (account === null) {
        statuses.set(mint, { error: `mint ${mint} does not exist on this network` });
        return;
      }
      if (!isTokenProgram(account.owner)) {
        statuses.set(mint, { error: `${mint} is not an SPL token mint (account owned by ${account.owner})` });
        return;
      }
      const parsed = parseMintData(account.data);
      if ('error' in parsed) {
        statuses.set(mint, { error: `${mint} is not an SPL token mint: ${parsed.error}` });
        return;
      }
      // Only good mints are cached: a missing mint may be created later and must be re-read.
      knownMints.set(mint, { mint, tokenProgram: account.owner, decimals: parsed.decimals });
    });
    for (const mint of mints) {
      const known = knownMints.get(mint);
      if (known) statuses.set(mint, known);
    }
    return statuses;
  }

  async function associatedTokenAddress(owner: Address, mint: SolanaMintInfo): Promise<Address> {
    const key = `${owner}:${mint.mint}:${mint.tokenProgram}`;
    let ata = ataCache.get(key);
    if (ata === undefined) {
      ata = await findAssociatedTokenAddress({ owner, mint: mint.mint, tokenProgram: mint.tokenProgram });
      ataCache.set(key, ata);
    }
    return ata;
  }

  async function readNativeBalances(owners: readonly Address[], signal: AbortSignal): Promise<Map<string, number>> {
    // A zero-length data slice: only lamports matter, and wallets may be program accounts with data.
    const accounts = await getAccountsInBatches(rpc, {
      addresses: owners,
      batchSize,
      concurrency,
      dataSlice: { offset: 0, length: 0 },
      signal,
    });
    return new Map(owners.map((owner, i) => [owner, toWholeUnits(accounts[i]?.lamports ?? 0n, LAMPORTS_DECIMALS)]));
  }

  async function fetchBalances({ targets, signal }: FetchBalancesParameters): Promise<BalanceSample[]> {
    const samples: BalanceSample[] = [];
    const nativeTargets: BalanceTarget[] = [];
    const tokenTargets: BalanceTarget[] = [];
    for (const target of targets) {
      // The config already refuses these; checking again keeps one bad target from failing a batch.
      const addressError = validateSolanaAddress(target.address);
      const tokenError = target.token === 'native' ? null : validateSolanaTokenId(target.token);
      if (addressError !== null) {
        samples.push({ account: target.account, asset: target.asset, error: addressError });
      } else if (tokenError !== null) {
        samples.push({ account: target.account, asset: target.asset, error: tokenError });
      } else if (target.token === 'native') {
        nativeTargets.push(target);
      } else {
        tokenTargets.push(target);
      }
    }

    const owners = unique(nativeTargets.map((t) => t.address as Address));
    const mints = unique(tokenTargets.map((t) => t.token as Address));
    const [nativeBalances, mintStatuses] = await Promise.all([
      readNativeBalances(owners, signal),
      resolveMints(mints, signal),
    ]);
    for (const target of nativeTargets) {
      samples.push({ account: target.account, asset: target.asset, balance: nativeBalances.get(target.address)! });
    }

    // One ATA per distinct (owner, mint): two accounts configured with the same address share it.
    const ataByPair = new Map<string, { ata: Address; owner: Address; mint: SolanaMintInfo }>();
    for (const target of tokenTargets) {
      const status = mintStatuses.get(target.token)!;
      if ('error' in status) continue;
      const pairKey = `${target.address}:${target.token}`;
      if (!ataByPair.has(pairKey)) {
        const owner = target.address as Address;
        ataByPair.set(pairKey, { ata: await associatedTokenAddress(owner, status), owner, mint: status });
      }
    }
    const pairs = [...ataByPair.values()];
    const ataAccounts = await getAccountsInBatches(rpc, {
      addresses: pairs.map((pair) => pair.ata),
      batchSize,
      concurrency,
      dataSlice: { offset: 0, length: TOKEN_ACCOUNT_PREFIX_LENGTH },
      signal,
    });
    const encoder = getAddressEncoder();
    const pairResults = new Map<string, { balance: number } | { error: string }>();
    pairs.forEach((pair, i) => {
      const account = ataAccounts[i]!;
      const key = `${pair.owner}:${pair.mint.mint}`;
      if (account === null) {
        // No associated token account: this owner has never held the token there (or closed it).
        pairResults.set(key, { balance: 0 });
        return;
      }
      if (account.owner !== pair.mint.tokenProgram) {
        pairResults.set(key, { error: `associated token account ${pair.ata} is owned by ${account.owner}, not ${pair.mint.tokenProgram}` });
        return;
      }
      const parsed = parseTokenAccountPrefix(account.data);
      if ('error' in parsed) {
        pairResults.set(key, { error: `associated token account ${pair.ata}: ${parsed.error}` });
        return;
      }
      if (!bytesEqual(parsed.mint, encoder.encode(pair.mint.mint)) || !bytesEqual(parsed.owner, encoder.encode(pair.owner))) {
        pairResults.set(key, { error: `associated token account ${pair.ata} does not hold ${pair.mint.mint} for ${pair.owner}` });
        return;
      }
      pairResults.set(key, { balance: toWholeUnits(parsed.amount, pair.mint.decimals) });
    });

    for (const target of tokenTargets) {
      const status = mintStatuses.get(target.token)!;
      const result = 'error' in status ? status : pairResults.get(`${target.address}:${target.token}`)!;
      samples.push(
        'error' in result
          ? { account: target.account, asset: target.asset, error: result.error }
          : { account: target.account, asset: target.asset, balance: result.balance },
      );
    }
    return samples;
  }

  async function fetchTokenSupplies({ mints, signal }: { mints: readonly string[]; signal: AbortSignal }): Promise<FetchTokenSuppliesReturnType> {
    const valid = unique(mints.filter((mint) => isAddress(mint)) as Address[]);
    const accounts = await getAccountsInBatches(rpc, { addresses: valid, batchSize, concurrency, signal });
    const byMint = new Map(valid.map((mint, i) => [mint as string, accounts[i]!]));
    return mints.map((mint) => {
      const mintError = validateSolanaTokenId(mint);
      if (mintError !== null) return { mint, error: mintError };
      const account = byMint.get(mint)!;
      if (account === null) return { mint, error: `mint ${mint} does not exist on this network` };
      if (!isTokenProgram(account.owner)) return { mint, error: `${mint} is not an SPL token mint (account owned by ${account.owner})` };
      const parsed = parseMintData(account.data);
      if ('error' in parsed) return { mint, error: `${mint} is not an SPL token mint: ${parsed.error}` };
      return { mint, supply: toWholeUnits(parsed.supply, parsed.decimals), decimals: parsed.decimals };
    });
  }

  return {
    kind: 'solana',
    fetchBalances,
    fetchTokenSupplies,
    close() {
      knownMints.clear();
      ataCache.clear();
    },
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function bytesEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
