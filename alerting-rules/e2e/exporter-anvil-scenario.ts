import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { erc20Abi, getAddress, parseUnits, type Address } from 'viem';
import { startDevnet, type Devnet } from '../../exporter/src/devnet/devnet.js';
import { startExporter, type RunningExporter } from '../../exporter/src/main.js';
import type { BalanceScenario } from './balance-below-minimum-flow.js';
import { waitFor } from './wait-for.js';

export type CreateExporterAnvilScenarioParameters = {
  account?: string;
  /** The watched account's address (no key: transfers out are sent by impersonating it on anvil). */
  address?: Address;
  /** Where drained tokens go and where the refill comes from. */
  counterparty?: Address;
  /** Symbol of the ERC-20 deployed for the test. */
  asset?: string;
  decimals?: number;
  /** Whole tokens. */
  minimum?: string;
  fundedBalance?: string;
  drainedBalance?: string;
  /** The exporter's poll interval (config syntax). */
  pollInterval?: string;
};

export type ExporterAnvilScenario = BalanceScenario & { devnet: Devnet; exporter: RunningExporter; address: Address };

/**
 * A BalanceScenario backed by the real exporter polling a real anvil node. The account holds an
 * ERC-20 deployed on the devnet; draining and refilling are ERC-20 `transfer` transactions (the
 * account is impersonated on anvil to send, since the system never holds keys), so the balance
 * moves on-chain and reaches Prometheus only through the exporter's poll and `/metrics`.
 */
export async function createExporterAnvilScenario({
  account = 'ops-hot',
  address = '0x00000000000000000000000000000000000A11cE',
  counterparty = '0x0000000000000000000000000000000000C0FFEE',
  asset = 'WETH',
  decimals = 18,
  minimum = '2',
  fundedBalance = '5',
  drainedBalance = '0.5',
  pollInterval = '500ms',
}: CreateExporterAnvilScenarioParameters = {}): Promise<ExporterAnvilScenario> {
  const devnet = await startDevnet();
  let exporter: RunningExporter | undefined;
  let dir: string | undefined;
  try {
    const token = getAddress(await devnet.deployToken({ symbol: asset, decimals }));
    const funded = parseUnits(fundedBalance, decimals);
    const drained = parseUnits(drainedBalance, decimals);
    await devnet.mint(token, address, funded);
    // Gas for the account's own transfer out, and for the counterparty's transfer back.
    await devnet.setNativeBalances([
      { address, wei: parseUnits('1', 18) },
      { address: counterparty, wei: parseUnits('1', 18) },
    ]);

    dir = await mkdtemp(join(tmpdir(), 'tcc-alerting-exporter-'));
    const configPath = join(dir, 'treasury.yaml');
    await writeFile(
      configPath,
      [
        'version: 1',
        'exporter:',
        `  poll_interval: ${pollInterval}`,
        'networks:',
        `  devnet: { kind: evm, chain_id: ${devnet.chainId}, rpc_urls: ["${devnet.rpcUrl}"] }`,
        'assets:',
        `  ${asset}: { on: { devnet: "${token}" } }`,
        'accounts:',
        `  - name: ${account}`,
        '    network: devnet',
        `    address: "${address}"`,
        `    assets: [${asset}]`,
        '    labels: { entity: acme, purpose: operations }',
        `    min_balance: { ${asset}: ${minimum} }`,
        '',
      ].join('\n'),
    );
    exporter = await startExporter({
      configPath,
      listen: { host: '127.0.0.1', port: 0 },
      logger: pino({ level: 'silent' }),
      env: {},
    });
    const exporterUrl = exporter.url;
    await waitFor(async () => ((await fetch(`${exporterUrl}/readyz`)).ok ? true : undefined), {
      description: 'the exporter ready (first poll done)',
      timeoutMs: 20_000,
    });

    const transfer = async (from: Address, to: Address, amount: bigint) => {
      await devnet.testClient.impersonateAccount({ address: from });
      try {
        const hash = await devnet.walletClient.writeContract({
          account: from,
          address: token,
          abi: erc20Abi,
          functionName: 'transfer',
          args: [to, amount],
        });
        const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash, timeout: 10_000 });
        if (receipt.status !== 'success') throw new Error(`transfer ${hash} reverted`);
      } finally {
        await devnet.testClient.stopImpersonatingAccount({ address: from });
      }
    };

    const running = exporter;
    const scenarioDir = dir;
    return {
      account,
      network: 'devnet',
      asset,
      address,
      devnet,
      exporter: running,
      scrapeTarget: exporterUrl.replace(/^http:\/\//, ''),
      drainBelowMinimum: () => transfer(address, counterparty, funded - drained),
      refillAboveMinimum: () => transfer(counterparty, address, funded - drained),
      async close() {
        await running.stop();
        await devnet.stop();
        await rm(scenarioDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await exporter?.stop();
    await devnet.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
