import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;
export type Position = { line: number; column: number };

/** Where an issue points: at a key's value (the default) or at the key itself (unknown keys). */
export type Anchor = 'value' | 'key';

interface Located {
  value?: Position;
  key?: Position;
}

/** Finds the source position of any key path in a parsed YAML document. */
export interface SourceMap {
  /**
   * Position of the node at `path`; when it does not exist (a missing key), the nearest
   * ancestor that does, which is the mapping the key is missing from.
   */
  locate(path: readonly PropertyKey[], anchor?: Anchor): Position;
}

/** What {@link walkScalars} reports for every string scalar in the document. */
export interface ScalarVisit {
  node: Node & { value: unknown };
  path: PathSegment[];
  role: 'key' | 'value';
}

function keyOf(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map((segment) => (typeof segment === 'number' ? segment : String(segment))));
}

function keySegment(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * Visits every node of the document depth-first with its key path. Aliases are reported as
 * leaves: their content is visited where the anchor is defined.
 */
function walk(
  node: unknown,
  path: PathSegment[],
  visit: (node: Node, path: PathSegment[], keyNode?: Node) => void,
  keyNode?: Node,
): void {
  if (node === null || node === undefined) return;
  visit(node as Node, path, keyNode);
  if (isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const segment = keySegment(pair.key);
      const key = pair.key as Node | null;
      // `key:` with nothing after it: the pair has no value node, point at the key instead.
      walk(pair.value ?? key, [...path, segment], visit, key ?? undefined);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walk(item, [...path, index], visit));
  }
}

/** Calls `visit` for every string scalar, keys included, with its path. */
export function walkScalars(document: Document, visit: (scalar: ScalarVisit) => void): void {
  walk(document.contents, [], (node, path, keyNode) => {
    if (keyNode && isScalar(keyNode) && typeof keyNode.value === 'string') {
      visit({ node: keyNode, path, role: 'key' });
    }
    if (isScalar(node) && typeof node.value === 'string' && node !== keyNode) {
      visit({ node, path, role: 'value' });
    }
  });
}

/** Indexes every node's position by key path; see {@link SourceMap}. */
export function buildSourceMap(document: Document, lineCounter: LineCounter): SourceMap {
  const positions = new Map<string, Located>();
  const toPosition = (node: Node | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  walk(document.contents, [], (node, path, keyNode) => {
    positions.set(keyOf(path), { value: toPosition(node), key: toPosition(keyNode) ?? toPosition(node) });
  });
  const documentStart = toPosition((document.contents ?? undefined) as Node | undefined) ?? { line: 1, column: 1 };
  return {
    locate(path, anchor = 'value') {
      for (let length = path.length; length >= 0; length -= 1) {
        const found = positions.get(keyOf(path.slice(0, length)));
        // Only the exact node may be located by its key; an ancestor is always located by its value.
        const position = length === path.length && anchor === 'key' ? found?.key : found?.value;
        if (position) return position;
      }
      return documentStart;
    },
  };
}
