import { redactUrls, safeErrorMessage } from './redact.js';

test('every URL is reduced to its host, keys in paths, queries and credentials included', () => {
  expect(redactUrls('HTTP request failed. URL: https://eth.example.com/v2/KEY123?apikey=Q.')).toBe(
    'HTTP request failed. URL: eth.example.com.',
  );
  expect(redactUrls('at wss://user:pass@node.example:8546/ws and http://127.0.0.1:9/x')).toBe('at node.example:8546 and 127.0.0.1:9');
});

test('errors keep their first line, preferring viem shortMessage', () => {
  expect(safeErrorMessage({ shortMessage: 'HTTP request failed.', message: 'HTTP request failed.\nURL: https://x.example/KEY' })).toBe(
    'HTTP request failed.',
  );
  expect(safeErrorMessage(new Error('boom at https://x.example/KEY\nstack'))).toBe('boom at x.example');
  expect(safeErrorMessage('plain')).toBe('plain');
  expect(safeErrorMessage(null)).toBe('null');
});
