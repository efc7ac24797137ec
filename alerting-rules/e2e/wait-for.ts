import { setTimeout as sleep } from 'node:timers/promises';

export type WaitForParameters = {
  /** What is awaited, for the timeout error ("Slack message for ops-hot"). */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
};

/**
 * Polls `probe` until it returns a value other than `undefined`, and returns that value. Every
 * wait in the end-to-end test goes through here, so none can hang: after `timeoutMs` it throws
 * naming what it waited for and the last probe error, if any.
 */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  { description, timeoutMs, intervalMs = 200 }: WaitForParameters,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await sleep(intervalMs);
  }
}
