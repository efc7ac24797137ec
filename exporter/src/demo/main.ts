/**
 * `npm run demo`: the offline demo from the command line. Starts everything (see start-demo.ts),
 * prints the banner, reloads the config on SIGHUP, and stops everything on Ctrl-C or SIGTERM.
 *
 *   npm run demo                                   # from the repository root, no options
 *   npm run demo -w exporter -- [--listen HOST:PORT] [--tick MS] [--no-prometheus] [--real-alert-timings]
 *
 * (The root script forwards no options: npm would read them as its own.)
 * `TCC_DEMO_LISTEN` sets the listen address too; `LOG_LEVEL` the exporter's log level (warn).
 */
import { parseArgs } from 'node:util';
import { formatIssue } from '../config/index.js';
import { createLogger } from '../logging.js';
import { parseListenAddress } from '../server/listen.js';
import { renderBanner } from './banner.js';
import { startDemo } from './start-demo.js';

const USAGE = `Usage: npm run demo -w exporter -- [--listen HOST:PORT] [--tick MS] [--no-prometheus] [--real-alert-timings]
       (from the repository root; plain \`npm run demo\` takes the defaults)

  --listen HOST:PORT      where the exporter listens (default 127.0.0.1:9877, or $TCC_DEMO_LISTEN);
                          a taken port falls back to a free one
  --tick MS               simulator step in milliseconds (default 2000)
  --no-prometheus         run the exporter alone even if prometheus is installed
  --real-alert-timings    use the alert rules' \`for:\` durations as written (alerts take longer)
`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        listen: { type: 'string', default: process.env.TCC_DEMO_LISTEN ?? '127.0.0.1:9877' },
        tick: { type: 'string', default: '2000' },
        'no-prometheus': { type: 'boolean', default: false },
        'real-alert-timings': { type: 'boolean', default: false },
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
  const tickMs = Number(values.tick);
  let listen;
  try {
    listen = parseListenAddress(values.listen);
    if (!Number.isInteger(tickMs) || tickMs < 100) throw new Error(`--tick ${values.tick}: expected milliseconds, at least 100`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  const print = (line: string) => process.stdout.write(`${line}\n`);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  print('Starting the demo: two anvil chains, the simulated treasury, the exporter…');
  const demo = await startDemo({
    listen,
    tickMs,
    observability: values['no-prometheus'] ? 'off' : 'auto',
    ruleForDivisor: values['real-alert-timings'] ? 1 : 10,
    logger,
    print,
  });
  print(renderBanner(demo, { tickMs }));

  process.on('SIGHUP', () => {
    void demo.exporter.reload().then((outcome) => {
      if (outcome.status === 'failed') {
        print(`config reload failed; the last good config keeps running:\n${(outcome.issues ?? []).map(formatIssue).join('\n')}`);
      } else print(`config ${outcome.status}`);
    });
  });
  let stoppingSince: number | undefined;
  const shutdown = (signal: string) => {
    if (stoppingSince !== undefined) {
      // npm and tsx relay the terminal's SIGINT to this process, which also gets it from the
      // terminal: one Ctrl-C arrives two or three times. Only a later, deliberate one forces the exit.
      if (Date.now() - stoppingSince < 1500) return;
      print(`${signal} again: exiting now`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    print(`${signal}: stopping everything the demo started…`);
    void demo.stop().then(() => {
      print('stopped.');
      logger.flush();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    const issues = (error as { issues?: unknown[] }).issues;
    process.stderr.write(
      `demo failed to start: ${issues ? (issues as Parameters<typeof formatIssue>[0][]).map(formatIssue).join('\n') : ((error as Error).stack ?? String(error))}\n`,
    );
    process.exitCode = 1;
  },
);
