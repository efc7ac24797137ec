import { interpolate, scrubSecrets } from './interpolate.js';

describe('interpolate', () => {
  it('substitutes every reference and reports the values it used', () => {
    expect(interpolate('https://${HOST}/v2/${KEY}', { HOST: 'rpc.example', KEY: 'k-123' })).toEqual({
      ok: true,
      value: 'https://rpc.example/v2/k-123',
      substituted: ['rpc.example', 'k-123'],
    });
  });

  it('leaves strings without references alone', () => {
    expect(interpolate('plain $5 text', {})).toEqual({ ok: true, value: 'plain $5 text', substituted: [] });
  });

  it('writes a literal ${ for $${', () => {
    expect(interpolate('$${NOT_A_VAR} and ${A}', { A: 'x' })).toEqual({ ok: true, value: '${NOT_A_VAR} and x', substituted: ['x'] });
  });

  it('accepts an empty value as set', () => {
    expect(interpolate('a${EMPTY}b', { EMPTY: '' })).toEqual({ ok: true, value: 'ab', substituted: [''] });
  });

  it('names every missing variable', () => {
    expect(interpolate('${A}-${B}-${C}', { B: 'b' })).toEqual({
      ok: false,
      messages: ['environment variable A is not set', 'environment variable C is not set'],
    });
  });

  it('refuses malformed references', () => {
    expect(interpolate('${1BAD}', {})).toEqual({
      ok: false,
      messages: ['invalid environment variable reference (expected ${NAME} with letters, digits and _)'],
    });
    expect(interpolate('abc ${UNCLOSED', {})).toEqual({
      ok: false,
      messages: ['unterminated "${" (write "$${" for a literal "${")'],
    });
  });
});

describe('scrubSecrets', () => {
  it('replaces substituted values of four characters or more', () => {
    expect(scrubSecrets('unknown network "mainnet-key" near abc', new Set(['mainnet-key', 'abc']))).toBe(
      'unknown network "<redacted>" near abc',
    );
  });
});
