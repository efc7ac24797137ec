import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { repoPaths } from './paths.js';
import { runTool } from './run-tool.js';

/** Receivers `amtool config routes test` picks for a label set (one name per line). */
async function routedReceivers(labels: Record<string, string>): Promise<string[]> {
  const result = await runTool('amtool', {
    args: [
      'config',
      'routes',
      'test',
      `--config.file=${repoPaths.alertmanagerConfig}`,
      ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
    ],
  });
  expect(result.exitCode).toBe(0);
  return result.stdout.trim().split(/\s+/);
}

describe('provisioning/alertmanager/alertmanager.yml under amtool', () => {
  test('amtool check-config accepts it and loads the template', async () => {
    const result = await runTool('amtool', { args: ['check-config', repoPaths.alertmanagerConfig] });
    expect(result.stdout).toContain('SUCCESS');
    expect(result.stdout).toContain(' - 2 inhibit rules');
    expect(result.stdout).toContain(' - 2 receivers');
    expect(result.stdout).toContain(' - 1 templates');
    expect(result.exitCode).toBe(0);
  });

  test('critical alerts route to Slack and email, warnings to Slack only', async () => {
    expect(
      await routedReceivers({ alertname: 'TreasuryBalanceBelowMinimum', severity: 'critical', account: 'ops-hot' }),
    ).toEqual(['treasury-critical']);
    expect(await routedReceivers({ alertname: 'TreasuryStablecoinDepeg', severity: 'warning', asset: 'USDC' })).toEqual([
      'treasury-warning',
    ]);
  });
});

describe('alertmanager.yml structure', () => {
  type SlackConfig = { send_resolved?: boolean; api_url?: string; api_url_file?: string };
  type EmailConfig = { send_resolved?: boolean; auth_password?: string };
  type Receiver = { name: string; slack_configs?: SlackConfig[]; email_configs?: EmailConfig[] };
  const config = parse(readFileSync(repoPaths.alertmanagerConfig, 'utf8')) as {
    global: Record<string, unknown>;
    route: { group_by: string[] };
    inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
    receivers: Receiver[];
  };
  const receiver = (name: string) => config.receivers.find((r) => r.name === name);

  test('the critical receiver notifies Slack and email, the warning receiver Slack only', () => {
    expect(receiver('treasury-critical')?.slack_configs).toHaveLength(1);
    expect(receiver('treasury-critical')?.email_configs).toHaveLength(1);
    expect(receiver('treasury-warning')?.slack_configs).toHaveLength(1);
    expect(receiver('treasury-warning')?.email_configs).toBeUndefined();
  });

  test('every notifier sends resolved notifications', () => {
    const notifiers = config.receivers.flatMap((r) => [...(r.slack_configs ?? []), ...(r.email_configs ?? [])]);
    expect(notifiers.length).toBe(3);
    expect(notifiers.every((n) => n.send_resolved === true)).toBe(true);
  });

  test('secrets come from *_file settings only', () => {
    expect(config.global.slack_api_url_file).toBe('/run/secrets/slack_webhook_url');
    expect(config.global.smtp_auth_password_file).toBe('/run/secrets/smtp_password');
    expect(config.global).not.toHaveProperty('slack_api_url');
    expect(config.global).not.toHaveProperty('smtp_auth_password');
    for (const r of config.receivers) {
      for (const slack of r.slack_configs ?? []) expect(slack).not.toHaveProperty('api_url');
      for (const email of r.email_configs ?? []) expect(email).not.toHaveProperty('auth_password');
    }
  });

  test('groups by alert name and account or asset; a critical alert inhibits its warning', () => {
    expect(config.route.group_by).toEqual(['alertname', 'account', 'asset']);
    expect(config.inhibit_rules[0]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['alertname', 'account', 'asset'],
    });
  });
});
