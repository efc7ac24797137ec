/**
 * `npm run demo` as a user runs it: a separate process printing the banner, reloading its
 * config on SIGHUP, and on Ctrl-C (SIGINT) stopping everything it started: the exporter,
 * Prometheus, Alertmanager and both anvil chains stop answering and the temp folder is gone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseExposition, sampleValue, waitFor } from '../testing/exposition.js';
import { repoFiles } from './repo-files.js';

let child: ChildProcessWithoutNullStreams | undefined;
let stdout = '';

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
});

const refuses = async (url: string) => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
};

test('prints the URLs, reloads on SIGHUP and stops everything it started on SIGINT', async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--listen', '127.0.0.1:0', '--tick', '500'], {
    cwd: join(repoFiles.repoDir, 'exporter'),
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  await waitFor('the banner', () => (stdout.includes('Ctrl-C stops everything') ? true : undefined), 45_000);

  const url = (label: string) => new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(stdout)?.[1];
  const exporterUrl = url('Exporter metrics')!;
  const prometheusUrl = url('Prometheus')!;
  const alertmanagerUrl = url('Alertmanager')!;
  const configPath = /Config\s+(\S+treasury\.yaml)/.exec(stdout)![1]!;
  expect([exporterUrl, prometheusUrl, alertmanagerUrl].every(Boolean)).toBe(true);

  const minimum = async () =>
    sampleValue(parseExposition(await (await fetch(`${exporterUrl}/metrics`)).text()), 'treasury_account_balance_minimum', {
      account: 'ops-hot',
      asset: 'ETH',
    });
  expect(await waitFor('ops-hot in /metrics', minimum)).toBe(5);

  // An edit of the generated config, then SIGHUP: the new minimum is served.
  const config = await readFile(configPath, 'utf8');
  const rpcUrls = [...config.matchAll(/rpc_urls: \["([^"]+)"\]/g)].map((m) => m[1]!);
  expect(rpcUrls).toHaveLength(2);
  await writeFile(configPath, config.replace('min_balance: { ETH: 5, USDC: 10000 }', 'min_balance: { ETH: 3, USDC: 10000 }'));
  child.kill('SIGHUP');
  await waitFor('the reloaded minimum', async () => ((await minimum()) === 3 ? true : undefined));
  expect(stdout).toContain('config reloaded');

  child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const [code] = (await Promise.race([
    once(child, 'exit'),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(['no exit within 40 s']), 40_000);
    }),
  ])) as [unknown];
  clearTimeout(timer);
  expect(code).toBe(0);
  expect(stdout).toContain('stopped.');
  for (const stoppedUrl of [`${exporterUrl}/metrics`, `${prometheusUrl}/-/ready`, `${alertmanagerUrl}/-/ready`, ...rpcUrls]) {
    expect([stoppedUrl, await refuses(stoppedUrl)]).toEqual([stoppedUrl, true]);
  }
  expect(existsSync(dirname(configPath))).toBe(false);
}, 90_000);
