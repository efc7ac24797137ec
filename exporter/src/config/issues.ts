/** One problem found in a config file, located precisely enough for an editor to jump to it. */
export interface ConfigIssue {
  /** The file name as given to the parser (usually the basename). */
  file: string;
  /** 1-based line of the offending node. */
  line: number;
  /** 1-based column of the offending node. */
  column: number;
  /** Key path such as `accounts[2].address`; empty for document-level problems. */
  path: string;
  message: string;
}

/**
 * Formats an issue as `FILE:LINE:COL path: message` (or `FILE:LINE:COL: message` without a path),
 * the shape editors and CI annotations recognise.
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Sorts by position (line, then column, then path), drops exact duplicates. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return [...issues]
    .sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path))
    .filter((issue) => {
      const key = formatIssue(issue);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Thrown by {@link ConfigStore.load} when the first load fails; `message` lists every issue. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Renders a path array (`['accounts', 2, 'address']`) as `accounts[2].address`; a key that would
 * be ambiguous after a dot (`USDC.e`, `ops hot`) is written `["USDC.e"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (!PLAIN_KEY.test(String(segment))) out += `[${JSON.stringify(String(segment))}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
