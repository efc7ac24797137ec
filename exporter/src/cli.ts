/**
 * `treasury-exporter --config FILE [--listen HOST:PORT] [--check] [--once]` (DESIGN §3).
 * Exit codes: 0 success, 1 invalid config or failed start, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { formatIssue, loadConfigFile, summarizeConfig } from './config/index.js';
import { createLogger } from './logging.js';
import { startExporter } from './main.js';
import { PollRunner } from './metrics/pollRunner.js';
import { parseListenAddress } from './server/listen.js';
import { exporterVersion } from './version.js';

const USAGE = `Usage: treasury-exporter --config FILE [--listen HOST:PORT] [--check] [--once]

  --config FILE       the YAML config (required)
  --listen HOST:PORT  where to serve /metrics and the admin API (default 0.0.0.0:9877)
  --check             validate the config, print a summary, exit 1 with every error
  --once              poll every target once, print the exposition to stdout, exit
  --version           print the version
`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        listen: { type: 'string', default: '0.0.0.0:9877' },
        check: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`treasury-exporter ${exporterVersion}\n`);
    return 0;
  }
  if (!values.config) {
    process.stderr.write(`--config is required\n\n${USAGE}`);
    return 2;
  }

  if (values.check || values.once) {
    const result = await loadConfigFile(values.config);
    if (!result.ok) {
      process.stderr.write(result.issues.map(formatIssue).join('\n') + '\n');
      process.stderr.write(`${values.config}: ${result.issues.length} error(s)\n`);
      return 1;
    }
    if (values.check) {
      process.stdout.write(`${values.config}: OK\n${summarizeConfig(result.loaded.config)}\n`);
      return 0;
    }
    const logger = createLogger();
    const runner = new PollRunner({ logger, version: exporterVersion });
    runner.applyConfig(result.loaded);
    await runner.runOnce();
    process.stdout.write(runner.exposition);
    await runner.stop();
    logger.flush();
    return 0;
  }

  let address;
  try {
    address = parseListenAddress(values.listen);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const logger = createLogger();
  try {
    await startExporter({ configPath: values.config, listen: address, logger, handleSignals: true });
  } catch (error) {
    const issues = (error as { issues?: unknown[] }).issues;
    process.stderr.write(`${issues ? (issues as Parameters<typeof formatIssue>[0][]).map(formatIssue).join('\n') : (error as Error).message}\n`);
    return 1;
  }
  return -1; // keep running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`treasury-exporter: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
