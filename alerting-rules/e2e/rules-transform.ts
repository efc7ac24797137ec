import { parse, stringify } from 'yaml';

export type ShortenedRule = { alert: string; severity: string | undefined; from: string; to: string };

export type ShortenRuleDurationsReturnType = { text: string; shortened: ShortenedRule[] };

type Rule = { alert?: string; for?: string; labels?: Record<string, string> };

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration such as `5m`, `1h30m` or `90s`. */
export function parsePrometheusDuration(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) {
    throw new Error(`not a Prometheus duration: ${duration}`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (unitSeconds[part[2]!] ?? 0), 0);
}

/**
 * The one change the end-to-end test makes to treasury.rules.yml: every alert's `for:` is divided
 * by `divisor` (default 60: minutes become seconds, 5m -> 5s), with at least one second. Dividing
 * rather than flattening keeps the rules' order of firing: the depeg critical rule (2m) still
 * fires before its warning (5m), as in production, so Alertmanager's inhibition sees the critical
 * alert first. Expressions, labels and annotations stay as in the repo.
 */
export function shortenRuleDurations(rulesText: string, divisor = 60): ShortenRuleDurationsReturnType {
  const file = parse(rulesText) as { groups: { rules: Rule[] }[] };
  const shortened: ShortenedRule[] = [];
  for (const group of file.groups) {
    for (const rule of group.rules) {
      if (rule.alert === undefined || rule.for === undefined) continue;
      const milliseconds = Math.max(1000, Math.round((parsePrometheusDuration(rule.for) * 1000) / divisor));
      const to = milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
      shortened.push({ alert: rule.alert, severity: rule.labels?.severity, from: rule.for, to });
      rule.for = to;
    }
  }
  return { text: stringify(file), shortened };
}
