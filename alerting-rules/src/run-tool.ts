import { execFile } from 'node:child_process';
import { resolveBinary, type ObservabilityBinary } from './binaries.js';

export type RunToolParameters = {
  args: string[];
  cwd?: string;
  /** Kill the tool after this long; a check that hangs must not hang the test run. */
  timeoutMs?: number;
};

export type RunToolReturnType = { exitCode: number; stdout: string; stderr: string };

/** Runs promtool or amtool to completion and returns its exit code and output (never throws on a non-zero exit). */
export function runTool(
  tool: ObservabilityBinary,
  { args, cwd, timeoutMs = 30_000 }: RunToolParameters,
): Promise<RunToolReturnType> {
  const binary = resolveBinary(tool);
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${tool} ${args.join(' ')} did not complete: ${error.message}`));
        return;
      }
      resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
