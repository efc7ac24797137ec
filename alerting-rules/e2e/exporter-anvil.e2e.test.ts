import { startAlertingStack, type AlertingStack } from './alerting-stack.js';
import { runBalanceBelowMinimumFlow } from './balance-below-minimum-flow.js';
import { createExporterAnvilScenario, type ExporterAnvilScenario } from './exporter-anvil-scenario.js';

// The same flow as balance-alert.e2e.test.ts, with the real exporter polling anvil: tokens leave
// the account in an on-chain transfer, the exporter sees it, Prometheus' rules fire,
// Alertmanager notifies; the transfer back resolves it.
describe('the exporter on anvil: an account drained on-chain, through Prometheus and Alertmanager', () => {
  let scenario: ExporterAnvilScenario | undefined;
  let stack: AlertingStack | undefined;

  beforeAll(async () => {
    scenario = await createExporterAnvilScenario({ account: 'ops-hot', asset: 'WETH', minimum: '2', fundedBalance: '5', drainedBalance: '0.5' });
    stack = await startAlertingStack({ scrapeTarget: scenario.scrapeTarget });
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
    await scenario?.close();
  });

  test('Slack and email name the account, its address, balance and minimum; then resolve', async () => {
    const evidence = await runBalanceBelowMinimumFlow(stack!, scenario!);
    const summary = 'ops-hot holds 0.5 WETH on devnet, below its minimum of 2';

    expect(evidence.firingSlack.attachments![0]!.text!.split('\n').slice(0, 2)).toEqual([
      `*${summary}*`,
      `Account ops-hot on devnet (${scenario!.address}) holds 0.5 WETH, below its configured minimum of 2 WETH. Refill it before payments or gas run out.`,
    ]);
    expect(evidence.firingSlack.attachments![0]!.color).toBe('danger');
    expect(evidence.firingMail.subject).toBe(`[FIRING] ${summary}`);
    expect(evidence.firingMail.envelopeTo).toEqual(['treasury-oncall@example.org']);
    expect(evidence.resolvedSlack.attachments![0]!.color).toBe('good');
    expect(evidence.resolvedMail.subject).toBe(`[RESOLVED] ${summary}`);

    // Prometheus saw the balance the transfer back put on-chain.
    const [balance] = await stack!.prometheus.query('treasury_account_balance{account="ops-hot",asset="WETH"}');
    expect(balance?.value).toBe(5);
    expect(stack!.slack.rejected).toEqual([]);
    expect(stack!.smtp.failedLogins).toEqual([]);
  }, 150_000);
});
