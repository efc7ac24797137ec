import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneReactObject,
  SceneRefreshPicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { firingTreasuryAlertCount, firingTreasuryAlerts } from '../queries/alerts.js';
import { AlertRules } from '../components/AlertRules/AlertRules';
import type { TreasurySceneContext } from './common';
import { instantTable, problemCountStat } from './panels';

/**
 * Alerts: treasury alerts firing now (Prometheus' ALERTS series) and the treasury rules with
 * their state and runbook links (Grafana's rules API for the Prometheus data source).
 */
export function buildAlertsScene({ prometheusUid: uid, settings }: TreasurySceneContext): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    controls: [new SceneControlsSpacer(), new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'], isOnCanvas: true })],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          height: 120,
          body: problemCountStat(
            uid,
            'Firing treasury alerts',
            firingTreasuryAlertCount(),
            'Alerts named Treasury… in state firing'
          ),
        }),
        new SceneFlexItem({
          height: 280,
          body: instantTable(uid, 'Firing now', [{ refId: 'A', expr: firingTreasuryAlerts() }]),
        }),
        new SceneFlexItem({
          minHeight: 200,
          body: new SceneReactObject({
            component: AlertRules,
            props: { prometheusUid: uid, runbookBaseUrl: settings.runbookBaseUrl },
          }),
        }),
      ],
    }),
  });
}
