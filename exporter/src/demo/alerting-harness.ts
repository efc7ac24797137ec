/**
 * The alerting helpers of `alerting-rules/e2e/` (Prometheus and Alertmanager from the repo's own
 * configs and rules, the Slack and SMTP sinks), loaded at run time and reused as they are.
 *
 * Why a dynamic import: the exporter's tsconfig has `rootDir: "."` (exporter/), so a static import
 * of a file under alerting-rules/ fails to type-check (TS6059). A specifier held in a variable is
 * not followed by tsc; the interfaces below are the subset of that harness's API the demo uses
 * (see alerting-rules/e2e/README.md). If the integrator lifts `rootDir` to the repository root,
 * these can become ordinary static imports.
 */

export interface RouteTimings {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

export interface SlackMessageLike {
  channel?: string;
  text?: string;
  attachments?: { title?: string; text?: string; color?: string }[];
}

export interface MailLike {
  subject: string;
  envelopeTo: string[];
}

export interface PrometheusServerLike {
  url: string;
  query(expr: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface AlertingStackLike {
  prometheus: PrometheusServerLike;
  alertmanager: { url: string; address: string; recentOutput(): string; stop(): Promise<void> };
  slack: { url: string; messages: SlackMessageLike[]; close(): Promise<void> };
  smtp: { smarthost: string; mails: MailLike[]; close(): Promise<void> };
  shortenedRules: { alert: string; severity: string | undefined; from: string; to: string }[];
  workDir: string;
  diagnostics(): string;
  close(): Promise<void>;
}

export interface StartAlertingStackParameters {
  /** host:port Prometheus scrapes as job `treasury`. */
  scrapeTarget: string;
  /** Every alert's `for:` is divided by this. */
  ruleForDivisor?: number;
  /** Scrape and rule evaluation interval, e.g. `5s`. */
  interval?: string;
  timings?: RouteTimings;
}

export type ObservabilityBinary = 'prometheus' | 'promtool' | 'prometheus-alertmanager' | 'amtool';

interface AlertingStackModule {
  startAlertingStack(parameters: StartAlertingStackParameters): Promise<AlertingStackLike>;
}

interface BinariesModule {
  resolveBinary(name: ObservabilityBinary, options?: { path?: string }): string;
}

// Relative to this file; tsx and jest both map the `.js` of a relative specifier to the `.ts` source.
const alertingStackModule = '../../../alerting-rules/e2e/alerting-stack.js';
const binariesModule = '../../../alerting-rules/src/binaries.js';

/**
 * Starts the Slack and SMTP sinks, the Debian Alertmanager with the repo's alertmanager.yml and the
 * Debian Prometheus with the repo's prometheus.yml and treasury.rules.yml, scraping `scrapeTarget`
 * (alerting-rules/e2e/alerting-stack.ts). `close()` stops all of it.
 */
export async function startAlertingStack(parameters: StartAlertingStackParameters): Promise<AlertingStackLike> {
  const module = (await import(alertingStackModule)) as AlertingStackModule;
  return module.startAlertingStack(parameters);
}

/**
 * Whether a Debian observability binary is on PATH; `hint` is the install command otherwise
 * (alerting-rules/src/binaries.ts).
 */
export async function findObservabilityBinary(
  name: ObservabilityBinary,
): Promise<{ found: true; path: string } | { found: false; hint: string }> {
  const module = (await import(binariesModule)) as BinariesModule;
  try {
    return { found: true, path: module.resolveBinary(name) };
  } catch (error) {
    return { found: false, hint: (error as Error).message };
  }
}
