import { SceneApp, SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../constants';
import { buildAccountConfigurationScene } from './accountConfigurationScene';
import { buildAccountDetailScene, buildAccountsScene } from './accountsScene';
import { buildAlertsScene } from './alertsScene';
import type { TreasurySceneContext } from './common';
import { buildOverviewScene } from './overviewScene';
import { buildStablecoinsScene } from './stablecoinsScene';

/** The app's pages; the accounts page drills down to `/accounts/:account`. */
export function buildTreasuryApp(context: TreasurySceneContext): SceneApp {
  const accounts = new SceneAppPage({
    title: 'Accounts',
    subTitle: 'Balances, USD value and poll health of every account',
    url: prefixRoute(ROUTES.Accounts),
    routePath: `${ROUTES.Accounts}/*`,
    getScene: () => buildAccountsScene(context),
    drilldowns: [
      {
        routePath: ':account',
        getPage(routeMatch, parent) {
          const account = decodeURIComponent(routeMatch.params.account ?? '');
          return new SceneAppPage({
            title: account,
            subTitle: 'Account history',
            url: `${prefixRoute(ROUTES.Accounts)}/${encodeURIComponent(account)}`,
            routePath: ':account',
            getParentPage: () => parent,
            getScene: () => buildAccountDetailScene(context, account),
          });
        },
      },
    ],
  });
  return new SceneApp({
    pages: [
      new SceneAppPage({
        title: 'Treasury overview',
        subTitle: 'Total value, its split, health and recent changes',
        url: prefixRoute(ROUTES.Overview),
        routePath: `${ROUTES.Overview}/*`,
        getScene: () => buildOverviewScene(context),
      }),
      accounts,
      new SceneAppPage({
        title: 'Stablecoins',
        subTitle: 'Prices by source, peg, supply and reserves',
        url: prefixRoute(ROUTES.Stablecoins),
        routePath: `${ROUTES.Stablecoins}/*`,
        getScene: () => buildStablecoinsScene(context),
      }),
      new SceneAppPage({
        title: 'Treasury alerts',
        subTitle: 'Firing now, and every treasury rule with its runbook',
        url: prefixRoute(ROUTES.Alerts),
        routePath: `${ROUTES.Alerts}/*`,
        getScene: () => buildAlertsScene(context),
      }),
      new SceneAppPage({
        title: 'Account configuration',
        subTitle: "The exporter's accounts; Admins can add, edit and remove them",
        url: prefixRoute(ROUTES.AccountConfiguration),
        routePath: `${ROUTES.AccountConfiguration}/*`,
        getScene: () => buildAccountConfigurationScene(context),
      }),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
