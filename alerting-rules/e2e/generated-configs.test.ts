import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoPaths } from '../src/paths.js';
import { runTool } from '../src/run-tool.js';
import { buildAlertmanagerTestConfig } from './alertmanager-config.js';
import { buildPrometheusTestConfig } from './prometheus-config.js';
import { parsePrometheusDuration, shortenRuleDurations } from './rules-transform.js';

type Json = Record<string, any>;

// The end-to-end test must exercise the repo's configs, not look-alikes: these tests pin down
// that the generated files differ from the repo's only in the documented keys, and stay valid.
describe('configs generated for the end-to-end test', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcc-generated-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const buildAlertmanager = () =>
    buildAlertmanagerTestConfig({
      sourcePath: repoPaths.alertmanagerConfig,
      smtpSmarthost: '127.0.0.1:2525',
      slackWebhookUrlFile: '/tmp/e2e/slack_webhook_url',
      smtpPasswordFile: '/tmp/e2e/smtp_password',
    });

  test('alertmanager.yml: only endpoints, secret files, template paths and route timings change', () => {
    const repo = parse(readFileSync(repoPaths.alertmanagerConfig, 'utf8')) as Json;
    const generated = parse(buildAlertmanager()) as Json;

    expect(generated.global).toEqual({
      ...repo.global,
      smtp_smarthost: '127.0.0.1:2525',
      smtp_require_tls: false,
      smtp_auth_password_file: '/tmp/e2e/smtp_password',
      slack_api_url_file: '/tmp/e2e/slack_webhook_url',
    });
    expect(generated.templates).toEqual([join(repoPaths.repoDir, 'provisioning/alertmanager/templates/*.tmpl')]);
    expect(generated.route).toEqual({
      ...repo.route,
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    });
    expect(generated.receivers).toEqual(repo.receivers);
    expect(generated.inhibit_rules).toEqual(repo.inhibit_rules);
    expect(Object.keys(generated).sort()).toEqual(Object.keys(repo).sort());
  });

  test('the generated alertmanager.yml passes amtool check-config', async () => {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, buildAlertmanager());
    const result = await runTool('amtool', { args: ['check-config', file] });
    expect(result.stdout).toContain(' - 1 templates');
    expect(result.exitCode).toBe(0);
  });

  test('treasury.rules.yml: only `for:` changes (divided by 60), and the result passes promtool check rules', async () => {
    const source = readFileSync(repoPaths.rulesFile, 'utf8');
    const { text, shortened } = shortenRuleDurations(source);
    const repo = parse(source) as Json;
    const generated = parse(text) as Json;
    const withoutFor = (file: Json) =>
      file.groups.map((group: Json) => ({ ...group, rules: group.rules.map(({ for: _for, ...rest }: Json) => rest) }));
    expect(withoutFor(generated)).toEqual(withoutFor(repo));
    const fors = generated.groups.flatMap((group: Json) => group.rules.map((rule: Json) => rule.for)).filter(Boolean);
    expect(fors).toEqual(shortened.map((rule) => rule.to));
    expect(shortened.map((rule) => `${rule.alert}/${rule.severity}: ${rule.from} -> ${rule.to}`)).toEqual([
      'TreasuryExporterDown/critical: 2m -> 2s',
      'TreasuryConfigReloadFailed/warning: 1m -> 1s',
      'TreasuryTargetFailing/warning: 5m -> 5s',
      'TreasuryTargetStale/critical: 1m -> 1s',
      'TreasuryBalanceBelowMinimum/critical: 5m -> 5s',
      'TreasuryAccountValueDrop/critical: 1m -> 1s',
      'TreasuryPriceSourceStale/warning: 5m -> 5s',
      'TreasuryPriceSourcesDiverging/warning: 10m -> 10s',
      'TreasuryStablecoinDepeg/warning: 5m -> 5s',
      'TreasuryStablecoinDepeg/critical: 2m -> 2s',
      'TreasuryReserveRatioBelowOne/critical: 15m -> 15s',
    ]);

    const file = join(dir, 'treasury.rules.yml');
    writeFileSync(file, text);
    const result = await runTool('promtool', { args: ['check', 'rules', file] });
    expect(result.stdout).toContain('SUCCESS: 16 rules found');
    expect(result.exitCode).toBe(0);
  });

  test('prometheus.yml: the treasury job scrapes the given target, rules and Alertmanager are local', async () => {
    const rulesFile = join(dir, 'treasury.rules.yml');
    writeFileSync(rulesFile, readFileSync(repoPaths.rulesFile, 'utf8'));
    const text = buildPrometheusTestConfig({
      sourcePath: repoPaths.prometheusConfig,
      scrapeTarget: '127.0.0.1:9877',
      alertmanagerAddress: '127.0.0.1:9093',
      ruleFiles: [rulesFile],
    });
    expect(parse(text)).toEqual({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [rulesFile],
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:9093'] }] }] },
      scrape_configs: [{ job_name: 'treasury', static_configs: [{ targets: ['127.0.0.1:9877'] }] }],
    });
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, text);
    const result = await runTool('promtool', { args: ['check', 'config', file] });
    expect(result.stdout).toContain('SUCCESS: 16 rules found');
    expect(result.exitCode).toBe(0);
  });

  test('durations parse like Prometheus and never shorten below one second', () => {
    expect(parsePrometheusDuration('1h30m')).toBe(5400);
    expect(parsePrometheusDuration('90s')).toBe(90);
    expect(() => parsePrometheusDuration('5 minutes')).toThrow('not a Prometheus duration: 5 minutes');
    const rules = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: vector(1)\n        for: 30s\n      - alert: B\n        expr: vector(1)\n        for: 1m30s\n';
    expect(shortenRuleDurations(rules).shortened.map((rule) => rule.to)).toEqual(['1s', '1500ms']);
  });

  test('a literal secret in alertmanager.yml is refused', () => {
    const source = join(dir, 'literal-secret.yml');
    writeFileSync(source, 'global:\n  slack_api_url: https://hooks.slack.com/services/T/B/X\nroute:\n  receiver: r\nreceivers:\n  - name: r\n');
    expect(() =>
      buildAlertmanagerTestConfig({
        sourcePath: source,
        smtpSmarthost: '127.0.0.1:2525',
        slackWebhookUrlFile: '/tmp/s',
        smtpPasswordFile: '/tmp/p',
      }),
    ).toThrow('global: literal slack_api_url in alertmanager.yml; use slack_api_url_file');
  });
});
