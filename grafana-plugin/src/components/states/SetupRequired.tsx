import React from 'react';
import { EmptyState, LinkButton, Stack, Text } from '@grafana/ui';
import { PLUGIN_ID } from '../../constants';

interface Props {
  /** Why the pages cannot show yet. */
  reason: 'no-prometheus' | 'prometheus-missing';
  isAdmin: boolean;
}

/** Shown instead of the pages while the app lacks a usable Prometheus data source. */
export function SetupRequired({ reason, isAdmin }: Props) {
  const message =
    reason === 'no-prometheus'
      ? 'Choose the Prometheus data source that scrapes the Treasury exporter.'
      : 'The Prometheus data source chosen in the app settings no longer exists. Choose another one.';
  return (
    <EmptyState variant="call-to-action" message="Treasury Command Center needs setting up">
      <Stack direction="column" alignItems="center" gap={2}>
        <Text>{message}</Text>
        {isAdmin ? (
          <LinkButton href={`/plugins/${PLUGIN_ID}`} icon="cog">
            Open the app settings
          </LinkButton>
        ) : (
          <Text color="secondary">Ask a Grafana Admin of this organisation to open the app settings.</Text>
        )}
      </Stack>
    </EmptyState>
  );
}
