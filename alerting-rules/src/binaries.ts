import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian binaries the checks and the end-to-end test run. */
export type ObservabilityBinary = 'prometheus' | 'promtool' | 'prometheus-alertmanager' | 'amtool';

const installHint = 'run `apt-get install prometheus prometheus-alertmanager` (Debian packages)';

/**
 * Finds an executable on `PATH`. Throws, never returns undefined: a missing binary must fail the
 * test run with the install command, not skip the checks silently.
 */
export function resolveBinary(name: ObservabilityBinary, { path = process.env.PATH ?? '' } = {}): string {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} not found on PATH: ${installHint}`);
}
