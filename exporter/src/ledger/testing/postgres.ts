/**
 * A real PostgreSQL server for tests. With `TCC_TEST_POSTGRES_URL` set (a server someone else runs),
 * each call creates a fresh database on it; otherwise it starts a private throwaway instance
 * from the Debian binaries (initdb into a temp folder, loopback only, fsync off) and stops it
 * afterwards. Either way the returned URL names a database no other test uses, and it carries a
 * password, so tests can check that the password never leaks.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE`, a database created for this caller. */
  url: string;
  /** The password inside `url`. */
  password: string;
  /** Drops the database (shared server) or stops the private instance and removes its folder. */
  stop(): Promise<void>;
}

export interface StartTestPostgresParameters {
  /** Password of the private instance's superuser (ignored with `TCC_TEST_POSTGRES_URL`). */
  password?: string;
  /** Bound on initdb plus start-up. */
  startTimeoutMs?: number;
}

const DEFAULT_PASSWORD = 'ledgerSecretPw123';
const USER = 'tcc';

/** Starts (or borrows) a PostgreSQL server and creates a fresh database on it. */
export async function startTestPostgres({
  password = DEFAULT_PASSWORD,
  startTimeoutMs = 30_000,
}: StartTestPostgresParameters = {}): Promise<TestPostgres> {
  const shared = process.env.TCC_TEST_POSTGRES_URL;
  if (shared) return createDatabaseOn(shared, async () => undefined);
  const instance = await startPrivateInstance(password, startTimeoutMs);
  try {
    return await createDatabaseOn(instance.url, instance.stop);
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

/** Creates a uniquely named database on `serverUrl`; stop() drops it, then runs `after`. */
async function createDatabaseOn(serverUrl: string, after: () => Promise<void>): Promise<TestPostgres> {
  const name = `tcc_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    password: decodeURIComponent(url.password),
    stop: async () => {
      try {
        await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        await after();
      }
    },
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The newest installed server binaries (`/usr/lib/postgresql/<major>/bin`). */
function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? execFileSync('ls', [root], { encoding: 'utf8' }).split('\n').filter((m) => /^\d+$/.test(m)) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
  }
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql), and TCC_TEST_POSTGRES_URL is not set');
}

/** PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` user. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], options: { identity?: { uid: number; gid: number }; cwd: string; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], ...options.identity });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code ?? signal}: ${output.slice(-2000)}`));
    });
  });
}

async function startPrivateInstance(password: string, timeoutMs: number): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = findPostgresBin();
  const identity = serverIdentity();
  const dir = await mkdtemp(join(tmpdir(), 'tcc-pg-'));
  const dataDir = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (identity) {
    await chown(dir, identity.uid, identity.gid);
    await chown(pwfile, identity.uid, identity.gid);
  }
  await chmod(dir, 0o700);
  const deadline = Date.now() + timeoutMs;
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((resolve) => server!.once('exit', () => resolve()));
      // SIGINT is PostgreSQL's "fast shutdown"; SIGKILL if it does not finish in time.
      server.kill('SIGINT');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale', '-N'],
      { identity, cwd: dir, timeoutMs },
    );
    const port = await freePort();
    let output = '';
    server = spawn(
      join(bin, 'postgres'),
      ['-D', dataDir, '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=40', '-c', 'shared_buffers=16MB'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...identity },
    );
    server.stdout!.on('data', (chunk) => (output = (output + String(chunk)).slice(-4000)));
    server.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-4000)));
    const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) throw new Error(`postgres exited during start-up: ${output}`);
      try {
        await withClient(url, (client) => client.query('SELECT 1'));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${timeoutMs} ms: ${String(error)}\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
