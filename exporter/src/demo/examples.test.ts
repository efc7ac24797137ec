/**
 * examples/treasury.yaml, the config `npm start` runs: it passes `treasury-exporter --check`
 * with the placeholder values of .env.example, and names every variable it needs when they are
 * missing, each documented in .env.example.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile } from '../config/index.js';
import { envExampleVariables } from './compose-checks.js';
import { repoFiles } from './repo-files.js';

/** KEY=value lines of .env.example (commented optional ones excluded). */
function envExampleValues(): Record<string, string> {
  const text = readFileSync(repoFiles.envExample, 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

test('`--check` accepts the example with the placeholders of .env.example', () => {
  const exporterDir = join(repoFiles.repoDir, 'exporter');
  const result = spawnSync(
    process.execPath,
    [join(repoFiles.repoDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli.ts', '--config', repoFiles.exampleConfig, '--check'],
    { cwd: exporterDir, env: { PATH: process.env.PATH, ...envExampleValues() }, encoding: 'utf8', timeout: 30_000 },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('treasury.yaml: OK');
  expect(result.stdout).toMatch(/5 networks:/);
  expect(result.stdout).toMatch(/7 accounts/);
  expect(result.stdout).toContain('USDC: supply on ethereum, solana; backed by accounts custody-1, custody-2');
  // The placeholders are secrets: --check never prints them.
  for (const value of Object.values(envExampleValues())) expect(result.stdout).not.toContain(value);
});

test('without the environment, every missing variable is named, and each is documented in .env.example', async () => {
  const result = await loadConfigFile(repoFiles.exampleConfig, {});
  expect(result.ok).toBe(false);
  const missing = (result.ok ? [] : result.issues)
    .map((issue) => /environment variable (\w+) is not set/.exec(issue.message)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  expect(missing).toEqual(['ARBITRUM_RPC_URL', 'BLOCKFROST_PROJECT_ID', 'COINGECKO_API_KEY', 'ETH_RPC_URL', 'TREASURY_LEDGER_URL']);
  expect(missing.filter((name) => !envExampleVariables(readFileSync(repoFiles.envExample, 'utf8')).includes(name))).toEqual([]);
});
