/** Runs async sections one after the other, in call order. */
export interface Mutex {
  runExclusive<T>(section: () => Promise<T>): Promise<T>;
}

/**
 * A promise-chain mutex. Config writes read the file, compare its hash with `If-Match`, and
 * rename a new file over it; two of those interleaving would let both writers pass the check.
 */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    runExclusive<T>(section: () => Promise<T>): Promise<T> {
      const result = tail.then(section);
      // The next section waits for this one whether it resolved or rejected.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
