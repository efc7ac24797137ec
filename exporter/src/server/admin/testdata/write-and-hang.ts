/**
 * Child process for atomic-write.test.ts: replaces the file named by argv[2] with argv[3] bytes
 * of new content. With argv[4] = "pause" it stops between the fsynced temporary file and the
 * rename, says so on stdout, and waits to be killed.
 */
import { writeFileAtomic } from '../atomic-write.js';

const [path, size, mode] = process.argv.slice(2);
const data = Buffer.alloc(Number(size), 'new content\n');
process.stdout.write('writing\n');
await writeFileAtomic(path!, data, {
  beforeRename:
    mode === 'pause'
      ? async (temporaryPath) => {
          process.stdout.write(`paused ${temporaryPath}\n`);
          // Keep the event loop alive until the parent's SIGKILL.
          setInterval(() => undefined, 60_000);
          await new Promise(() => undefined);
        }
      : undefined,
});
process.stdout.write('done\n');
