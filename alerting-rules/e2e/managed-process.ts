import { spawn } from 'node:child_process';
import { once } from 'node:events';

export type ManagedProcess = {
  readonly pid: number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  recentOutput(): string;
  /** Whether it has exited (e.g. a bad flag or a port already taken). */
  exited(): boolean;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. Resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
};

export type StartManagedProcessParameters = {
  command: string;
  args: string[];
  /** How many output lines to keep for diagnostics. */
  keepLines?: number;
};

/** Spawns a long-running binary (prometheus, alertmanager) whose lifetime the test controls. */
export function startManagedProcess({ command, args, keepLines = 40 }: StartManagedProcessParameters): ManagedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > keepLines) lines.splice(0, lines.length - keepLines);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let hasExited = false;
  const exit = once(child, 'exit').then(() => {
    hasExited = true;
  });
  child.once('error', (error) => {
    lines.push(`spawn error: ${error.message}`);
    hasExited = true;
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;

  return {
    pid,
    recentOutput: () => lines.join('\n'),
    exited: () => hasExited,
    async stop(graceMs = 5_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
