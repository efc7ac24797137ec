/**
 * Compiles exporter/contracts/src/*.sol with solc-js (offline) and writes the committed
 * artifacts: contracts/artifacts/<Name>.json and src/devnet/contract-artifacts.generated.ts.
 * Run after changing a contract: `npx tsx scripts/build-contracts.ts` from exporter/.
 * The test in src/devnet/contract-artifacts.test.ts fails until the artifacts are rebuilt.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileContracts, exporterDirectory, renderArtifactFiles } from '../src/devnet/compile-contracts.js';

const artifacts = compileContracts();
const files = renderArtifactFiles(artifacts);

// Drop artifacts of contracts that no longer exist, so the folder mirrors the sources.
const artifactDirectory = join(exporterDirectory, 'contracts/artifacts');
mkdirSync(artifactDirectory, { recursive: true });
for (const fileName of readdirSync(artifactDirectory)) {
  if (fileName.endsWith('.json') && !(`contracts/artifacts/${fileName}` in files)) {
    rmSync(join(artifactDirectory, fileName));
  }
}

for (const [relativePath, content] of Object.entries(files)) {
  const path = join(exporterDirectory, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${relativePath}`);
}
