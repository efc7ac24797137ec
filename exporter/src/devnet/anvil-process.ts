/**
 * Starts and stops one `anvil` process from the npm package @foundry-rs/anvil. Knows nothing about
 * contracts; `devnet.ts` builds the test chain on top of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Anvil's npm package ships one binary package per platform, named with Go-style arch names. */
const platformPackageArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * Finds the anvil binary installed by @foundry-rs/anvil. The package's own `bin.mjs` is a Node
 * wrapper that re-spawns the binary; running the binary directly saves a Node process per node
 * and lets `stop()` signal anvil itself.
 *
 * `ANVIL_BINARY` in the environment overrides the lookup (e.g. a Foundry install on PATH).
 */
export function resolveAnvilBinary(): string {
  const fromEnvironment = process.env.ANVIL_BINARY;
  if (fromEnvironment) return fromEnvironment;
  const arch = platformPackageArch[process.arch];
  const binaryName = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const packageName = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  const require = createRequire(import.meta.url);
  try {
    const binary = require.resolve(`${packageName}/bin/${binaryName}`);
    if (existsSync(binary)) return binary;
  } catch {
    // Reported below with the package name that was looked for.
  }
  throw new Error(
    `anvil binary not found: install the dev dependency @foundry-rs/anvil (platform package ${packageName}) or set ANVIL_BINARY`,
  );
}

export interface SpawnAnvilParameters {
  /** 0 lets the OS pick a free port; the chosen one is read from anvil's banner. */
  port?: number;
  chainId?: number;
  /** A state file in anvil's JSON format (`--load-state`), to resume a previous node. */
  loadStatePath?: string;
  /** How long to wait for the node to answer `eth_chainId`. */
  startTimeoutMs?: number;
  binary?: string;
}

export interface AnvilProcess {
  readonly port: number;
  readonly rpcUrl: string;
  readonly pid: number;
  /** Sends SIGTERM, escalates to SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Keeps the tail of a stream, enough for an error message without unbounded memory. */
function createOutputTail(limit = 8192) {
  let text = '';
  return {
    append(chunk: Buffer) {
      text = (text + chunk.toString('utf8')).slice(-limit);
    },
    get text() {
      return text;
    },
  };
}

/**
 * Spawns anvil on 127.0.0.1 and resolves once it answers `eth_chainId` with the expected chain.
 * Rejects with anvil's stderr if it exits early or does not answer within `startTimeoutMs`.
 */
export async function spawnAnvil({
  port = 0,
  chainId = 31337,
  loadStatePath,
  startTimeoutMs = 20_000,
  binary = resolveAnvilBinary(),
}: SpawnAnvilParameters = {}): Promise<AnvilProcess> {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId)];
  if (loadStatePath) args.push('--load-state', loadStatePath);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = createOutputTail();
  const stderr = createOutputTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));

  // A test runner that exits without calling stop() must not leave anvil behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => process.off('exit', killOnExit));

  const stop = async (timeoutMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const escalated = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([exited, escalated]);
    clearTimeout(timer);
    await exited;
  };

  try {
    const listeningPort = await waitForListeningPort(child, stdout, stderr, startTimeoutMs);
    const rpcUrl = `http://127.0.0.1:${listeningPort}`;
    await waitForChainId(child, rpcUrl, chainId, stderr, startTimeoutMs);
    // Anvil prints every request at info level; nobody reads it once the port is known.
    child.stdout.removeAllListeners('data');
    child.stdout.resume();
    return { port: listeningPort, rpcUrl, pid: child.pid!, stop };
  } catch (error) {
    await stop(1_000);
    throw error;
  }
}

function describeExit(child: ChildProcess, stderr: { text: string }): string {
  const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
  return `anvil exited with ${how}${stderr.text.trim() ? `: ${stderr.text.trim()}` : ''}`;
}

/** Reads "Listening on 127.0.0.1:PORT" from anvil's banner, which carries the port 0 resolved to. */
function waitForListeningPort(
  child: ChildProcess,
  stdout: ReturnType<typeof createOutputTail>,
  stderr: { text: string },
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`anvil did not start listening within ${timeoutMs} ms; stderr: ${stderr.text.trim()}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      stdout.append(chunk);
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(stdout.text);
      if (match) finish(undefined, Number(match[1]));
    };
    const onExit = () => finish(new Error(describeExit(child, stderr)));
    const onError = (error: Error) => finish(new Error(`cannot run anvil: ${error.message}`));
    function finish(error?: Error, port?: number) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve(port!);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Polls `eth_chainId` until the node answers with `chainId` (a loaded state can take a moment). */
async function waitForChainId(
  child: ChildProcess,
  rpcUrl: string,
  chainId: number,
  stderr: { text: string },
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(describeExit(child, stderr));
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await response.json()) as { result?: string };
      if (body.result !== undefined && Number(body.result) === chainId) return;
      lastProblem = `unexpected answer ${JSON.stringify(body)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`anvil at ${rpcUrl} did not answer eth_chainId within ${timeoutMs} ms (${lastProblem}); stderr: ${stderr.text.trim()}`);
}
