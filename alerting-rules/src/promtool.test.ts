import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoPaths } from './paths.js';
import { alertingRules, readRulesFile } from './rules-file.js';
import { runTool } from './run-tool.js';

type PromtoolTestFile = {
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
};

const ruleTestFiles = readdirSync(repoPaths.rulesTestsDir)
  .filter((name) => name.endsWith('.test.yml'))
  .sort();

describe('treasury.rules.yml under promtool', () => {
  test('promtool check rules accepts every rule', async () => {
    const result = await runTool('promtool', { args: ['check', 'rules', repoPaths.rulesFile] });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SUCCESS: 16 rules found');
    expect(result.exitCode).toBe(0);
  });

  test('promtool test rules passes every unit test file', async () => {
    expect(ruleTestFiles).toEqual([
      'balances.test.yml',
      'exporter.test.yml',
      'prices.test.yml',
      'stablecoins.test.yml',
      'totals.test.yml',
    ]);
    const result = await runTool('promtool', {
      args: ['test', 'rules', ...ruleTestFiles],
      cwd: repoPaths.rulesTestsDir,
      timeoutMs: 60_000,
    });
    expect(result.stdout).not.toContain('FAILED');
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(ruleTestFiles.length);
    expect(result.exitCode).toBe(0);
  });

  // Guards the guard: a wrong expectation (minimum 3 instead of 2) must make promtool fail,
  // so a green run above means the annotations really carry the asserted values.
  test('promtool test rules fails on a wrong expected annotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcc-promtool-'));
    try {
      const original = readFileSync(join(repoPaths.rulesTestsDir, 'balances.test.yml'), 'utf8');
      const wrong = original
        .replace('../treasury.rules.yml', repoPaths.rulesFile)
        .replace('below its minimum of 2\'', 'below its minimum of 3\'');
      expect(wrong).not.toBe(original);
      writeFileSync(join(dir, 'wrong.test.yml'), wrong);
      const result = await runTool('promtool', { args: ['test', 'rules', 'wrong.test.yml'], cwd: dir });
      expect(result.stdout + result.stderr).toContain('FAILED');
      expect(result.exitCode).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('promtool check config accepts provisioning/prometheus/prometheus.yml', async () => {
    const result = await runTool('promtool', { args: ['check', 'config', repoPaths.prometheusConfig] });
    expect(result.stdout).toContain('is valid prometheus config file syntax');
    expect(result.exitCode).toBe(0);
  });
});

describe('treasury.rules.yml conventions', () => {
  const alerts = alertingRules(readRulesFile(repoPaths.rulesFile));
  const alertNames = [...new Set(alerts.map((rule) => rule.alert))];

  test('the rules file defines the documented alerts', () => {
    expect(alertNames).toEqual([
      'TreasuryExporterDown',
      'TreasuryConfigReloadFailed',
      'TreasuryTargetFailing',
      'TreasuryTargetStale',
      'TreasuryBalanceBelowMinimum',
      'TreasuryAccountValueDrop',
      'TreasuryPriceSourceStale',
      'TreasuryPriceSourcesDiverging',
      'TreasuryStablecoinDepeg',
      'TreasuryReserveRatioBelowOne',
    ]);
  });

  test.each(alerts.map((rule) => [`${rule.alert} (${rule.labels?.severity})`, rule] as const))(
    '%s has for, severity, summary and description',
    (_name, rule) => {
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations?.description?.length).toBeGreaterThan(40);
    },
  );

  test('every alert has a firing and a not-firing promtool case', () => {
    const cases = ruleTestFiles.flatMap((name) => {
      const file = parse(readFileSync(join(repoPaths.rulesTestsDir, name), 'utf8')) as PromtoolTestFile;
      return file.tests.flatMap((group) => group.alert_rule_test ?? []);
    });
    const uncovered = alertNames.filter((alert) => {
      const forAlert = cases.filter((c) => c.alertname === alert);
      const firing = forAlert.some((c) => (c.exp_alerts ?? []).length > 0);
      const quiet = forAlert.some((c) => (c.exp_alerts ?? []).length === 0);
      return !(firing && quiet);
    });
    expect(uncovered).toEqual([]);
  });

  test('every alert has a runbook section in docs/runbooks.md', () => {
    const headings = readFileSync(repoPaths.runbooks, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3).trim());
    expect(alertNames.filter((alert) => !headings.includes(alert))).toEqual([]);
  });
});
