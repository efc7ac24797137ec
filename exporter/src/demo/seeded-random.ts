/**
 * A small seeded pseudo-random generator (mulberry32) and a normal draw on top of it, so the
 * demo's prices move the same way on every run with the same seed: a screenshot, a test and a
 * bug report all see the same market.
 */

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, deviation 1), by the Box–Muller transform. */
  normal(): number;
}

/** Creates a generator from a string seed (hashed to 32 bits with FNV-1a). */
export function createSeededRandom(seed: string): SeededRandom {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state ^= seed.charCodeAt(i);
    state = Math.imul(state, 0x01000193) >>> 0;
  }
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      // 1 - next() is in (0, 1]: log never sees 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
