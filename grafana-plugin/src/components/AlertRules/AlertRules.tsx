import React, { useEffect, useState } from 'react';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { Alert, Badge, LoadingPlaceholder, TextLink } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { TREASURY_ALERT_PREFIX } from '../../queries/alerts.js';

/** The part of Prometheus' `/api/v1/rules` answer this list uses. */
const rulesResponseSchema = z.object({
  data: z.object({
    groups: z.array(
      z.object({
        name: z.string(),
        rules: z.array(
          z.object({
            type: z.string(),
            name: z.string(),
            state: z.string().optional(),
            health: z.string().optional(),
            labels: z.record(z.string(), z.string()).optional(),
            annotations: z.record(z.string(), z.string()).optional(),
          })
        ),
      })
    ),
  }),
});

/** One treasury alerting rule as listed. */
export interface TreasuryRule {
  group: string;
  name: string;
  state: string;
  severity: string;
  summary: string;
  runbookUrl: string | undefined;
}

/**
 * The runbook for a rule: its `runbook_url` annotation, else the configured base URL with the
 * alert name as the anchor (the headings of docs/runbooks.md are the alert names).
 */
export function runbookUrlFor(
  name: string,
  annotations: Record<string, string> | undefined,
  base: string | undefined
): string | undefined {
  const own = annotations?.runbook_url;
  if (own) {
    return own;
  }
  return base ? `${base}#${name.toLowerCase()}` : undefined;
}

/** Treasury alerting rules from a rules answer; recording rules and other alerts are left out. */
export function treasuryRules(body: unknown, runbookBaseUrl: string | undefined): TreasuryRule[] {
  const parsed = rulesResponseSchema.parse(body);
  return parsed.data.groups.flatMap((group) =>
    group.rules
      .filter((rule) => rule.type === 'alerting' && rule.name.startsWith(TREASURY_ALERT_PREFIX))
      .map((rule) => ({
        group: group.name,
        name: rule.name,
        state: rule.state ?? 'unknown',
        severity: rule.labels?.severity ?? '',
        summary: rule.annotations?.summary ?? '',
        runbookUrl: runbookUrlFor(rule.name, rule.annotations, runbookBaseUrl),
      }))
  );
}

interface Props {
  prometheusUid: string;
  runbookBaseUrl?: string;
}

const STATE_COLOR: Record<string, 'red' | 'orange' | 'green' | 'blue'> = {
  firing: 'red',
  pending: 'orange',
  inactive: 'green',
};

/** The treasury rules loaded in Prometheus, read through Grafana's rules API for that data source. */
export function AlertRules({ prometheusUid, runbookBaseUrl }: Props) {
  const [state, setState] = useState<{ rules?: TreasuryRule[]; error?: string }>({});
  useEffect(() => {
    let cancelled = false;
    lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url: `/api/prometheus/${encodeURIComponent(prometheusUid)}/api/v1/rules`,
        params: { type: 'alert' },
        showErrorAlert: false,
      })
    )
      .then((response) => !cancelled && setState({ rules: treasuryRules(response.data, runbookBaseUrl) }))
      .catch((error: unknown) => {
        if (cancelled) {
          return;
        }
        const message = isFetchError(error)
          ? String(error.data?.message ?? error.statusText ?? error.status)
          : String(error);
        setState({ error: message });
      });
    return () => {
      cancelled = true;
    };
  }, [prometheusUid, runbookBaseUrl]);

  if (state.error !== undefined) {
    return (
      <Alert severity="warning" title="Could not load the alert rules">
        Grafana could not read the rules of the Prometheus data source. Check that Prometheus is reachable and has
        alerting-rules/treasury.rules.yml loaded. <code>{state.error}</code>
      </Alert>
    );
  }
  if (!state.rules) {
    return <LoadingPlaceholder text="Loading alert rules…" />;
  }
  if (state.rules.length === 0) {
    return (
      <Alert severity="info" title="No treasury alert rules loaded">
        Prometheus has no rules named {TREASURY_ALERT_PREFIX}…. Add alerting-rules/treasury.rules.yml to its rule_files
        and reload it.
      </Alert>
    );
  }
  return (
    <table aria-label="Treasury alert rules" style={{ width: '100%' }}>
      <thead>
        <tr>
          <th>Rule</th>
          <th>State</th>
          <th>Severity</th>
          <th>Summary</th>
          <th>Runbook</th>
        </tr>
      </thead>
      <tbody>
        {state.rules.map((rule) => (
          <tr key={`${rule.group}/${rule.name}/${rule.severity}`}>
            <td>{rule.name}</td>
            <td>
              <Badge text={rule.state} color={STATE_COLOR[rule.state] ?? 'blue'} />
            </td>
            <td>{rule.severity}</td>
            <td>{rule.summary}</td>
            <td>
              {rule.runbookUrl ? (
                <TextLink href={rule.runbookUrl} external>
                  Runbook
                </TextLink>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
