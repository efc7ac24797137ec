/**
 * Checks of docker-compose.yml that need no Docker engine: the Compose specification's JSON
 * schema, and the deployment rules of this repository (health checks, non-root exporter,
 * secrets only from .env, the Grafana plugin mount, paths that exist).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { repoFiles } from './repo-files.js';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  secrets?: (string | { source: string; target?: string })[];
  volumes?: (string | { type: string; source?: string; target: string })[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number)[];
  expose?: (string | number)[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { environment?: string; file?: string; external?: boolean }>;
  volumes?: Record<string, unknown>;
}

/** The parsed docker-compose.yml. */
export function readComposeFile(path = repoFiles.composeFile): ComposeFile {
  return parse(readFileSync(path, 'utf8')) as ComposeFile;
}

/** The npm package that ships the Compose specification's JSON schema (compose-spec/compose-go's `compose-spec.json`). */
export const composeSchemaPackage = 'dclint';

/**
 * Loads the Compose specification JSON schema shipped by npm `dclint` (its
 * `schemas/compose.schema.json`). Throws with the install command if the package is absent.
 */
export function loadComposeSchema(): Record<string, unknown> {
  const require = createRequire(join(repoFiles.repoDir, 'package.json'));
  let manifest: string;
  try {
    manifest = require.resolve(`${composeSchemaPackage}/package.json`);
  } catch {
    throw new Error(
      `the Compose specification schema comes from npm ${composeSchemaPackage}: run \`npm install --save-dev ${composeSchemaPackage}@3.1.0 -w exporter\``,
    );
  }
  return JSON.parse(readFileSync(join(dirname(manifest), 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
}

/** Validates a parsed compose file against the schema; returns ajv's errors as `path: message` lines. */
export function validateComposeFile(compose: unknown, schema: Record<string, unknown>): string[] {
  // The schema is draft-07; strict mode would reject its (valid) uses of `deprecated` and patterns.
  const ajv = new Ajv({ allErrors: true, strict: false });
  // It names its meta-schema `https://json-schema.org/draft-07/schema`, a spelling ajv does not
  // register (it knows `http://…/schema#`); draft-07 is ajv's default, so the key can go.
  const { $schema: _metaSchema, ...body } = schema;
  const validate = ajv.compile(body);
  if (validate(compose)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
}

/** A short-syntax or long-syntax volume as { source, target }; named volumes have no `./`. */
export function parseVolume(volume: string | { source?: string; target: string }): { source?: string; target: string } {
  if (typeof volume !== 'string') return { source: volume.source, target: volume.target };
  // SOURCE:TARGET[:MODE], where SOURCE may hold `${VAR:-default}` with its own colon.
  const match = /^((?:\$\{[^}]*\}|[^:])+):([^:]+)(?::[a-z,]+)?$/.exec(volume);
  return match ? { source: match[1], target: match[2]! } : { target: volume };
}

/** Host paths a service binds (sources starting with `.` or `/`), resolved against the repo, `${VAR:-default}` at its default. */
export function boundHostPaths(service: ComposeService): { source: string; hostPath: string; target: string }[] {
  return (service.volumes ?? [])
    .map(parseVolume)
    .filter((volume): volume is { source: string; target: string } => volume.source !== undefined && /^(\.|\/|\$\{)/.test(volume.source))
    .map(({ source, target }) => {
      const withDefault = source.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
      return { source, target, hostPath: isAbsolute(withDefault) ? withDefault : resolve(repoFiles.repoDir, withDefault) };
    });
}

/** Every `${VAR}` (with or without a default or an error message) the compose file interpolates. */
export function interpolatedVariables(text: string): string[] {
  // Comments may show `${VAR}` as an example; only YAML content counts.
  text = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}/g)].map((m) => m[1]!))].sort();
}

/** Variable names assigned or shown commented out (`# NAME=`) in .env.example. */
export function envExampleVariables(text: string): string[] {
  return [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!).sort();
}

/** The user the last stage of a Dockerfile runs as (`USER`), or undefined (root). */
export function finalStageUser(dockerfile: string): string | undefined {
  const stages = dockerfile.split(/^FROM\s/im);
  const last = stages[stages.length - 1] ?? '';
  const users = [...last.matchAll(/^USER\s+(\S+)/gim)].map((m) => m[1]!);
  return users[users.length - 1];
}

export { existsSync };
