import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoPaths } from '../src/paths.js';
import { buildAlertmanagerTestConfig, type RouteTimings } from './alertmanager-config.js';
import { startAlertmanager, type AlertmanagerServer } from './alertmanager-server.js';
import { buildPrometheusTestConfig } from './prometheus-config.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';
import { shortenRuleDurations, type ShortenedRule } from './rules-transform.js';
import { startSlackWebhookSink, type SlackWebhookSink } from './slack-webhook-sink.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export type AlertingStack = {
  prometheus: PrometheusServer;
  alertmanager: AlertmanagerServer;
  slack: SlackWebhookSink;
  smtp: SmtpSink;
  /** The `for:` rewrites applied to treasury.rules.yml for this run. */
  shortenedRules: ShortenedRule[];
  /** Temp folder with the generated configs, secrets and storage. */
  workDir: string;
  /** Daemon logs, for a failing test's message. */
  diagnostics(): string;
  close(): Promise<void>;
};

export type StartAlertingStackParameters = {
  /** host:port Prometheus scrapes as job `treasury`: the exporter or a stand-in. */
  scrapeTarget: string;
  /** Every alert's `for:` is divided by this (60: minutes become seconds). */
  ruleForDivisor?: number;
  /** Scrape and rule evaluation interval. */
  interval?: string;
  timings?: RouteTimings;
};

/**
 * Starts the alerting path of the stack on loopback: a Slack webhook sink and an SMTP sink, the
 * Debian Alertmanager with the repo's alertmanager.yml (endpoints and secret files substituted,
 * see buildAlertmanagerTestConfig), and the Debian Prometheus with the repo's prometheus.yml and
 * treasury.rules.yml (`for:` divided, see shortenRuleDurations) scraping `scrapeTarget`.
 * Everything started is stopped by `close()`, also when a later step fails to start.
 */
export async function startAlertingStack({
  scrapeTarget,
  ruleForDivisor = 60,
  interval = '1s',
  timings,
}: StartAlertingStackParameters): Promise<AlertingStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'tcc-alerting-e2e-'));
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(workDir, { recursive: true, force: true })];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };

  try {
    const repoAlertmanager = parse(readFileSync(repoPaths.alertmanagerConfig, 'utf8')) as {
      global?: { smtp_auth_username?: string };
    };
    const smtpUsername = repoAlertmanager.global?.smtp_auth_username;
    if (!smtpUsername) throw new Error('alertmanager.yml: global.smtp_auth_username is required');
    // A fresh password per run, only ever in the secret file and the sink: if Alertmanager did not
    // read `smtp_auth_password_file`, the sink refuses the login and no mail arrives.
    const smtpPassword = randomBytes(12).toString('hex');

    const slack = await startSlackWebhookSink();
    cleanups.push(() => slack.close());
    const smtp = await startSmtpSink({ username: smtpUsername, password: smtpPassword });
    cleanups.push(() => smtp.close());

    const slackWebhookUrlFile = join(workDir, 'slack_webhook_url');
    const smtpPasswordFile = join(workDir, 'smtp_password');
    writeFileSync(slackWebhookUrlFile, slack.url, { mode: 0o600 });
    writeFileSync(smtpPasswordFile, smtpPassword, { mode: 0o600 });
    const alertmanagerConfig = join(workDir, 'alertmanager.yml');
    writeFileSync(
      alertmanagerConfig,
      buildAlertmanagerTestConfig({
        sourcePath: repoPaths.alertmanagerConfig,
        smtpSmarthost: smtp.smarthost,
        slackWebhookUrlFile,
        smtpPasswordFile,
        timings,
      }),
    );
    const alertmanager = await startAlertmanager({ configFile: alertmanagerConfig, workDir });
    cleanups.push(() => alertmanager.stop());

    const rules = shortenRuleDurations(readFileSync(repoPaths.rulesFile, 'utf8'), ruleForDivisor);
    const rulesFile = join(workDir, 'treasury.rules.yml');
    writeFileSync(rulesFile, rules.text);
    const prometheusConfig = join(workDir, 'prometheus.yml');
    writeFileSync(
      prometheusConfig,
      buildPrometheusTestConfig({
        sourcePath: repoPaths.prometheusConfig,
        scrapeTarget,
        alertmanagerAddress: alertmanager.address,
        ruleFiles: [rulesFile],
        interval,
      }),
    );
    const prometheus = await startPrometheus({ configFile: prometheusConfig, workDir });
    cleanups.push(() => prometheus.stop());

    return {
      prometheus,
      alertmanager,
      slack,
      smtp,
      shortenedRules: rules.shortened,
      workDir,
      diagnostics: () =>
        [
          `--- prometheus ---\n${prometheus.recentOutput()}`,
          `--- alertmanager ---\n${alertmanager.recentOutput()}`,
          `--- slack rejected ---\n${JSON.stringify(slack.rejected)}`,
          `--- smtp failed logins ---\n${JSON.stringify(smtp.failedLogins)}`,
        ].join('\n'),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
