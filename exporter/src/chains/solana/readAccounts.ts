import type { Address, GetMultipleAccountsApi, Rpc } from '@solana/kit';

/** What the adapter needs of an account; `null` when the account does not exist (never funded, or closed). */
export type RawAccount = { owner: Address; lamports: bigint; data: Uint8Array } | null;

export interface GetAccountsInBatchesParameters {
  addresses: readonly Address[];
  /** Keys per `getMultipleAccounts` call; Solana RPC nodes refuse more than 100. */
  batchSize: number;
  /** Calls in flight at once: enough to hide latency, few enough not to trip provider rate limits. */
  concurrency: number;
  /** Ask only for these bytes of each account's data (saves bandwidth on 165+ byte token accounts). */
  dataSlice?: { offset: number; length: number };
  signal: AbortSignal;
}

/**
 * Reads many accounts with as few `getMultipleAccounts` calls as the batch size allows
 * (ceil(n / batchSize)), a bounded number at a time. Resolves in the order of `addresses`.
 */
export async function getAccountsInBatches(
  rpc: Rpc<GetMultipleAccountsApi>,
  { addresses, batchSize, concurrency, dataSlice, signal }: GetAccountsInBatchesParameters,
): Promise<RawAccount[]> {
  const batches: Address[][] = [];
  for (let start = 0; start < addresses.length; start += batchSize) {
    batches.push(addresses.slice(start, start + batchSize));
  }
  const results = await mapWithConcurrency(batches, concurrency, async (batch) => {
    const response = await rpc
      .getMultipleAccounts(batch, { encoding: 'base64', ...(dataSlice ? { dataSlice } : {}) })
      .send({ abortSignal: signal });
    if (response.value.length !== batch.length) {
      throw new Error(`getMultipleAccounts returned ${response.value.length} accounts for ${batch.length} keys`);
    }
    return response.value.map((account): RawAccount =>
      account === null
        ? null
        : {
            owner: account.owner,
            lamports: BigInt(account.lamports),
            data: Buffer.from(account.data[0], 'base64'),
          },
    );
  });
  return results.flat();
}

/** Runs `task` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    // After one failure the whole call rejects, so stop sending the remaining requests.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await task(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
