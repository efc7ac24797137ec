import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /**
   * Called after the temporary file is complete and fsynced, just before the rename. Tests use it
   * to kill the process at the one moment a non-atomic writer would leave a torn file.
   */
  beforeRename?: (temporaryPath: string) => Promise<void> | void;
}

/**
 * Replaces `path` so that a reader (or a crash) sees either the whole old file or the whole new
 * one: write a temporary file in the same directory, fsync it, give it the old file's mode, rename
 * it over the target, then fsync the directory so the rename itself is durable. A symlink (a
 * GitOps checkout may link the config) is followed, so the link keeps pointing at the new content.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  { beforeRename }: WriteFileAtomicOptions = {},
): Promise<void> {
  const target = await resolveTarget(path);
  const directory = dirname(target);
  const mode = await existingMode(target);
  const temporaryPath = join(directory, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

  const handle = await open(temporaryPath, 'wx', mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      // `open`'s mode is filtered by the umask; chmod sets exactly the old file's bits.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.(temporaryPath);
    await rename(temporaryPath, target);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename already happened, so carry on.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
