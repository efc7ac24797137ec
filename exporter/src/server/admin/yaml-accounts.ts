import { Document, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { ACCOUNT_KEY_ORDER, type AccountInput } from './account-body.js';

/** One change to the `accounts:` list. */
export type AccountEdit =
  | { action: 'create'; account: AccountInput }
  | { action: 'update'; name: string; account: AccountInput }
  | { action: 'delete'; name: string };

export type EditAccountsTextResult =
  | {
      ok: true;
      text: string;
      /** The account as it was in the file (null for create). */
      before: unknown;
      /** The account as it is now in the file (null for delete). */
      after: AccountInput | null;
      /**
       * True when the edit was spliced into the original text (every untouched byte kept); false
       * when the layout was one the splicer does not handle and the Document was re-stringified.
       */
      preservedLayout: boolean;
    }
  | { ok: false; reason: 'not_found' | 'exists' | 'unreadable'; message: string };

/**
 * Applies an account edit to the config text. The `yaml` Document locates the nodes and renders
 * the new values; the new text is the old one with only those byte ranges replaced, so comments,
 * key order, quoting and spacing elsewhere stay byte-identical. The result is parsed again and
 * must equal the Document-API edit of the old file; if it does not (a layout the splicer does not
 * know), the Document-API edit is used as is, which keeps comments but may reformat spacing.
 */
export function editAccountsText(text: string, edit: AccountEdit): EditAccountsTextResult {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, reason: 'unreadable', message: `the config file is not valid YAML: ${doc.errors[0]!.message}` };
  }
  if (!isMap(doc.contents)) return { ok: false, reason: 'unreadable', message: 'the config file is not a YAML mapping' };
  const accountsPair = findPair(doc.contents, 'accounts');
  const accountsNode = accountsPair?.value;
  if (accountsNode != null && !isSeq(accountsNode) && !(isScalar(accountsNode) && accountsNode.value == null)) {
    return { ok: false, reason: 'unreadable', message: '`accounts` in the config file is not a list' };
  }
  const seq = isSeq(accountsNode) ? accountsNode : undefined;
  const expected = doc.toJS() as Record<string, unknown>;
  const rawAccounts: unknown[] = seq && Array.isArray(expected.accounts) ? expected.accounts : [];
  const indexOf = (name: string) => rawAccounts.findIndex((item) => isRecord(item) && item.name === name);

  let index = -1;
  if (edit.action === 'create') {
    if (indexOf(edit.account.name) >= 0) return exists(edit.account.name);
  } else {
    index = indexOf(edit.name);
    if (index < 0) return { ok: false, reason: 'not_found', message: `account "${edit.name}" does not exist` };
    if (edit.action === 'update' && edit.account.name !== edit.name && indexOf(edit.account.name) >= 0) {
      return exists(edit.account.name);
    }
  }
  const before = index >= 0 ? rawAccounts[index] : null;
  const after = edit.action === 'delete' ? null : edit.account;

  const expectedAccounts = [...rawAccounts];
  if (edit.action === 'create') expectedAccounts.push(edit.account);
  else if (edit.action === 'update') expectedAccounts[index] = edit.account;
  else expectedAccounts.splice(index, 1);
  expected.accounts = expectedAccounts;

  let spliced: string | undefined;
  try {
    spliced = applySplices(text, planSplices(text, accountsPair, seq, edit, index, before));
  } catch (error) {
    if (!(error instanceof UnsupportedLayout)) throw error;
  }
  if (spliced !== undefined && parsesTo(spliced, expected)) {
    return { ok: true, text: spliced, before, after, preservedLayout: true };
  }
  return { ok: true, text: documentEdit(doc, edit, index), before, after, preservedLayout: false };
}

function exists(name: string): EditAccountsTextResult {
  return { ok: false, reason: 'exists', message: `account "${name}" already exists` };
}

/** Thrown by the planner for a layout it does not splice; the caller falls back to the Document. */
class UnsupportedLayout extends Error {}

interface Splice {
  start: number;
  end: number;
  text: string;
}

function planSplices(
  text: string,
  accountsPair: Pair | undefined,
  seq: YAMLSeq | undefined,
  edit: AccountEdit,
  index: number,
  before: unknown,
): Splice[] {
  if (edit.action === 'create') return planCreate(text, accountsPair, seq, edit.account);
  if (!seq || seq.flow) throw new UnsupportedLayout();
  const item = seq.items[index] as Node;
  if (edit.action === 'delete') return planDelete(text, accountsPair!, seq, index);
  if (!isMap(item) || !isRecord(before)) throw new UnsupportedLayout();
  const raw = before;
  if (item.flow) return [{ start: range(item)[0], end: range(item)[1], text: renderFlow(edit.account, true) }];
  const splices: Splice[] = [];
  try {
    editBlockMap(text, item, raw, edit.account as unknown as Record<string, unknown>, splices, (key) => siblingStyle(seq, key));
    return splices;
  } catch (error) {
    if (!(error instanceof UnsupportedLayout)) throw error;
    // Rewrite just this item; the rest of the file is still untouched.
    const [start, valueEnd] = range(item);
    const end = contentEnd(text, valueEnd);
    return [{ start, end, text: indentBlock(renderBlockMap(edit.account, seq), columnOf(text, start)) + '\n' }];
  }
}

function planCreate(text: string, accountsPair: Pair | undefined, seq: YAMLSeq | undefined, account: AccountInput): Splice[] {
  if (!accountsPair) {
    // No `accounts:` key at all: append one at the end of the file.
    const prefix = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    return [{ start: text.length, end: text.length, text: `${prefix}accounts:\n${itemText(account, 2, 4, undefined)}\n` }];
  }
  const keyColumn = columnOf(text, range(accountsPair.key as Node)[0]);
  if (!seq || (seq.flow && seq.items.length === 0)) {
    // `accounts: []` or `accounts:` (null): the list becomes a block list under the key; a
    // comment after `[]` stays on the key's line.
    const colonEnd = colonAfter(text, accountsPair);
    const valueEnd = seq ? range(seq)[1] : colonEnd;
    const at = contentEnd(text, valueEnd);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return [
      { start: colonEnd, end: valueEnd, text: '' },
      { start: at, end: at, text: `${prefix}${itemText(account, keyColumn + 2, keyColumn + 4, undefined)}\n` },
    ];
  }
  if (seq.flow) throw new UnsupportedLayout();
  const last = seq.items[seq.items.length - 1] as Node;
  const dash = dashBefore(text, range(last)[0]);
  const dashColumn = columnOf(text, dash);
  const keyColumn2 = columnOf(text, range(last)[0]);
  const end = extendOverDeeperComments(text, contentEnd(text, range(last)[1]), dashColumn);
  const separator = blankLineBetweenItems(text, seq) ? '\n' : '';
  const prefix = end === text.length && !text.endsWith('\n') ? '\n' : '';
  return [{ start: end, end, text: `${prefix}${separator}${itemText(account, dashColumn, keyColumn2, seq)}\n` }];
}

function planDelete(text: string, accountsPair: Pair, seq: YAMLSeq, index: number): Splice[] {
  const item = seq.items[index] as Node;
  const dash = dashBefore(text, range(item)[0]);
  const dashColumn = columnOf(text, dash);
  const start = lineStart(text, dash);
  let end = extendOverDeeperComments(text, contentEnd(text, range(item)[1]), dashColumn);
  const previousLineBlank = start === 0 || isBlankLine(text, lineStart(text, start - 1));
  if (index === 0 || previousLineBlank) {
    // Take the blank lines that separated this item from the next one with it.
    while (end < text.length && isBlankLine(text, end)) end = lineEnd(text, end);
  }
  const splices: Splice[] = [{ start, end, text: '' }];
  if (seq.items.length === 1) {
    // An empty block list would read as null; leave an explicit empty list.
    const colonEnd = colonAfter(text, accountsPair);
    splices.push({ start: colonEnd, end: colonEnd, text: ' []' });
  }
  return splices;
}

/**
 * Edits a block mapping key by key: unchanged values keep their bytes (and comments), changed
 * ones are replaced in place, removed keys lose their lines, new keys are added after the last one.
 */
function editBlockMap(
  text: string,
  map: YAMLMap,
  raw: Record<string, unknown>,
  next: Record<string, unknown>,
  splices: Splice[],
  styleFor: (key: string) => 'flow' | 'block' = () => 'flow',
): void {
  const pairs = map.items;
  if (pairs.length === 0) throw new UnsupportedLayout();
  const keyColumn = columnOf(text, range(pairs[0]!.key as Node)[0]);
  const keys = pairs.map((pair) => {
    if (!isScalar(pair.key)) throw new UnsupportedLayout();
    return String(pair.key.value);
  });
  const kept = keys.map((key) => Object.hasOwn(next, key));
  const firstKeyStart = range(pairs[0]!.key as Node)[0];
  const firstSharesLine = !isBlankText(text.slice(lineStart(text, firstKeyStart), firstKeyStart));

  pairs.forEach((pair, i) => {
    const key = keys[i]!;
    if (!kept[i]) {
      if (i === 0 && firstSharesLine) {
        // The first key sits on the list item's `- ` line: pull the first kept key up onto it.
        const firstKept = kept.indexOf(true);
        if (firstKept < 0) throw new UnsupportedLayout();
        splices.push({ start: firstKeyStart, end: range(pairs[firstKept]!.key as Node)[0], text: '' });
      } else if (!(firstSharesLine && kept.indexOf(true) > i)) {
        splices.push({ start: lineStart(text, range(pair.key as Node)[0]), end: pairEnd(text, pair, keyColumn, true), text: '' });
      }
      return;
    }
    if (deepEqual(raw[key], next[key])) return;
    replaceValue(text, pair, raw[key], next[key], splices);
  });

  const added = Object.keys(next).filter((key) => !keys.includes(key));
  if (added.length > 0) {
    const lastPair = pairs[pairs.length - 1]!;
    const at = pairEnd(text, lastPair, keyColumn, false);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    const lines = added.map((key) => pairText(key, next[key], keyColumn, styleFor(key))).join('\n');
    splices.push({ start: at, end: at, text: `${prefix}${lines}\n` });
  }
}

function replaceValue(text: string, pair: Pair, rawValue: unknown, nextValue: unknown, splices: Splice[]): void {
  const value = pair.value as Node | null;
  const isEmptyScalar = value == null || (isScalar(value) && value.value == null && range(value)[0] === range(value)[1]);
  if (isEmptyScalar) {
    const colonEnd = colonAfter(text, pair);
    const keyColumn = columnOf(text, range(pair.key as Node)[0]);
    splices.push({ start: colonEnd, end: colonEnd, text: valueAfterColon(nextValue, keyColumn, 'flow') });
    return;
  }
  const [start, valueEnd] = range(value);
  const endsWithNewline = text[valueEnd - 1] === '\n';
  const newline = endsWithNewline ? '\n' : '';
  const isBlockCollection = (isMap(value) || isSeq(value)) && !value.flow;

  if (isBlockCollection && isMap(value) && isRecord(nextValue) && Object.keys(nextValue).length > 0 && isRecord(rawValue)) {
    editBlockMap(text, value, rawValue, nextValue, splices);
    return;
  }
  if (isBlockCollection && isCollection(nextValue) && !isEmptyCollection(nextValue)) {
    const block = renderBlock(nextValue);
    splices.push({ start, end: valueEnd, text: indentBlock(block, columnOf(text, start)) + newline });
    return;
  }
  if (isBlockCollection) {
    // A scalar or an empty collection cannot be written as a block: put it after the colon.
    const colonEnd = colonAfter(text, pair);
    splices.push({ start: colonEnd, end: contentEnd(text, valueEnd), text: ` ${renderInline(nextValue, undefined)}\n` });
    return;
  }
  const original = text.slice(start, valueEnd);
  const replacement = isCollection(nextValue)
    ? renderFlow(nextValue, /^[[{]\s/.test(original) ? true : /^[[{]\S/.test(original) ? false : undefined)
    : renderScalar(nextValue, isScalar(value) && typeof nextValue === 'string' ? value.type : undefined);
  splices.push({ start, end: valueEnd, text: replacement + (endsWithNewline && !replacement.endsWith('\n') ? '\n' : '') });
}

// ---- rendering ----------------------------------------------------------------------------

/** The text of one `- key: value` list item, first line at `dashColumn`, keys at `keyColumn`. */
function itemText(account: AccountInput, dashColumn: number, keyColumn: number, siblings: YAMLSeq | undefined): string {
  const entries = ACCOUNT_KEY_ORDER.filter((key) => account[key] !== undefined);
  const lines = entries.map((key) => pairText(key, account[key], keyColumn, siblings ? siblingStyle(siblings, key) : 'flow')).join('\n');
  const firstLine = lines.slice(keyColumn);
  return `${' '.repeat(dashColumn)}-${' '.repeat(Math.max(1, keyColumn - dashColumn - 1))}${firstLine}`;
}

function pairText(key: string, value: unknown, keyColumn: number, style: 'flow' | 'block'): string {
  return `${' '.repeat(keyColumn)}${renderScalar(key, undefined)}:${valueAfterColon(value, keyColumn, style)}`;
}

/** ` value` for scalars and flow collections, or a newline and an indented block. */
function valueAfterColon(value: unknown, keyColumn: number, style: 'flow' | 'block'): string {
  if (isCollection(value) && !isEmptyCollection(value) && style === 'block') {
    return `\n${indentBlock(renderBlock(value), keyColumn + 2, true)}`;
  }
  return ` ${renderInline(value, undefined)}`;
}

/** Block or flow, as the other accounts write that key (flow when none does). */
function siblingStyle(seq: YAMLSeq, key: string): 'flow' | 'block' {
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const value = item.get(key, true);
    if ((isMap(value) || isSeq(value)) && !value.flow) return 'block';
  }
  return 'flow';
}

function renderBlockMap(account: AccountInput, siblings: YAMLSeq): string {
  const entries = ACCOUNT_KEY_ORDER.filter((key) => account[key] !== undefined);
  return entries.map((key) => pairText(key, account[key], 0, siblingStyle(siblings, key))).join('\n');
}

function renderInline(value: unknown, padding: boolean | undefined): string {
  return isCollection(value) ? renderFlow(value, padding) : renderScalar(value, undefined);
}

/** A scalar exactly as `yaml` would write it (quoted when plain would read back differently). */
function renderScalar(value: unknown, type: string | undefined): string {
  const doc = new Document(value);
  if (type && isScalar(doc.contents) && (type === 'PLAIN' || type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE')) {
    doc.contents.type = type;
  }
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** A one-line flow collection: `[ETH, USDC]`, `{ entity: acme }` unless the original spacing says otherwise. */
function renderFlow(value: unknown, padding: boolean | undefined): string {
  const doc = new Document(value);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  const pad = padding ?? !Array.isArray(value);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: pad }).replace(/\n$/, '');
}

function renderBlock(value: unknown): string {
  return new Document(value).toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** Indents every line after the first (the first continues where the old value started). */
function indentBlock(block: string, column: number, includeFirst = false): string {
  const pad = ' '.repeat(column);
  return block
    .split('\n')
    .map((line, i) => (line === '' || (i === 0 && !includeFirst) ? line : pad + line))
    .join('\n');
}

// ---- text positions -------------------------------------------------------------------------

function range(node: Node): [number, number, number] {
  if (!node.range) throw new UnsupportedLayout();
  return node.range;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEnd(text: string, pos: number): number {
  const newline = text.indexOf('\n', pos);
  return newline < 0 ? text.length : newline + 1;
}

function columnOf(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

function isBlankText(value: string): boolean {
  return /^[ \t]*$/.test(value);
}

function isBlankLine(text: string, start: number): boolean {
  return isBlankText(text.slice(start, lineEnd(text, start)).replace(/\r?\n$/, ''));
}

/** End of a node's last line, including its trailing comment and newline. */
function contentEnd(text: string, valueEnd: number): number {
  return valueEnd > 0 && text[valueEnd - 1] === '\n' ? valueEnd : lineEnd(text, valueEnd);
}

/** Comment lines indented deeper than `column` right after `pos` belong to the node ending there. */
function extendOverDeeperComments(text: string, pos: number, column: number): number {
  let at = pos;
  while (at < text.length) {
    const line = text.slice(at, lineEnd(text, at));
    const match = /^( *)#/.exec(line);
    if (!match || match[1]!.length <= column) break;
    at = lineEnd(text, at);
  }
  return at;
}

function pairEnd(text: string, pair: Pair, keyColumn: number, withComments: boolean): number {
  const valueEnd = pair.value && (pair.value as Node).range ? range(pair.value as Node)[1] : range(pair.key as Node)[1];
  const end = contentEnd(text, valueEnd);
  return withComments ? extendOverDeeperComments(text, end, keyColumn) : end;
}

/** Position right after the `:` that follows a pair's key. */
function colonAfter(text: string, pair: Pair): number {
  const colon = text.indexOf(':', range(pair.key as Node)[1]);
  if (colon < 0) throw new UnsupportedLayout();
  return colon + 1;
}

/** The `-` that introduces a block list item whose content starts at `contentStart`. */
function dashBefore(text: string, contentStart: number): number {
  let at = contentStart - 1;
  while (at >= 0 && text[at] === ' ') at -= 1;
  if (text[at] !== '-' || !isBlankText(text.slice(lineStart(text, at), at))) throw new UnsupportedLayout();
  return at;
}

function blankLineBetweenItems(text: string, seq: YAMLSeq): boolean {
  if (seq.items.length < 2) return false;
  const previous = seq.items[seq.items.length - 2] as Node;
  const last = seq.items[seq.items.length - 1] as Node;
  const between = text.slice(contentEnd(text, range(previous)[1]), lineStart(text, dashBefore(text, range(last)[0])));
  return between.split('\n').some((line, i, all) => i < all.length - 1 && isBlankText(line));
}

function applySplices(text: string, splices: Splice[]): string {
  // Back to front so earlier offsets stay valid. Two insertions at one offset (a nested map's new
  // key and its parent's) are applied last-planned first, which leaves them in planning order.
  const ordered = splices.map((splice, order) => ({ ...splice, order })).sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
  // A file checked out with CRLF line endings keeps them in the lines the API writes.
  const crlf = text.includes('\r\n');
  let out = text;
  let limit = Infinity;
  for (const splice of ordered) {
    if (splice.end > limit) throw new UnsupportedLayout();
    const inserted = crlf ? splice.text.replace(/\r?\n/g, '\r\n') : splice.text;
    out = out.slice(0, splice.start) + inserted + out.slice(splice.end);
    limit = splice.start;
  }
  return out;
}

// ---- checks and fallback ----------------------------------------------------------------------

function parsesTo(text: string, expected: unknown): boolean {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.length === 0 && deepEqual(doc.toJS(), expected);
}

/** The same edit through the Document API alone: always right, not always byte-faithful. */
function documentEdit(doc: Document.Parsed, edit: AccountEdit, index: number): string {
  if (edit.action === 'delete') doc.deleteIn(['accounts', index]);
  else if (edit.action === 'update') doc.setIn(['accounts', index], doc.createNode(edit.account));
  else if (isSeq(doc.get('accounts', true))) doc.addIn(['accounts'], doc.createNode(edit.account));
  else doc.set('accounts', doc.createNode([edit.account]));
  return doc.toString({ lineWidth: 0 });
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: object): boolean {
  return Object.keys(value).length === 0;
}

/** Structural equality of JSON-like values (key order ignored, array order kept). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
