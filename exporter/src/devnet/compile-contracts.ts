/**
 * Compiles the devnet's Solidity sources (exporter/contracts/src) with solc-js, offline.
 * Shared by `scripts/build-contracts.ts`, which writes the committed artifacts, and by the test
 * that recompiles in memory to prove the committed artifacts still match the sources.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';

/** The exporter package folder; generated file paths are relative to it. */
export const exporterDirectory = fileURLToPath(new URL('../../', import.meta.url));

/** The folder holding the `.sol` sources. */
export const contractSourceDirectory = fileURLToPath(new URL('../../contracts/src/', import.meta.url));

/** What a deployment needs, written as `contracts/artifacts/<contractName>.json`. */
export interface ContractArtifact {
  contractName: string;
  sourceName: string;
  compiler: string;
  abi: Abi;
  /** Creation code, deployed with constructor arguments appended. */
  bytecode: Hex;
  /** Runtime code, what `anvil_setCode` installs (the multicall at its canonical address). */
  deployedBytecode: Hex;
}

/**
 * Settings pinned so a rebuild is byte-identical: no metadata hash (it would change with
 * unrelated whitespace and paths), a fixed EVM version every anvil hardfork understands.
 */
const compilerSettings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none', appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}

interface Solc {
  compile(input: string): string;
  version(): string;
}

/** Reads every `.sol` file of the source folder, keyed by file name (stable across machines). */
export function readContractSources(directory = contractSourceDirectory): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const fileName of readdirSync(directory).sort()) {
    if (fileName.endsWith('.sol')) sources[fileName] = readFileSync(directory + fileName, 'utf8');
  }
  return sources;
}

/**
 * Compiles the sources and returns one artifact per contract, sorted by name.
 * Throws with solc's formatted messages when any error is reported; warnings also fail, since
 * the sources are small enough to keep warning-free.
 */
export function compileContracts(sources: Record<string, string> = readContractSources()): ContractArtifact[] {
  // solc-js is CommonJS and loads its 8 MB emscripten build on require; load it only when asked.
  const solc = createRequire(import.meta.url)('solc') as Solc;
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: compilerSettings,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const problems = (output.errors ?? []).filter((entry) => entry.severity !== 'info');
  if (problems.length > 0) {
    throw new Error(`solc reported:\n${problems.map((entry) => entry.formattedMessage).join('\n')}`);
  }
  const compiler = `solc-js ${solc.version()}`;
  const artifacts: ContractArtifact[] = [];
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, contract] of Object.entries(contracts)) {
      artifacts.push({
        contractName,
        sourceName,
        compiler,
        abi: contract.abi,
        bytecode: `0x${contract.evm.bytecode.object}`,
        deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      });
    }
  }
  return artifacts.sort((a, b) => a.contractName.localeCompare(b.contractName));
}

/** Where the typed copy of the artifacts goes, relative to the exporter folder. */
const typedArtifactsPath = 'src/devnet/contract-artifacts.generated.ts';

/**
 * Renders every generated file: `contracts/artifacts/<Name>.json` for tools outside TypeScript,
 * and one TypeScript module with the same data `as const`, so viem infers function names and
 * argument types from the ABIs. Keys are paths relative to the exporter folder.
 */
export function renderArtifactFiles(artifacts: readonly ContractArtifact[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const artifact of artifacts) {
    files[`contracts/artifacts/${artifact.contractName}.json`] = `${JSON.stringify(artifact, null, 2)}\n`;
  }
  const modules = artifacts.map((artifact) => {
    const constantName = `${artifact.contractName[0]!.toLowerCase()}${artifact.contractName.slice(1)}Artifact`;
    return `export const ${constantName} = ${JSON.stringify(artifact, null, 2)} as const;\n`;
  });
  files[typedArtifactsPath] = [
    '// Generated from contracts/src by `npx tsx scripts/build-contracts.ts` (run in exporter/).',
    '// Do not edit: change the Solidity source and rebuild; contract-artifacts.test.ts fails otherwise.',
    '',
    modules.join('\n'),
  ].join('\n');
  return files;
}
