import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  test('returns the first defined probe value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls === 3 ? 'ready' : undefined), {
      description: 'the third call',
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  test('gives up after the timeout, naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { description: 'Alertmanager ready', timeoutMs: 50, intervalMs: 10 },
      ),
    ).rejects.toThrow('timed out after 50 ms waiting for Alertmanager ready (last error: connection refused)');
  });
});
