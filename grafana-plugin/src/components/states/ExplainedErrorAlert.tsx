import React from 'react';
import { Alert, Button } from '@grafana/ui';
import { explainExporterError } from '../../api/errorMessages';
import { ExporterApiError } from '../../api/exporterApi';

interface Props {
  error: unknown;
  isAdmin: boolean;
  severity?: 'error' | 'warning';
  onRetry?: () => void;
}

/** An exporter failure with what to do next, and the exporter's own message and issues verbatim. */
export function ExplainedErrorAlert({ error, isAdmin, severity = 'error', onRetry }: Props) {
  const explained = explainExporterError(error, { canConfigure: isAdmin });
  const issues = error instanceof ExporterApiError ? error.issues : [];
  return (
    <Alert severity={severity} title={explained.title}>
      <p>{explained.action}</p>
      {explained.detail && (
        <p>
          Exporter said: <code>{explained.detail}</code>
        </p>
      )}
      {issues.length > 0 && (
        <ul aria-label="Exporter issues">
          {issues.map((issue) => (
            <li key={issue}>
              <code>{issue}</code>
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <Button size="sm" variant="secondary" icon="sync" onClick={onRetry}>
          Retry
        </Button>
      )}
    </Alert>
  );
}
