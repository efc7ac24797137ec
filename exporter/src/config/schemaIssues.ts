import type { z } from 'zod';
import { knownKeysAt, unknownKeyMessage } from './knownKeys.js';
import type { Anchor, PathSegment } from './positions.js';

/**
 * Turns zod's issues into the config's own wording. zod's defaults ("Invalid input: expected
 * string, received undefined") are rewritten; messages the schema sets itself are kept.
 */

export interface SchemaIssue {
  path: PathSegment[];
  anchor?: Anchor;
  message: string;
}

const ZOD_DEFAULT_MESSAGE = /^(?:Invalid|Too (?:small|big)|Unrecognized)/;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
};

function valueAt(root: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown; parent: unknown } {
  let parent: unknown;
  let current: unknown = root;
  for (const segment of path) {
    parent = current;
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return { found: false, value: undefined, parent };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current, parent };
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Maps one zod issue (with the document it was raised on) to config issues. */
export function describeSchemaIssue(issue: z.core.$ZodIssue, document: unknown, schema: z.ZodType): SchemaIssue[] {
  const path = toSegments(issue.path);
  const custom = !ZOD_DEFAULT_MESSAGE.test(issue.message);
  const at = valueAt(document, path);
  const missing = !at.found && typeof at.parent === 'object' && at.parent !== null && !Array.isArray(at.parent);

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key',
        message: unknownKeyMessage(key, knownKeysAt(schema, path, document)),
      }));
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      return [{ path, anchor: 'key', message: inner && !ZOD_DEFAULT_MESSAGE.test(inner) ? inner : 'invalid key' }];
    }
    case 'invalid_type':
      if (missing) return [{ path, message: 'missing required key' }];
      if (custom) return [{ path, message: issue.message }];
      return [{ path, message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(at.value)}` }];
    case 'invalid_union': {
      if (missing) return [{ path, message: 'missing required key' }];
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) return [{ path, message: `expected one of: ${options.map(String).join(', ')}` }];
      return [{ path, message: custom ? issue.message : 'does not match any allowed form' }];
    }
    case 'invalid_value':
      if (missing) return [{ path, message: 'missing required key' }];
      if (custom) return [{ path, message: issue.message }];
      return [{ path, message: `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}` }];
    case 'too_small':
    case 'too_big': {
      if (custom) return [{ path, message: issue.message }];
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const relation = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'greater than') : issue.inclusive ? 'at most' : 'less than';
      return [{ path, message: `must be ${relation} ${String(bound)}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}
