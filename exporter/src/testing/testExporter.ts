/**
 * A whole exporter for a test: its config written to a fresh temp folder, listening on
 * 127.0.0.1:0, silent logs, and a scrape helper that parses /metrics as Prometheus would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startExporter, type RunningExporter } from '../main.js';
import { parseExposition, type Sample } from './exposition.js';

export interface TestExporter {
  exporter: RunningExporter;
  configPath: string;
  /** GETs /metrics and parses it. */
  scrape(): Promise<Sample[]>;
  /** Replaces the config file's content (reload separately). */
  writeConfig(yaml: string): Promise<void>;
  close(): Promise<void>;
}

/** Writes `yaml` as treasury.yaml in a temp folder and starts an exporter on it. */
export async function startTestExporter(yaml: string, { env = {} }: { env?: Record<string, string> } = {}): Promise<TestExporter> {
  const dir = await mkdtemp(join(tmpdir(), 'tcc-test-'));
  const configPath = join(dir, 'treasury.yaml');
  await writeFile(configPath, yaml);
  let exporter: RunningExporter;
  try {
    exporter = await startExporter({ configPath, listen: { host: '127.0.0.1', port: 0 }, logger: pino({ level: 'silent' }), env });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    exporter,
    configPath,
    scrape: async () => parseExposition(await (await fetch(`${exporter.url}/metrics`)).text()),
    writeConfig: (text) => writeFile(configPath, text),
    close: async () => {
      await exporter.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
