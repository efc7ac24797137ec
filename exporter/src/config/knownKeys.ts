import type { z } from 'zod';
import type { PathSegment } from './positions.js';

/**
 * Finds which keys the schema allows at a path, so an unknown key can be answered with
 * "did you mean …?" instead of a bare refusal. Reads zod's public `_zod.def` structure.
 */

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** For a discriminated union, the option whose `kind` literal matches the document's value. */
function pickOption(options: z.ZodType[], value: unknown): z.ZodType[] {
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).kind : undefined;
  const matching = options.filter((option) => {
    const kindSchema = defOf(unwrap(option)).shape?.kind;
    const values = kindSchema ? (defOf(kindSchema) as { values?: unknown[] }).values : undefined;
    return values?.includes(kind);
  });
  return matching.length > 0 ? matching : options;
}

/** The keys allowed in the mapping at `path`, or an empty list when the path leads nowhere known. */
export function knownKeysAt(root: z.ZodType, path: readonly PathSegment[], document: unknown): string[] {
  let candidates: z.ZodType[] = [root];
  let value: unknown = document;
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const candidate of candidates) {
      const schema = unwrap(candidate);
      const def = defOf(schema);
      const options = def.type === 'union' && def.options ? pickOption(def.options, value).map(unwrap) : [schema];
      for (const option of options) {
        const optionDef = defOf(option);
        const child =
          optionDef.type === 'object' ? optionDef.shape?.[String(segment)] : optionDef.type === 'record' ? optionDef.valueType : optionDef.type === 'array' ? optionDef.element : undefined;
        if (child) next.push(child);
      }
    }
    candidates = next;
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    const def = defOf(unwrap(candidate));
    const options = def.type === 'union' && def.options ? pickOption(def.options, value).map(unwrap) : [unwrap(candidate)];
    for (const option of options) Object.keys(defOf(option).shape ?? {}).forEach((key) => keys.add(key));
  }
  return [...keys];
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The message for an unknown key: the closest allowed key when it is a likely typo, else the list. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return 'unknown key';
  const scored = allowed.map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate) }));
  scored.sort((a, b) => a.distance - b.distance);
  const best = scored[0]!;
  if (best.distance <= Math.max(2, Math.floor(key.length / 4))) return `unknown key (did you mean "${best.candidate}"?)`;
  return `unknown key (expected one of: ${allowed.join(', ')})`;
}
