import React from 'react';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import { PLUGIN_ID } from '../../constants';

interface Props {
  /** No PostgreSQL data source chosen, or the chosen one no longer exists. */
  reason: 'not-configured' | 'missing';
  isAdmin: boolean;
  /** What the page would show from the ledger, e.g. "Configuration changes". */
  what: string;
}

/**
 * Stands in for the ledger panels while the app has no usable PostgreSQL data source, and says how
 * to enable them. The Prometheus panels work without it.
 */
export function LedgerHint({ reason, isAdmin, what }: Props) {
  const title = reason === 'not-configured' ? `${what}: ledger not connected` : `${what}: ledger data source not found`;
  return (
    <Alert severity="info" title={title}>
      <Stack direction="column" gap={1} alignItems="flex-start">
        {reason === 'missing' ? (
          <Text>The PostgreSQL data source chosen in the app settings no longer exists. Choose another one.</Text>
        ) : null}
        <Text>
          The exporter records balance and configuration changes in PostgreSQL when its config has{' '}
          <code>ledger.postgres_url</code>. Add a PostgreSQL data source on that database and choose it as
          &quot;PostgreSQL&quot; in the app settings.
        </Text>
        {isAdmin ? (
          <LinkButton href={`/plugins/${PLUGIN_ID}`} icon="cog" variant="secondary" size="sm">
            Open the app settings
          </LinkButton>
        ) : (
          <Text color="secondary">Ask a Grafana Admin of this organisation to set it up.</Text>
        )}
      </Stack>
    </Alert>
  );
}
