import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfigText } from '../../config/index.js';
import { writeFileAtomic } from './atomic-write.js';

// tsx as a loader in this very process: the `tsx` command would run the script in a grandchild
// that a SIGKILL to the command does not reach.
const EXPORTER_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./testdata/write-and-hang.ts', import.meta.url));
const ORIGINAL = new URL('./testdata/commented.yaml', import.meta.url);
const BOUND_MS = 30_000;

let dir: string;
let children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tcc-atomic-'));
});

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  await rm(dir, { recursive: true, force: true });
});

function startChild(path: string, size: number, mode: 'pause' | 'run'): { child: ChildProcess; output: () => string; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(size), mode], {
    cwd: EXPORTER_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, output: () => output, exited };
}

/** Resolves when `check` is true, polling; rejects after a generous bound so a broken child cannot hang the suite. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

test('a process killed between the complete temporary file and the rename leaves the old file intact', async () => {
  const path = join(dir, 'treasury.yaml');
  const original = await readFile(ORIGINAL);
  await writeFile(path, original);
  const size = 8 * 1024 * 1024;
  const { child, output, exited } = startChild(path, size, 'pause');
  await waitFor(() => output().includes('paused '), 'the child to pause before rename');
  const temporaryPath = /paused (.+)\n/.exec(output())![1]!;
  expect((await stat(temporaryPath)).size).toBe(size);

  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  const after = await readFile(path);
  expect(after.equals(original)).toBe(true);
  expect(parseConfigText(after.toString('utf8'), { file: 'treasury.yaml', env: {} }).ok).toBe(true);
});

test('a process killed while writing leaves either the whole old file or the whole new one', async () => {
  const path = join(dir, 'treasury.yaml');
  const original = await readFile(ORIGINAL);
  await writeFile(path, original);
  const size = 32 * 1024 * 1024;
  const { child, output, exited } = startChild(path, size, 'run');
  // Kill as soon as the temporary file exists, i.e. while the data is being written.
  await waitFor(async () => output().includes('done') || (await readdir(dir)).some((name) => name.endsWith('.tmp')), 'the temporary file');
  child.kill('SIGKILL');
  await exited;
  const after = await readFile(path);
  const whole = after.equals(original) || after.equals(Buffer.alloc(size, 'new content\n'));
  expect(whole).toBe(true);
});

test('keeps the file mode, follows a symlink and leaves no temporary file', async () => {
  const real = join(dir, 'real.yaml');
  const link = join(dir, 'treasury.yaml');
  await writeFile(real, 'old\n');
  await chmod(real, 0o640);
  await symlink(real, link);

  await writeFileAtomic(link, 'new\n');

  expect((await lstat(link)).isSymbolicLink()).toBe(true);
  expect(await readFile(real, 'utf8')).toBe('new\n');
  expect((await stat(real)).mode & 0o777).toBe(0o640);
  expect((await readdir(dir)).sort()).toEqual(['real.yaml', 'treasury.yaml']);
});

test('a failed rename removes the temporary file and keeps the old one', async () => {
  const path = join(dir, 'treasury.yaml');
  await writeFile(path, 'old\n');
  await expect(
    writeFileAtomic(path, 'new\n', {
      beforeRename: () => {
        throw new Error('disk gone');
      },
    }),
  ).rejects.toThrow('disk gone');
  expect(await readFile(path, 'utf8')).toBe('old\n');
  expect(await readdir(dir)).toEqual(['treasury.yaml']);
});
