/**
 * Durations in the config are Prometheus-style strings ("500ms", "30s", "5m", "1h30m", "1d"):
 * integer amounts, units in decreasing order, each unit at most once. Milliseconds come out.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

/** Polling faster than this hammers providers and is almost certainly a typo ("30ms" for "30s"). */
export const MINIMUM_DURATION_MS = 100;

const PART = /(\d+)(ms|d|h|m|s)/y;

export type ParseDurationResult = { ok: true; ms: number } | { ok: false; message: string };

/**
 * Parses a duration string to milliseconds.
 * @example parseDuration('1h30m') // { ok: true, ms: 5_400_000 }
 */
export function parseDuration(text: string): ParseDurationResult {
  const invalid = {
    ok: false,
    message: 'not a valid duration (expected e.g. "500ms", "30s", "5m", "1h30m")',
  } as const;
  if (text.length === 0) return invalid;
  PART.lastIndex = 0;
  let ms = 0;
  let lastUnitIndex = -1;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return invalid;
    const unitIndex = UNIT_ORDER.indexOf(match[2] as Unit);
    // "5s1m" or "1m1m" are refused: ambiguous intent is better reported than guessed.
    if (unitIndex <= lastUnitIndex) return invalid;
    lastUnitIndex = unitIndex;
    ms += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  if (!Number.isSafeInteger(ms)) return invalid;
  if (ms < MINIMUM_DURATION_MS) {
    return { ok: false, message: `duration must be at least ${MINIMUM_DURATION_MS}ms` };
  }
  return { ok: true, ms };
}

/** Formats milliseconds back to the shortest config spelling, for summaries ("90000" → "1m30s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_MS[unit];
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}
