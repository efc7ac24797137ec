import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { AccountConfiguration } from '../components/AccountConfiguration/AccountConfiguration';
import type { TreasurySceneContext } from './common';

/** Account configuration: the exporter's accounts, editable by Admins through its admin API. */
export function buildAccountConfigurationScene({ settings, isAdmin }: TreasurySceneContext): EmbeddedScene {
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new SceneReactObject({
            component: AccountConfiguration,
            props: { exporterConfigured: Boolean(settings.exporterUrl), isAdmin },
          }),
        }),
      ],
    }),
  });
}
