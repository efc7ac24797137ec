/** Builds a validated config from a plain object, as if it had been written to a YAML file. */
import { stringify } from 'yaml';
import { formatIssue, parseConfigText, type Config, type ConfigInput } from '../src/config/index.js';

export function benchConfig(input: ConfigInput): Config {
  const parsed = parseConfigText(stringify(input), { file: 'bench.yaml', env: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  return parsed.config;
}
