import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseConfigText } from '../../config/index.js';
import { ADD, EDIT } from './testdata/golden-edits.js';
import type { AccountInput } from './account-body.js';
import { editAccountsText, type AccountEdit } from './yaml-accounts.js';

const testdata = new URL('./testdata/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, testdata), 'utf8');

function edit(text: string, change: AccountEdit): string {
  const result = editAccountsText(text, change);
  if (!result.ok) throw new Error(result.message);
  expect(result.preservedLayout).toBe(true);
  return result.text;
}

/** Lines of `before` that must survive, in order, as a subsequence of `after`'s lines. */
function expectLinesKept(before: string, after: string, removed: ReadonlySet<string> = new Set()) {
  const afterLines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    if (removed.has(line)) continue;
    const found = afterLines.indexOf(line, at);
    if (found < 0) throw new Error(`line lost: ${JSON.stringify(line)}`);
    at = found + 1;
  }
}

describe('editAccountsText on a commented config (golden)', () => {
  const original = read('commented.yaml');
  const added = edit(original, { action: 'create', account: ADD });
  const edited = edit(added, { action: 'update', name: 'payroll', account: EDIT });
  const deleted = edit(edited, { action: 'delete', name: 'ops-hot' });

  test('add, edit and delete each produce the golden file, byte for byte', () => {
    expect(added).toBe(read('commented.after-add.yaml'));
    expect(edited).toBe(read('commented.after-edit.yaml'));
    expect(deleted).toBe(read('commented.after-delete.yaml'));
  });

  test('every comment and untouched line survives each step', () => {
    expectLinesKept(original, added);
    expectLinesKept(added, edited, new Set(['      purpose: payroll']));
    const opsHot = original.split('\n').slice(29, 37);
    expect(opsHot[0]).toBe('  - name: ops-hot                 # unique; the `account` label');
    expectLinesKept(edited, deleted, new Set([...opsHot, '']));
    for (const comment of original.split('\n').filter((line) => line.includes('#') && !opsHot.includes(line))) {
      expect(deleted).toContain(comment);
    }
  });

  test('each step is a valid config holding exactly the intended accounts', () => {
    for (const [text, names] of [
      [added, ['ops-hot', 'payroll', 'cold-btc', 'treasury-2']],
      [edited, ['ops-hot', 'payroll', 'cold-btc', 'treasury-2']],
      [deleted, ['payroll', 'cold-btc', 'treasury-2']],
    ] as const) {
      const parsed = parseConfigText(text, { file: 'commented.yaml', env: {} });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(parsed.config.accounts.map((account) => account.name)).toEqual(names);
    }
    const payroll = (parseDocument(edited).toJS() as { accounts: Array<{ name: string }> }).accounts.find((a) => a.name === 'payroll');
    expect(payroll).toEqual(EDIT);
  });
});

describe('editAccountsText layouts', () => {
  const original = read('commented.yaml');

  test('changing one value keeps the comment on its line and its spacing', () => {
    const next = edit(original, {
      action: 'update',
      name: 'ops-hot',
      account: { ...accountOf(original, 'ops-hot'), min_balance: { ETH: 3, USDC: 1000 } },
    });
    expect(next).toBe(original.replace('      ETH: 2      # keep gas money', '      ETH: 3      # keep gas money'));
  });

  test('a changed quoted scalar keeps its quote style; a removed key loses only its line', () => {
    const payroll = accountOf(original, 'payroll');
    delete payroll.labels;
    const next = edit(original, { action: 'update', name: 'payroll', account: { ...payroll, address: '11111111111111111111111111111111' } });
    expect(next).toBe(
      original
        .replace("    address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'", "    address: '11111111111111111111111111111111'")
        .replace('    labels:\n      entity: acme          # legal entity\n      purpose: payroll\n', ''),
    );
  });

  test('renaming rewrites only the name, its trailing comment stays', () => {
    const next = edit(original, { action: 'update', name: 'cold-btc', account: { ...accountOf(original, 'cold-btc'), name: 'cold-1' } });
    expect(next).toBe(original.replace('  - name: cold-btc   # cold storage', '  - name: cold-1   # cold storage'));
  });

  test('a flow list of assets is rewritten in flow style, its comment kept', () => {
    const next = edit(original, { action: 'update', name: 'ops-hot', account: { ...accountOf(original, 'ops-hot'), assets: ['ETH'] } });
    expect(next).toBe(original.replace('    assets: [ETH, USDC]           # omitted', '    assets: [ETH]           # omitted'));
  });

  test('adding to `accounts: []` turns it into a block list; deleting the last account leaves `[]`', () => {
    const empty = 'version: 1\naccounts: []   # none\nreserves: []\n';
    const one = edit(empty, { action: 'create', account: { name: 'a', network: 'n', address: 'x' } });
    expect(one).toBe('version: 1\naccounts:   # none\n  - name: a\n    network: n\n    address: x\nreserves: []\n');
    expect(edit('accounts: []', { action: 'create', account: { name: 'a', network: 'n', address: 'x' } })).toBe(
      'accounts:\n  - name: a\n    network: n\n    address: x\n',
    );
    const none = edit('version: 1\naccounts:\n  - name: a   # only one\n    network: n\n    address: x\n# tail\n', { action: 'delete', name: 'a' });
    expect(none).toBe('version: 1\naccounts: []\n# tail\n');
  });

  test('removing the key on the `- ` line pulls the next key up; a block map emptied becomes `{}`', () => {
    const text = 'accounts:\n  - labels: { a: b }\n    name: a\n    network: n\n    address: x\n  - name: c\n    network: n\n    address: y\n    labels:\n      team: ops   # owner\n';
    expect(edit(text, { action: 'update', name: 'a', account: { name: 'a', network: 'n', address: 'x' } })).toBe(
      'accounts:\n  - name: a\n    network: n\n    address: x\n  - name: c\n    network: n\n    address: y\n    labels:\n      team: ops   # owner\n',
    );
    expect(edit(text, { action: 'update', name: 'c', account: { name: 'c', network: 'n', address: 'y', labels: {} } })).toBe(
      'accounts:\n  - labels: { a: b }\n    name: a\n    network: n\n    address: x\n  - name: c\n    network: n\n    address: y\n    labels: {}\n',
    );
  });

  test('CRLF line endings are kept in the lines the edit writes', () => {
    const text = 'accounts:\r\n  - name: a   # first\r\n    network: n\r\n    address: x\r\n';
    const next = edit(text, { action: 'create', account: { name: 'b', network: 'n', address: 'y', assets: ['ETH'] } });
    expect(next).toBe(`${text}  - name: b\r\n    network: n\r\n    address: y\r\n    assets: [ETH]\r\n`);
    expect(edit(next, { action: 'update', name: 'a', account: { name: 'a', network: 'n', address: 'z', labels: { team: 'ops' } } })).toBe(
      'accounts:\r\n  - name: a   # first\r\n    network: n\r\n    address: z\r\n    labels: { team: ops }\r\n  - name: b\r\n    network: n\r\n    address: y\r\n    assets: [ETH]\r\n',
    );
  });

  test('a file without a final newline', () => {
    const next = edit('accounts:\n  - name: a\n    network: n\n    address: x', { action: 'create', account: { name: 'b', network: 'n', address: 'y' } });
    expect(next).toBe('accounts:\n  - name: a\n    network: n\n    address: x\n  - name: b\n    network: n\n    address: y\n');
  });

  test('a layout the splicer does not handle falls back to the Document, still correct', () => {
    const text = 'accounts: [{ name: a, network: n, address: x }]  # flow list\n';
    const result = editAccountsText(text, { action: 'create', account: { name: 'b', network: 'n', address: 'y' } });
    if (!result.ok) throw new Error(result.message);
    expect(result.preservedLayout).toBe(false);
    expect(parseDocument(result.text).toJS()).toEqual({
      accounts: [
        { name: 'a', network: 'n', address: 'x' },
        { name: 'b', network: 'n', address: 'y' },
      ],
    });
    expect(result.text).toContain('# flow list');
  });

  test('unknown, duplicate and unreadable', () => {
    expect(editAccountsText(original, { action: 'delete', name: 'nope' })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(editAccountsText(original, { action: 'create', account: { name: 'payroll', network: 'n', address: 'x' } })).toMatchObject({ ok: false, reason: 'exists' });
    expect(
      editAccountsText(original, { action: 'update', name: 'payroll', account: { ...accountOf(original, 'payroll'), name: 'ops-hot' } }),
    ).toMatchObject({ ok: false, reason: 'exists', message: 'account "ops-hot" already exists' });
    expect(editAccountsText('accounts: [\n', { action: 'delete', name: 'a' })).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});

function accountOf(text: string, name: string) {
  const accounts = (parseDocument(text).toJS() as { accounts: Array<Record<string, unknown>> }).accounts;
  return structuredClone(accounts.find((account) => account.name === name)) as unknown as AccountInput;
}

describe('editAccountsText on a random sequence of edits', () => {
  test('every edit is spliced (no fallback) and the file always holds exactly the model accounts', () => {
    let text = read('commented.yaml');
    let model = (parseDocument(text).toJS() as { accounts: AccountInput[] }).accounts;
    let seed = 20260102;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
    const makeAccount = (name: string): AccountInput => {
      const account: AccountInput = { name, network: pick(['ethereum', 'solana']), address: pick(['x', 'y "q"', "it's", '0xabc', 'a # b', 'yes']) };
      if (random(2)) account.assets = pick([[], ['ETH'], ['ETH', 'USDC']]);
      if (random(2)) account.labels = pick<Record<string, string>>([{}, { team: 'a' }, { team: 'b', site: 'c: d' }]);
      if (random(2)) account.min_balance = pick<Record<string, number>>([{}, { ETH: 1 }, { ETH: 2.5, USDC: 3 }]);
      return account;
    };
    for (let i = 0; i < 200; i += 1) {
      const names = model.map((account) => account.name);
      const kind = names.length === 0 ? 0 : random(3);
      if (kind === 0) {
        const account = makeAccount(`new-${i}`);
        text = edit(text, { action: 'create', account });
        model = [...model, account];
      } else if (kind === 1) {
        const name = pick(names);
        const account = makeAccount(random(4) === 0 ? `renamed-${i}` : name);
        text = edit(text, { action: 'update', name, account });
        model = model.map((existing) => (existing.name === name ? account : existing));
      } else {
        const name = pick(names);
        text = edit(text, { action: 'delete', name });
        model = model.filter((existing) => existing.name !== name);
      }
      expect((parseDocument(text).toJS() as { accounts: AccountInput[] }).accounts).toEqual(model);
    }
    // The parts outside `accounts:` never moved.
    expect(text.slice(0, text.indexOf('accounts:'))).toBe(read('commented.yaml').slice(0, read('commented.yaml').indexOf('accounts:')));
    expect(text.endsWith('reserves: []   # none yet\n# end of file\n')).toBe(true);
  });
});
