import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One rule of a Prometheus rules file, as far as these checks need it. */
export type PrometheusRule = {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

export type PrometheusRulesFile = { groups: { name: string; interval?: string; rules: PrometheusRule[] }[] };

/** Reads and parses a Prometheus rules file (no validation: `promtool check rules` does that). */
export function readRulesFile(path: string): PrometheusRulesFile {
  return parse(readFileSync(path, 'utf8')) as PrometheusRulesFile;
}

/** The alerting rules of a rules file, in file order (an alert name may appear more than once). */
export function alertingRules(file: PrometheusRulesFile): (PrometheusRule & { alert: string })[] {
  return file.groups.flatMap((group) =>
    group.rules.filter((rule): rule is PrometheusRule & { alert: string } => typeof rule.alert === 'string'),
  );
}
