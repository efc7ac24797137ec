import type { AlertingStack } from './alerting-stack.js';
import type { SlackMessage } from './slack-webhook-sink.js';
import type { ReceivedMail } from './smtp-sink.js';
import { waitFor } from './wait-for.js';

/**
 * What the end-to-end test needs from whatever produces the treasury series. The first
 * implementation is a local exposition server (exposition-balance-scenario.ts); the real exporter
 * on an anvil devnet implements the same: `drainBelowMinimum` sends tokens out on-chain,
 * `refillAboveMinimum` sends them back.
 */
export type BalanceScenario = {
  account: string;
  network: string;
  asset: string;
  /** host:port Prometheus scrapes (job `treasury`). */
  scrapeTarget: string;
  drainBelowMinimum(): Promise<void>;
  refillAboveMinimum(): Promise<void>;
  close(): Promise<void>;
};

export type BalanceAlertEvidence = {
  firingSlack: SlackMessage;
  firingMail: ReceivedMail;
  resolvedSlack: SlackMessage;
  resolvedMail: ReceivedMail;
};

export type RunBalanceBelowMinimumFlowParameters = {
  /** Bound on each wait (scenario to Prometheus, Prometheus to the sinks). */
  stepTimeoutMs?: number;
};

const alertname = 'TreasuryBalanceBelowMinimum';

/**
 * Drives one account below its minimum and back, and returns the Slack messages and emails that
 * announced it firing and resolved. Each step waits (bounded) for the notification naming the
 * account; the caller asserts on their contents.
 */
export async function runBalanceBelowMinimumFlow(
  stack: AlertingStack,
  scenario: BalanceScenario,
  { stepTimeoutMs = 45_000 }: RunBalanceBelowMinimumFlowParameters = {},
): Promise<BalanceAlertEvidence> {
  const selector = `account="${scenario.account}",network="${scenario.network}",asset="${scenario.asset}"`;
  const slackTitle = (status: 'FIRING:1' | 'RESOLVED') =>
    `[${status}] ${alertname} ${scenario.account} ${scenario.asset}`;
  const slackWith = (title: string) => () =>
    stack.slack.messages.find((message) => message.attachments?.some((attachment) => attachment.title === title));
  const mailWith = (status: 'FIRING' | 'RESOLVED') => () =>
    stack.smtp.mails.find(
      (mail) => mail.subject.startsWith(`[${status}] ${scenario.account} holds`) && mail.subject.includes(scenario.asset),
    );
  const wait = <T>(probe: () => T | undefined | Promise<T | undefined>, description: string) =>
    waitFor(probe, { description, timeoutMs: stepTimeoutMs, intervalMs: 250 }).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.diagnostics()}`);
    });

  // Start from a known state: Prometheus sees the balance at or above its minimum.
  await wait(async () => {
    const samples = await stack.prometheus.query(
      `treasury_account_balance{${selector}} >= on (account, network, asset) treasury_account_balance_minimum`,
    );
    return samples.length === 1 ? true : undefined;
  }, `Prometheus to scrape ${scenario.account} above its minimum`);

  await scenario.drainBelowMinimum();
  const firingSlack = await wait(slackWith(slackTitle('FIRING:1')), `Slack message "${slackTitle('FIRING:1')}"`);
  const firingMail = await wait(mailWith('FIRING'), `email "[FIRING] ${scenario.account} holds ..."`);

  await scenario.refillAboveMinimum();
  const resolvedSlack = await wait(slackWith(slackTitle('RESOLVED')), `Slack message "${slackTitle('RESOLVED')}"`);
  const resolvedMail = await wait(mailWith('RESOLVED'), `email "[RESOLVED] ${scenario.account} holds ..."`);

  return { firingSlack, firingMail, resolvedSlack, resolvedMail };
}
