import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { getAddress } from 'viem';
import { LineCounter, parseDocument, visit } from 'yaml';
import { crossCheck } from './crossChecks.js';
import { interpolate, scrubSecrets, type Environment } from './interpolate.js';
import { formatPath, sortIssues, type ConfigIssue } from './issues.js';
import { buildSourceMap, walkScalars, type Anchor, type PathSegment } from './positions.js';
import { describeSchemaIssue } from './schemaIssues.js';
import { configSchema, DEFAULT_PEG_THRESHOLDS, type Config } from './schema.js';
import { detectSecret } from './secretsGuard.js';

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

export interface ParseConfigOptions {
  /** Name used in messages, usually the file's basename. */
  file: string;
  /** Values for `${VAR}`; defaults to `process.env`. */
  env?: Environment;
}

/** yaml appends " at line L, column C:" and a source excerpt to some messages; we give our own position. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

/**
 * Parses and validates config text: YAML syntax, secrets guard, `${VAR}` interpolation, the strict
 * schema and the cross-section checks. Every problem is reported, sorted by position.
 */
export function parseConfigText(text: string, options: ParseConfigOptions): ParseConfigResult {
  const { file, env = process.env } = options;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: true });
  const issueAt = (offset: number, message: string): ConfigIssue => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, path: '', message };
  };
  const yamlProblems = [...document.errors, ...document.warnings];
  if (yamlProblems.length > 0) {
    return { ok: false, issues: sortIssues(yamlProblems.map((error) => issueAt(error.pos[0], firstLine(error.message)))) };
  }
  if (document.contents === null) {
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: 'the config file is empty' }] };
  }

  keepLongHexAsText(document, text);
  const sourceMap = buildSourceMap(document, lineCounter);
  const issues: ConfigIssue[] = [];
  const report = (path: readonly PathSegment[], message: string, anchor: Anchor = 'value'): void => {
    const { line, column } = sourceMap.locate(path, anchor);
    issues.push({ file, line, column, path: formatPath(path), message });
  };
  // A path that already has a secret or interpolation problem gets no second, derived complaint.
  const settledPaths = new Set<string>();
  const secrets = new Set<string>();

  // Cardano asset units are the one place a 64-hex-digit string is legitimate.
  const isCardanoTokenId = (path: PathSegment[]): boolean =>
    path.length === 4 && path[0] === 'assets' && path[2] === 'on' && document.getIn(['networks', path[3], 'kind']) === 'cardano';

  walkScalars(document, ({ node, path, role }) => {
    const raw = node.value as string;
    const secret = detectSecret(raw, { mayBe32ByteHex: role === 'value' && isCardanoTokenId(path) });
    if (secret) {
      report(path, secret, role);
      settledPaths.add(formatPath(path));
      return;
    }
    if (role === 'key') return;
    const result = interpolate(raw, env);
    if (!result.ok) {
      for (const message of result.messages) report(path, message);
      settledPaths.add(formatPath(path));
      return;
    }
    for (const value of result.substituted) secrets.add(value);
    node.value = result.value;
  });

  const data: unknown = document.toJS({ maxAliasCount: 1000 });
  const parsed = configSchema.safeParse(data);
  const derived = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeSchemaIssue(issue, data, configSchema))),
    ...crossCheck(data, (path) => sourceMap.locate(path).line),
  ];
  for (const issue of derived) {
    if (!settledPaths.has(formatPath(issue.path))) report(issue.path, issue.message, issue.anchor);
  }

  if (issues.length > 0 || !parsed.success) {
    const scrubbed = issues.map((issue) => ({ ...issue, message: scrubSecrets(issue.message, secrets) }));
    return { ok: false, issues: sortIssues(scrubbed) };
  }
  return { ok: true, config: finalizeConfig(parsed.data) };
}

/** Long enough to be an address, a hash or a key, never a count or an id this schema expects as a number. */
const LONG_HEX_OR_DIGITS = /^(?:0x)?[0-9a-fA-F]{32,}$/;

/**
 * YAML reads an unquoted `0xd8dA…` as a (float-rounded) integer. Nothing in this schema is a number
 * that long, so such plain scalars keep their text: unquoted EVM addresses work, and an unquoted
 * private key still reaches the secrets guard as text.
 */
function keepLongHexAsText(document: ReturnType<typeof parseDocument>, text: string): void {
  visit(document, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || (typeof node.value !== 'number' && typeof node.value !== 'bigint') || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]);
      if (LONG_HEX_OR_DIGITS.test(source)) node.value = source;
    },
  });
}

/**
 * Fills what the schema cannot express as a plain default and normalises EVM addresses to their
 * EIP-55 form, so an address label is the same whatever case the file used.
 */
function finalizeConfig(config: Config): Config {
  const evmNetworks = new Set(Object.entries(config.networks).filter(([, n]) => n.kind === 'evm').map(([name]) => name));
  for (const network of Object.values(config.networks)) {
    if (network.kind === 'evm') network.multicall_address = getAddress(network.multicall_address);
  }
  for (const asset of Object.values(config.assets)) {
    for (const [networkName, token] of Object.entries(asset.on)) {
      if (token !== 'native' && evmNetworks.has(networkName)) asset.on[networkName] = getAddress(token);
    }
    if (asset.chainlink) asset.chainlink.feed = getAddress(asset.chainlink.feed);
    if (asset.peg !== undefined && asset.peg_thresholds === undefined) asset.peg_thresholds = { ...DEFAULT_PEG_THRESHOLDS };
  }
  for (const account of config.accounts) {
    if (evmNetworks.has(account.network)) account.address = getAddress(account.address);
  }
  for (const reserve of config.reserves) {
    if (reserve.proof_of_reserve) reserve.proof_of_reserve.feed = getAddress(reserve.proof_of_reserve.feed);
    for (const [networkName, holders] of Object.entries(reserve.excluded_holders ?? {})) {
      if (evmNetworks.has(networkName)) reserve.excluded_holders![networkName] = holders.map((holder) => getAddress(holder));
    }
  }
  return config;
}

/** A config that parsed, with what identifies the bytes it came from. */
export interface LoadedConfig {
  config: Config;
  /** SHA-256 of the file's bytes, hex: a reload of identical bytes is a no-op. */
  sha256: string;
  /** The path it was read from, as given. */
  path: string;
  /** When it was loaded, Unix milliseconds. */
  loadedAt: number;
}

export type LoadConfigFileResult =
  | { ok: true; loaded: LoadedConfig }
  | { ok: false; issues: ConfigIssue[]; sha256?: string };

/**
 * Reads and parses a config file. Messages name the file by its basename (paths can reveal
 * deployment layout and are long in CI logs).
 */
export async function loadConfigFile(path: string, env: Environment = process.env): Promise<LoadConfigFileResult> {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: `cannot read the config file (${code})` }] };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = parseConfigText(bytes.toString('utf8'), { file, env });
  if (!result.ok) return { ok: false, issues: result.issues, sha256 };
  return { ok: true, loaded: { config: result.config, sha256, path, loadedAt: Date.now() } };
}
