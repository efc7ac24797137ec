import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(packageDir, '..');

/** Files of the repository the checks and the end-to-end test read (never write). */
export const repoPaths = {
  packageDir,
  repoDir,
  rulesFile: join(packageDir, 'treasury.rules.yml'),
  rulesTestsDir: join(packageDir, 'tests'),
  alertmanagerConfig: join(repoDir, 'provisioning', 'alertmanager', 'alertmanager.yml'),
  prometheusConfig: join(repoDir, 'provisioning', 'prometheus', 'prometheus.yml'),
  runbooks: join(repoDir, 'docs', 'runbooks.md'),
} as const;
