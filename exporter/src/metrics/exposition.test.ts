import { ExpositionBuilder, escapeLabelValue, formatValue, renderLabels } from './exposition.js';

const balance = { name: 'treasury_account_balance', help: 'Balance\nin "tokens" \\ whole.', type: 'gauge' as const };

test('label values escape backslash, quote and newline; keys keep their order', () => {
  expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  expect(renderLabels({ b: '2', a: '1' })).toBe('{b="2",a="1"}');
  expect(renderLabels({})).toBe('');
});

test('values use the shortest round-trip form and the text-format spellings of special values', () => {
  expect(formatValue(1234.567891)).toBe('1234.567891');
  expect(formatValue(1.23e-16)).toBe('1.23e-16');
  expect(formatValue(Infinity)).toBe('+Inf');
  expect(formatValue(-Infinity)).toBe('-Inf');
  expect(formatValue(NaN)).toBe('NaN');
});

test('families render once with HELP and TYPE, in first-written order; empty families are omitted', () => {
  const out = new ExpositionBuilder();
  const up = { name: 'treasury_target_up', help: 'Up.', type: 'gauge' as const };
  out.declare({ name: 'treasury_unused', help: 'x', type: 'gauge' });
  out.add(balance, { account: 'ops', asset: 'ETH' }, 2);
  out.add(up, { network: 'ethereum' }, 1);
  out.add(balance, { account: 'ops', asset: 'USDC' }, 0.5);
  expect(out.seriesCount).toBe(3);
  expect(out.render()).toBe(
    [
      '# HELP treasury_account_balance Balance\\nin "tokens" \\\\ whole.',
      '# TYPE treasury_account_balance gauge',
      'treasury_account_balance{account="ops",asset="ETH"} 2',
      'treasury_account_balance{account="ops",asset="USDC"} 0.5',
      '# HELP treasury_target_up Up.',
      '# TYPE treasury_target_up gauge',
      'treasury_target_up{network="ethereum"} 1',
      '',
    ].join('\n'),
  );
});
