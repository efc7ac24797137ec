import React, { useCallback, useEffect, useState } from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { getStatus } from '../../api/exporterApi';
import type { ExporterStatus } from '../../api/schemas';
import type { TreasuryAppJsonData } from '../../types';
import { ExplainedErrorAlert } from './ExplainedErrorAlert';

interface Props {
  settings: TreasuryAppJsonData;
  isAdmin: boolean;
}

type State = { phase: 'loading' } | { phase: 'ready'; status: ExporterStatus } | { phase: 'failed'; error: unknown };

/**
 * Asks the exporter for its targets and says, above the panels, what stands between the user and
 * data: exporter not configured or unreachable, token refused, nothing polled yet, failing targets.
 * Renders nothing when all is well.
 */
export function ExporterStatusBanner({ settings, isAdmin }: Props) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const configured = Boolean(settings.exporterUrl);
  useEffect(() => {
    if (!configured) {
      return;
    }
    let cancelled = false;
    getStatus().then(
      (status) => !cancelled && setState({ phase: 'ready', status }),
      (error: unknown) => !cancelled && setState({ phase: 'failed', error })
    );
    return () => {
      cancelled = true;
    };
  }, [configured, attempt]);
  const retry = useCallback(() => {
    setState({ phase: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  if (!configured) {
    return (
      <Alert severity="info" title="Exporter not connected">
        {isAdmin
          ? 'Set the exporter URL and admin token in the app settings to see target health and manage accounts here. The panels below read Prometheus and work without it.'
          : 'An Admin has not connected the exporter yet; the panels below read Prometheus and work without it.'}
      </Alert>
    );
  }
  if (state.phase === 'loading') {
    return <LoadingPlaceholder text="Checking the exporter…" />;
  }
  if (state.phase === 'failed') {
    return <ExplainedErrorAlert error={state.error} isAdmin={isAdmin} severity="warning" onRetry={retry} />;
  }

  const { targets } = state.status;
  if (targets.length === 0) {
    return (
      <Alert severity="info" title="No data yet">
        The exporter has no accounts to poll.{' '}
        {isAdmin ? 'Add accounts on the Account configuration page' : 'Ask an Admin to add accounts'} or in the
        exporter&apos;s config file; balances appear after the first poll.
      </Alert>
    );
  }
  const neverPolled = targets.filter((target) => !target.up && !target.last_success);
  const failing = targets.filter((target) => !target.up && target.last_success);
  if (neverPolled.length === targets.length) {
    return (
      <Alert severity="info" title="No data yet">
        The exporter has not completed a poll yet. Data appears after its first poll interval.
      </Alert>
    );
  }
  if (failing.length === 0 && neverPolled.length === 0) {
    return null;
  }
  const problems = [...failing, ...neverPolled];
  return (
    <Alert severity="warning" title={`${problems.length} of ${targets.length} targets are failing`}>
      Their balances keep the last good values until a poll succeeds.
      <ul>
        {problems.slice(0, 5).map((target) => (
          <li key={`${target.network}/${target.target}`}>
            {target.network} {target.target}
            {target.last_error ? (
              <>
                : <code>{target.last_error}</code>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
