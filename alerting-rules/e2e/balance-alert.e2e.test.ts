import { startAlertingStack, type AlertingStack } from './alerting-stack.js';
import { runBalanceBelowMinimumFlow, type BalanceScenario } from './balance-below-minimum-flow.js';
import { createExpositionBalanceScenario } from './exposition-balance-scenario.js';

// The series come from a local exposition server here. To run against the real exporter on
// anvil, replace createExpositionBalanceScenario with a scenario that starts the exporter and
// moves tokens on-chain; the stack and the flow stay as they are.
describe('an account drained below its minimum, through Prometheus and Alertmanager', () => {
  let scenario: BalanceScenario | undefined;
  let stack: AlertingStack | undefined;

  beforeAll(async () => {
    scenario = await createExpositionBalanceScenario({
      account: 'ops-hot',
      network: 'ethereum',
      address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      asset: 'ETH',
      minimum: 2,
      fundedBalance: 5,
      drainedBalance: 0.5,
    });
    stack = await startAlertingStack({ scrapeTarget: scenario.scrapeTarget });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await scenario?.close();
  });

  test('the run divides every `for:` by 60', () => {
    expect(stack!.shortenedRules.find((rule) => rule.alert === 'TreasuryBalanceBelowMinimum')).toEqual({
      alert: 'TreasuryBalanceBelowMinimum',
      severity: 'critical',
      from: '5m',
      to: '5s',
    });
    expect(stack!.shortenedRules).toHaveLength(11);
  });

  test('Slack and email announce it firing and resolved, treasury facts first', async () => {
    const evidence = await runBalanceBelowMinimumFlow(stack!, scenario!);
    const summary = 'ops-hot holds 0.5 ETH on ethereum, below its minimum of 2';

    const firing = evidence.firingSlack;
    expect(firing.channel).toBe('#treasury-alerts');
    expect(firing.username).toBe('Treasury Command Center');
    expect(firing.attachments).toHaveLength(1);
    expect(firing.attachments![0]!.color).toBe('danger');
    expect(firing.attachments![0]!.text!.split('\n').slice(0, 3)).toEqual([
      `*${summary}*`,
      'Account ops-hot on ethereum (0x70997970C51812dc3A010C7d01b50e0d17dc79C8) holds 0.5 ETH, below its configured minimum of 2 ETH. Refill it before payments or gas run out.',
      '• account: `ops-hot`  • network: `ethereum`  • asset: `ETH`  • severity: `critical`',
    ]);

    const resolved = evidence.resolvedSlack;
    expect(resolved.attachments![0]!.color).toBe('good');
    expect(resolved.attachments![0]!.text!.split('\n')[0]).toBe(`:white_check_mark: Resolved: *${summary}*`);

    // The login proves Alertmanager read the password from `smtp_auth_password_file`.
    for (const mail of [evidence.firingMail, evidence.resolvedMail]) {
      expect(mail.authenticatedUser).toBe('treasury-alerts@example.org');
      expect(mail.envelopeFrom).toBe('treasury-alerts@example.org');
      expect(mail.envelopeTo).toEqual(['treasury-oncall@example.org']);
      expect(mail.headers.to).toBe('treasury-oncall@example.org');
    }
    expect(evidence.firingMail.subject).toBe(`[FIRING] ${summary}`);
    expect(evidence.firingMail.text!.split('\n').slice(0, 3)).toEqual([`FIRING (critical): ${summary}`, '', expect.stringContaining('Account ops-hot on ethereum (0x7099')]);
    expect(evidence.firingMail.html).toContain(`<h2 style="margin: 0 0 4px 0">${summary}</h2>`);
    expect(evidence.resolvedMail.subject).toBe(`[RESOLVED] ${summary}`);
    expect(evidence.resolvedMail.text!.split('\n')[0]).toBe(`RESOLVED (critical): ${summary}`);

    expect(stack!.slack.rejected).toEqual([]);
    expect(stack!.smtp.failedLogins).toEqual([]);
  }, 120_000);
});
