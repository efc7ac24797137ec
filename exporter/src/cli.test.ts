/**
 * The command line as a user runs it: a real process through bin/treasury-exporter.js.
 * `--check`, `--once`, bad usage, and the signals (SIGHUP reload, SIGTERM drain) of a server.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddress, parseUnits, type Address } from 'viem';
import { startDevnet, type Devnet } from './devnet/devnet.js';
import { parseExposition, sampleValue, waitFor } from './testing/exposition.js';

const bin = fileURLToPath(new URL('../bin/treasury-exporter.js', import.meta.url));
const testdata = fileURLToPath(new URL('../testdata/', import.meta.url));
const holder: Address = '0x00000000000000000000000000000000000A11cE';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`treasury-exporter ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let devnet: Devnet;
let dir: string;
let configPath: string;
let token: Address;

beforeAll(async () => {
  devnet = await startDevnet();
  token = getAddress(await devnet.deployToken({ symbol: 'USDC', decimals: 6 }));
  await devnet.mint(token, holder, parseUnits('42.5', 6));
  dir = await mkdtemp(join(tmpdir(), 'tcc-cli-'));
  configPath = join(dir, 'treasury.yaml');
  await writeFile(
    configPath,
    `version: 1
networks:
  devnet: { kind: evm, chain_id: ${devnet.chainId}, rpc_urls: ["\${DEVNET_RPC_URL}"] }
assets:
  USDC: { on: { devnet: "${token}" } }
accounts:
  - { name: ops, network: devnet, address: "${holder}" }
`,
  );
});

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('--check prints a summary of a good config and exits 0', async () => {
  const result = await run(['--config', join(testdata, 'good.yaml'), '--check'], {
    ETH_RPC_URL: 'https://eth.example/v2/SECRET-KEY',
    BLOCKFROST_PROJECT_ID: 'mainnetSECRET',
    COINGECKO_API_KEY: 'CG-SECRET',
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/good\.yaml: OK/);
  expect(result.stdout + result.stderr).not.toMatch(/SECRET/);
});

test('--check reports every error with file, line and column, and exits 1', async () => {
  const result = await run(['--config', join(testdata, 'invalid-evm-checksum.yaml'), '--check']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^invalid-evm-checksum\.yaml:\d+:\d+ accounts\[\d+\]\.address: not a valid EVM address \(checksum mismatch\)$/m);
});

test('bad usage exits 2 with the usage text', async () => {
  const result = await run(['--listen', 'nowhere']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--config is required');
  expect(result.stderr).toContain('Usage: treasury-exporter');
});

test('--once polls once and prints the exposition on stdout, logs on stderr', async () => {
  const result = await run(['--config', configPath, '--once'], { DEVNET_RPC_URL: devnet.rpcUrl });
  expect(result.code).toBe(0);
  const samples = parseExposition(result.stdout);
  expect(sampleValue(samples, 'treasury_account_balance', { account: 'ops', asset: 'USDC' })).toBe(42.5);
  expect(sampleValue(samples, 'treasury_target_up', { target: 'account:ops' })).toBe(1);
});

test('a server reloads on SIGHUP and drains on SIGTERM with exit 0', async () => {
  const child = spawn(process.execPath, [bin, '--config', configPath, '--listen', '127.0.0.1:0'], {
    env: { PATH: process.env.PATH ?? '', DEVNET_RPC_URL: devnet.rpcUrl },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const url = await waitFor('listening', () => /"listen":"(http:\/\/[^"]+)"/.exec(stderr)?.[1]);
    await waitFor('first poll', async () =>
      sampleValue(parseExposition(await (await fetch(`${url}/metrics`)).text()), 'treasury_account_balance', { account: 'ops' }),
    );
    const text = (await import('node:fs')).readFileSync(configPath, 'utf8');
    await writeFile(configPath, text.replace('name: ops,', 'name: ops-renamed,'));
    child.kill('SIGHUP');
    await waitFor('renamed account', async () =>
      sampleValue(parseExposition(await (await fetch(`${url}/metrics`)).text()), 'treasury_account_balance', { account: 'ops-renamed' }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(devnet.rpcUrl);
  } finally {
    child.kill('SIGKILL');
  }
});
