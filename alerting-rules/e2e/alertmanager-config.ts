import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/** Route timings for a test: the repo's 30s/5m/4h would make one run take minutes. */
export type RouteTimings = { groupWait: string; groupInterval: string; repeatInterval: string };

export type BuildAlertmanagerTestConfigParameters = {
  /** The repo's alertmanager.yml (provisioning/alertmanager/alertmanager.yml). */
  sourcePath: string;
  /** host:port of the SMTP sink. */
  smtpSmarthost: string;
  /** File holding the Slack webhook URL (pointing at the Slack sink), replaces every Slack `*_file`. */
  slackWebhookUrlFile: string;
  /** File holding the SMTP password, replaces every SMTP password `*_file`. */
  smtpPasswordFile: string;
  timings?: RouteTimings;
};

type Json = Record<string, unknown>;
type Route = Json & { routes?: Route[] };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Derives the end-to-end Alertmanager config from the repo's alertmanager.yml by parsing and
 * modifying it, so the test exercises the real routing, grouping, inhibition and templates.
 * Exactly these keys change, nothing else:
 * - `smtp_smarthost` / `smarthost` -> the SMTP sink; `smtp_require_tls` / `require_tls` -> false
 *   (the loopback sink speaks plain SMTP; Go's client still sends PLAIN auth to 127.0.0.1);
 * - `smtp_auth_password_file` / `auth_password_file` and `slack_api_url_file` / `api_url_file`
 *   -> the given secret files;
 * - `templates` globs -> absolute, resolved against the source file's folder (the generated file
 *   lives elsewhere);
 * - `group_wait` / `group_interval` / `repeat_interval` on every route -> `timings`.
 * A literal `api_url` or `auth_password` in the source is refused: secrets belong in files.
 */
export function buildAlertmanagerTestConfig({
  sourcePath,
  smtpSmarthost,
  slackWebhookUrlFile,
  smtpPasswordFile,
  timings = { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' },
}: BuildAlertmanagerTestConfigParameters): string {
  const config = parse(readFileSync(sourcePath, 'utf8')) as Json;

  const global = isObject(config.global) ? config.global : {};
  refuseLiteralSecrets(global, ['slack_api_url', 'smtp_auth_password'], 'global');
  global.smtp_smarthost = smtpSmarthost;
  global.smtp_require_tls = false;
  global.smtp_auth_password_file = smtpPasswordFile;
  global.slack_api_url_file = slackWebhookUrlFile;
  config.global = global;

  const receivers = Array.isArray(config.receivers) ? (config.receivers as Json[]) : [];
  for (const receiver of receivers) {
    for (const email of asObjects(receiver.email_configs)) {
      refuseLiteralSecrets(email, ['auth_password'], `receiver ${String(receiver.name)}`);
      if ('smarthost' in email) email.smarthost = smtpSmarthost;
      if ('require_tls' in email) email.require_tls = false;
      if ('auth_password_file' in email) email.auth_password_file = smtpPasswordFile;
    }
    for (const slack of asObjects(receiver.slack_configs)) {
      refuseLiteralSecrets(slack, ['api_url'], `receiver ${String(receiver.name)}`);
      if ('api_url_file' in slack) slack.api_url_file = slackWebhookUrlFile;
    }
  }

  if (Array.isArray(config.templates)) {
    config.templates = (config.templates as string[]).map((glob) => resolve(dirname(sourcePath), glob));
  }

  if (isObject(config.route)) shortenRouteTimings(config.route as Route, timings, true);
  return stringify(config);
}

function asObjects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function refuseLiteralSecrets(section: Json, keys: string[], where: string): void {
  for (const key of keys) {
    if (key in section) throw new Error(`${where}: literal ${key} in alertmanager.yml; use ${key}_file`);
  }
}

function shortenRouteTimings(route: Route, timings: RouteTimings, isRoot: boolean): void {
  // The root always gets them (children inherit); a child only where it overrides the root.
  if (isRoot || 'group_wait' in route) route.group_wait = timings.groupWait;
  if (isRoot || 'group_interval' in route) route.group_interval = timings.groupInterval;
  if (isRoot || 'repeat_interval' in route) route.repeat_interval = timings.repeatInterval;
  for (const child of route.routes ?? []) shortenRouteTimings(child, timings, false);
}
