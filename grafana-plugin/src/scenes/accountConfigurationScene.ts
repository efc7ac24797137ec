import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneReactObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { AccountConfiguration } from '../components/AccountConfiguration/AccountConfiguration';
import { ledgerSetup, type TreasurySceneContext } from './common';
import { configChangesPanel, ledgerItems } from './ledgerPanels';

/**
 * Account configuration: the exporter's accounts, editable by Admins through its admin API, and,
 * with the ledger, who changed which account when. The time picker is there only for that panel.
 */
export function buildAccountConfigurationScene(context: TreasurySceneContext): EmbeddedScene {
  const { settings, isAdmin } = context;
  const withLedger = ledgerSetup(settings).state === 'ready';
  return new EmbeddedScene({
    ...(withLedger
      ? {
          $timeRange: new SceneTimeRange({ from: 'now-30d', to: 'now' }),
          controls: [
            new SceneControlsSpacer(),
            new SceneTimePicker({ isOnCanvas: true }),
            new SceneRefreshPicker({ intervals: ['1m', '5m'], isOnCanvas: true }),
          ],
        }
      : {}),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new SceneReactObject({
            component: AccountConfiguration,
            props: { exporterConfigured: Boolean(settings.exporterUrl), isAdmin },
          }),
        }),
        ...ledgerItems(context, 'Configuration changes', [
          { height: 360, build: (ledger) => configChangesPanel(ledger) },
        ]),
      ],
    }),
  });
}
