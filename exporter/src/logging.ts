/**
 * JSON logs (pino) on stderr, so stdout stays clean for `--once`. Field names that could carry a
 * secret are censored as a second line of defence; the first is that callers log hosts, not URLs.
 */
import { pino, type Logger } from 'pino';

export function createLogger({ level = process.env.LOG_LEVEL ?? 'info' }: { level?: string } = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'treasury-exporter' },
      redact: {
        paths: ['token', 'authorization', 'headers.authorization', 'api_key', 'apiKey', 'projectId', 'project_id', 'rpc_urls', 'url'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
