import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toFunctionSelector, toFunctionSignature, type AbiFunction } from 'viem';
import { compileContracts, exporterDirectory, renderArtifactFiles, type ContractArtifact } from './compile-contracts.js';

describe('committed contract artifacts', () => {
  let artifacts: ContractArtifact[];

  beforeAll(() => {
    artifacts = compileContracts();
  });

  it('match a fresh compile of contracts/src (rebuild with `npx tsx scripts/build-contracts.ts`)', () => {
    expect(artifacts.map((artifact) => artifact.contractName)).toEqual([
      'RevertingToken',
      'TestAggregator',
      'TestToken',
      'TreasuryMulticall',
    ]);
    for (const [relativePath, expected] of Object.entries(renderArtifactFiles(artifacts))) {
      const committed = readFileSync(join(exporterDirectory, relativePath), 'utf8');
      // Compared as strings, not with toEqual, so a mismatch names the stale file instead of
      // printing a diff of kilobytes of bytecode.
      if (committed !== expected) throw new Error(`${relativePath} is stale: rebuild the contract artifacts`);
    }
  });

  it('give TreasuryMulticall exactly the Multicall3 selectors viem and the exporter call', () => {
    const multicall = artifacts.find((artifact) => artifact.contractName === 'TreasuryMulticall')!;
    const functions = multicall.abi
      .filter((item): item is AbiFunction => item.type === 'function')
      .map((item) => [toFunctionSignature(item), toFunctionSelector(item)])
      .sort(([a], [b]) => a!.localeCompare(b!));
    // Selectors of the deployed Multicall3 at 0xcA11…CA11.
    expect(functions).toEqual([
      ['aggregate3((address,bool,bytes)[])', '0x82ad56cb'],
      ['getBlockNumber()', '0x42cbb15c'],
      ['getCurrentBlockTimestamp()', '0x0f28c97d'],
      ['getEthBalance(address)', '0x4d2301cc'],
    ]);
  });
});
