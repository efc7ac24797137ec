import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1m30s250ms', 90_250],
    ['100ms', 100],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  const INVALID = 'not a valid duration (expected e.g. "500ms", "30s", "5m", "1h30m")';
  it.each(['', '30', 's', '1.5s', '30 s', '-5s', '5s1m', '1m1m', '30sec', ' 30s'])('%j is refused', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, message: INVALID });
  });

  it('refuses anything under 100ms', () => {
    expect(parseDuration('99ms')).toEqual({ ok: false, message: 'duration must be at least 100ms' });
    expect(parseDuration('0s')).toEqual({ ok: false, message: 'duration must be at least 100ms' });
  });
});

describe('formatDuration', () => {
  it.each([
    [5_400_000, '1h30m'],
    [90_250, '1m30s250ms'],
    [30_000, '30s'],
    [0, '0s'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
