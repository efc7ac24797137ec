import { createHash } from 'node:crypto';

/** Hex sha256 of the config file's bytes: the version every write is checked against. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A strong ETag (quoted) for a file version. */
export function formatEtag(sha256: string): string {
  return `"${sha256}"`;
}

/**
 * Whether an `If-Match` header names the current version. Strong comparison only (RFC 9110
 * §13.1.1): weak tags never match, and `*` is refused because it would skip the very check that
 * keeps a GitOps hand edit from being overwritten.
 */
export function ifMatchSatisfied(header: string, currentSha256: string): boolean {
  const current = formatEtag(currentSha256);
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === current);
}
