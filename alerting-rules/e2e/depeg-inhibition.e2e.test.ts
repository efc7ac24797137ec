import { startAlertingStack, type AlertingStack } from './alerting-stack.js';
import { startExpositionTarget, type ExpositionTarget } from './exposition-target.js';
import type { SlackMessage } from './slack-webhook-sink.js';
import { waitFor } from './wait-for.js';

/** USDC priced at 1 + deviation, with the exporter's warning (0.5%) and critical (2%) thresholds. */
function depegExposition(deviation: number): string {
  return [
    '# TYPE treasury_stablecoin_peg_deviation_ratio gauge',
    `treasury_stablecoin_peg_deviation_ratio{asset="USDC",peg="USD"} ${deviation}`,
    '# TYPE treasury_stablecoin_peg_threshold_ratio gauge',
    'treasury_stablecoin_peg_threshold_ratio{asset="USDC",severity="warning"} 0.005',
    'treasury_stablecoin_peg_threshold_ratio{asset="USDC",severity="critical"} 0.02',
    '# TYPE treasury_asset_price_usd gauge',
    `treasury_asset_price_usd{asset="USDC"} ${1 + deviation}`,
    '',
  ].join('\n');
}

const title = (status: string) => `[${status}] TreasuryStablecoinDepeg USDC`;

// Warnings go to Slack only; a critical alert goes to Slack and email and, while it fires,
// Alertmanager inhibits the warning of the same alert and asset.
describe('a stablecoin depeg, through Prometheus and Alertmanager', () => {
  let target: ExpositionTarget | undefined;
  let stack: AlertingStack | undefined;

  beforeAll(async () => {
    target = await startExpositionTarget(depegExposition(0));
    stack = await startAlertingStack({ scrapeTarget: target.address });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await target?.close();
  });

  const slackMessages = (status: string, color: string) =>
    stack!.slack.messages.filter((m: SlackMessage) => m.attachments?.[0]?.title === title(status) && m.attachments[0].color === color);
  const waitForSlack = (status: string, color: string) =>
    waitFor(() => slackMessages(status, color)[0], {
      description: `Slack "${title(status)}" (${color})\n${stack!.diagnostics()}`,
      timeoutMs: 45_000,
      intervalMs: 250,
    });
  const usdcMails = () => stack!.smtp.mails.filter((mail) => mail.subject.includes('USDC is'));

  test('a warning depeg notifies Slack and sends no email', async () => {
    target!.setExposition(depegExposition(-0.01));
    const warning = await waitForSlack('FIRING:1', 'warning');
    expect(warning.attachments![0]!.text!.split('\n').slice(0, 2)).toEqual([
      '*USDC is 1% off its USD peg*',
      'USDC trades 1% away from its USD peg (price 0.99), beyond the warning threshold of 0.5%.',
    ]);

    target!.setExposition(depegExposition(0));
    await waitForSlack('RESOLVED', 'good');
    // The resolved message is sent at least one group interval after the firing one, so an
    // email routed with the firing notification would be here by now.
    expect(usdcMails()).toEqual([]);
  }, 120_000);

  test('a critical depeg emails and inhibits the warning that fires with it', async () => {
    const warningsBefore = slackMessages('FIRING:1', 'warning').length;
    target!.setExposition(depegExposition(-0.03));
    const critical = await waitForSlack('FIRING:1', 'danger');
    expect(critical.attachments![0]!.text!.split('\n')[1]).toBe(
      'USDC trades 3% away from its USD peg (price 0.97), beyond the critical threshold of 2%.',
    );
    const firingMail = await waitFor(() => usdcMails().find((mail) => mail.subject.startsWith('[FIRING]')), {
      description: 'critical depeg email',
      timeoutMs: 45_000,
    });
    expect(firingMail.subject).toBe('[FIRING] USDC is 3% off its USD peg');
    // The warning rule (`for` 5s against the critical's 2s) fires later; Alertmanager holds it
    // suppressed, inhibited by the critical alert.
    const inhibitedWarning = await waitFor(
      async () =>
        (await stack!.alertmanager.alerts()).find(
          (alert) => alert.labels.alertname === 'TreasuryStablecoinDepeg' && alert.labels.severity === 'warning',
        ),
      { description: 'the warning depeg alert in Alertmanager', timeoutMs: 45_000 },
    );
    expect(inhibitedWarning.status.state).toBe('suppressed');
    expect(inhibitedWarning.status.inhibitedBy).toHaveLength(1);

    target!.setExposition(depegExposition(0));
    await waitFor(() => usdcMails().find((mail) => mail.subject.startsWith('[RESOLVED]')), {
      description: 'resolved depeg email',
      timeoutMs: 45_000,
    });
    // Both rules fired; only the critical one was notified.
    expect(slackMessages('FIRING:1', 'warning').length).toBe(warningsBefore);
    expect(stack!.slack.messages.some((m) => m.attachments?.[0]?.title?.startsWith('[FIRING:2]'))).toBe(false);
    const firingAlerts = await stack!.prometheus.query('ALERTS{alertname="TreasuryStablecoinDepeg"}');
    expect(firingAlerts).toEqual([]);
  }, 120_000);
});
