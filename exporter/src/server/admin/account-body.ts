import { z } from 'zod';

/** An account as the admin API accepts and returns it: the YAML's keys, nothing else. */
export interface AccountInput {
  name: string;
  network: string;
  address: string;
  assets?: string[];
  labels?: Record<string, string>;
  min_balance?: Record<string, number>;
}

/** The order keys are written in when the API creates an account or a key. */
export const ACCOUNT_KEY_ORDER = ['name', 'network', 'address', 'assets', 'labels', 'min_balance'] as const;

/** Longest string (value or key) a body may carry; config values are names, addresses and labels. */
export const MAX_STRING_LENGTH = 256;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 4;
const MAX_ENTRIES = 64;

// C0/C1 controls (newline and tab too: every value is one line) and DEL.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;
// Bidi embeddings/overrides/isolates and marks, zero-width characters, BOM and tag characters: they
// make a name or label read differently from what it is (Trojan Source, CVE-2021-42574).
const INVISIBLE_OR_BIDI = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u{e0000}-\u{e007f}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const text = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
const symbolList = z.array(z.string({ error: 'must be a string' }), { error: 'must be an array of asset symbols' }).max(MAX_ENTRIES, `must have at most ${MAX_ENTRIES} entries`);
const labelMap = z.record(z.string(), z.string({ error: 'must be a string' }), { error: 'must be an object of label name to string' });
const minimumMap = z.record(
  z.string(),
  z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number'),
  { error: 'must be an object of asset symbol to number' },
);

/** Shape of POST/PUT bodies. Meaning (address per network, known assets, unique names) is the config schema's job. */
export const accountBodySchema = z
  .object({
    name: text,
    network: text,
    address: text,
    assets: symbolList.optional(),
    labels: labelMap.optional(),
    min_balance: minimumMap.optional(),
  }, { error: 'must be a JSON object' })
  .strict();

/** PUT may omit `name` (the path names the account); a different name renames it. */
export const accountUpdateBodySchema = accountBodySchema.extend({ name: text.optional() }).strict();

export type ParseAccountBodyResult = { ok: true; account: AccountInput } | { ok: false; issues: string[] };

/**
 * Checks a request body before anything reads it as an account: prototype-polluting keys, oversized
 * or deeply nested input, strings that are too long or carry control, bidi or non-NFC characters,
 * then the strict shape. Every problem is reported, each as `path: message`.
 */
export function parseAccountBody(body: unknown, { nameFromPath }: { nameFromPath?: string } = {}): ParseAccountBodyResult {
  const unsafe = findUnsafeInput(body);
  if (unsafe.length > 0) return { ok: false, issues: unsafe };
  const schema = nameFromPath === undefined ? accountBodySchema : accountUpdateBodySchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => `${formatPath(issue.path) || 'body'}: ${describeIssue(issue)}`),
    };
  }
  const { name, ...rest } = parsed.data;
  return { ok: true, account: orderAccount({ ...rest, name: name ?? nameFromPath ?? '' }) };
}

/** The account with keys in {@link ACCOUNT_KEY_ORDER} and absent optional keys left out. */
export function orderAccount(account: AccountInput): AccountInput {
  const ordered: Record<string, unknown> = {};
  for (const key of ACCOUNT_KEY_ORDER) {
    if (account[key] !== undefined) ordered[key] = account[key];
  }
  return ordered as unknown as AccountInput;
}

/** Problems with a JSON value that must stop it before validation, each as `path: message`. */
export function findUnsafeInput(value: unknown): string[] {
  const issues: string[] = [];
  walk(value, [], 0, issues);
  return issues;
}

function walk(value: unknown, path: (string | number)[], depth: number, issues: string[]): void {
  const where = formatPath(path) || 'body';
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) issues.push(`${where}: ${problem}`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    issues.push(`${where}: nested too deeply`);
    return;
  }
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  if (entries.length > MAX_ENTRIES) {
    issues.push(`${where}: must have at most ${MAX_ENTRIES} entries`);
    return;
  }
  for (const [key, item] of entries) {
    if (typeof key === 'string') {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push(`${where}: key "${key}" is not allowed`);
        continue;
      }
      const problem = stringProblem(key);
      if (problem) {
        issues.push(`${where}: a key ${problem}`);
        continue;
      }
    }
    walk(item, [...path, key], depth + 1, issues);
  }
}

function stringProblem(value: string): string | null {
  if (value.length > MAX_STRING_LENGTH) return `is longer than ${MAX_STRING_LENGTH} characters`;
  if (CONTROL_CHARACTERS.test(value)) return 'contains a control character';
  if (INVISIBLE_OR_BIDI.test(value)) return 'contains an invisible or bidirectional-override character';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired surrogate';
  if (value.normalize('NFC') !== value) return 'is not in Unicode normalization form NFC';
  return null;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}
