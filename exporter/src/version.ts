import { readFileSync } from 'node:fs';

/** The exporter's version from its package.json, for `treasury_exporter_build_info`. */
export const exporterVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
