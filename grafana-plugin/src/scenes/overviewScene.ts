import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneReactObject, SceneTimeRange } from '@grafana/scenes';
import { firingTreasuryAlertCount } from '../queries/alerts.js';
import { VARIABLE_FILTERS } from '../queries/filters.js';
import { staleOrFailingTargetCount } from '../queries/health.js';
import { recentBalanceChangesUsd, topAccountsUsd, totalTreasuryUsd, treasuryUsdBy } from '../queries/treasury.js';
import { ExporterStatusBanner } from '../components/states/ExporterStatusBanner';
import { pageControls, row, treasuryVariables, type TreasurySceneContext } from './common';
import { ledgerItems, recentChangesPanel } from './ledgerPanels';
import { instantTable, problemCountStat, timeSeries, usdBreakdown, usdStat } from './panels';

/**
 * Overview: the treasury's USD value and its split, the largest accounts, target health and what
 * moved over the time range; with the ledger, every recorded change too.
 */
export function buildOverviewScene(context: TreasurySceneContext): EmbeddedScene {
  const { prometheusUid: uid, settings, isAdmin } = context;
  const f = VARIABLE_FILTERS;
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: treasuryVariables(uid, ['network', 'entity', 'asset']),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          minHeight: 0,
          body: new SceneReactObject({ component: ExporterStatusBanner, props: { settings, isAdmin } }),
        }),
        row(140, [
          usdStat(uid, 'Total treasury', totalTreasuryUsd(f), 'USD value of every account under the filters'),
          problemCountStat(
            uid,
            'Stale or failing targets',
            staleOrFailingTargetCount(f),
            'Accounts whose last poll failed or whose last success is older than 5 poll intervals; their balances are the last good values'
          ),
          problemCountStat(uid, 'Firing treasury alerts', firingTreasuryAlertCount(), 'See the Alerts page'),
        ]),
        row(260, [
          usdBreakdown(uid, 'By network', treasuryUsdBy(f, 'network'), 'network'),
          usdBreakdown(uid, 'By asset', treasuryUsdBy(f, 'asset'), 'asset'),
          usdBreakdown(uid, 'By entity', treasuryUsdBy(f, 'entity'), 'entity'),
        ]),
        new SceneFlexItem({
          height: 300,
          body: timeSeries(
            uid,
            'Treasury value by entity',
            [{ refId: 'A', expr: treasuryUsdBy(f, 'entity'), legendFormat: '{{entity}}' }],
            'currencyUSD'
          ),
        }),
        row(320, [
          instantTable(uid, 'Top accounts', [{ refId: 'A', expr: topAccountsUsd(f, 10) }]),
          instantTable(uid, 'Changes over the time range (USD)', [{ refId: 'A', expr: recentBalanceChangesUsd(f) }]),
        ]),
        ...ledgerItems(context, 'Recent balance changes', [
          { height: 360, build: (ledger) => recentChangesPanel(ledger, f) },
        ]),
      ],
    }),
  });
}
