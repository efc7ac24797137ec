import { formatIssue, formatPath, sortIssues } from './issues.js';

describe('formatPath', () => {
  it.each([
    [['accounts', 2, 'address'], 'accounts[2].address'],
    [['networks', 'ethereum', 'rpc_urls', 1], 'networks.ethereum.rpc_urls[1]'],
    [['assets', 'USDC.e', 'on'], 'assets["USDC.e"].on'],
    [['accounts', 0, 'labels', 'cost center'], 'accounts[0].labels["cost center"]'],
    [[], ''],
  ])('%j is %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('formatIssue', () => {
  it('writes FILE:LINE:COL path: message, and omits an empty path', () => {
    expect(formatIssue({ file: 'treasury.yaml', line: 14, column: 7, path: 'accounts[2].address', message: 'bad' })).toBe(
      'treasury.yaml:14:7 accounts[2].address: bad',
    );
    expect(formatIssue({ file: 'treasury.yaml', line: 3, column: 1, path: '', message: 'bad yaml' })).toBe('treasury.yaml:3:1: bad yaml');
  });
});

describe('sortIssues', () => {
  it('orders by line, column, then path, and drops exact duplicates', () => {
    const at = (line: number, column: number, path: string) => ({ file: 'f', line, column, path, message: 'm' });
    expect(sortIssues([at(10, 1, 'b'), at(2, 9, 'a'), at(10, 1, 'a'), at(2, 3, 'z'), at(2, 9, 'a')])).toEqual([
      at(2, 3, 'z'),
      at(2, 9, 'a'),
      at(10, 1, 'a'),
      at(10, 1, 'b'),
    ]);
  });
});
