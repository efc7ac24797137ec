import { PanelBuilders, SceneFlexItem, SceneReactObject, type VizPanel } from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';
import { LedgerHint } from '../components/states/LedgerHint';
import { prefixRoute, ROUTES } from '../constants';
import { accountBalanceChanges, configChanges, recentBalanceChanges, type LedgerFilters } from '../queries/ledger.js';
import { ledgerSetup, sqlQueryRunner, type TreasurySceneContext } from './common';

/**
 * Panels over the exporter's ledger (PostgreSQL). They exist only when the app settings name a
 * PostgreSQL data source that exists; otherwise {@link ledgerItems} puts a hint in their place.
 */

/** Shown by a ledger table with no rows. */
const NO_LEDGER_ROWS = 'No changes recorded in this time range';

/** The account column links to the account's detail page, like the accounts table. */
const ACCOUNT_LINK = {
  title: 'Account details',
  url: `${prefixRoute(ROUTES.Accounts)}/\${__value.text:percentencode}`,
};

/** Balance-change columns: token amounts as they are, USD columns as currency. */
function balanceChangesTable(datasource: DataSourceRef, title: string, description: string, rawSql: string): VizPanel {
  return PanelBuilders.table()
    .setTitle(title)
    .setDescription(description)
    .setData(sqlQueryRunner(datasource, [{ refId: 'A', rawSql }]))
    .setNoValue(NO_LEDGER_ROWS)
    .setOverrides((b) => {
      b.matchFieldsWithName('account').overrideLinks([ACCOUNT_LINK]);
      b.matchFieldsWithName('price_usd').overrideUnit('currencyUSD').overrideDecimals(4);
      b.matchFieldsWithName('delta_usd').overrideUnit('currencyUSD').overrideDecimals(2);
    })
    .build();
}

/** The latest balance changes of every account under the page's network and asset filters. */
export function recentChangesPanel(datasource: DataSourceRef, filters: LedgerFilters): VizPanel {
  return balanceChangesTable(
    datasource,
    'Recent changes (ledger)',
    'Every balance change the exporter observed in the time range, newest first (200 at most). USD at the price of that time. The entity filter does not apply: the ledger has no entity.',
    recentBalanceChanges(filters)
  );
}

/** One account's balance changes. */
export function accountChangesPanel(datasource: DataSourceRef, filters: LedgerFilters, account: string): VizPanel {
  return balanceChangesTable(
    datasource,
    'Balance changes (ledger)',
    'Every balance change of this account the exporter observed in the time range, newest first (500 at most)',
    accountBalanceChanges(filters, account)
  );
}

/** Account configuration changes made through the admin API, optionally of one account. */
export function configChangesPanel(datasource: DataSourceRef, account?: string): VizPanel {
  return PanelBuilders.table()
    .setTitle('Configuration changes')
    .setDescription(
      'Accounts added, edited or removed through the exporter admin API in the time range: who, when, which fields, before and after'
    )
    .setData(sqlQueryRunner(datasource, [{ refId: 'A', rawSql: configChanges({ account }) }]))
    .setNoValue(NO_LEDGER_ROWS)
    .setOverrides((b) => {
      b.matchFieldsWithName('account').overrideLinks([ACCOUNT_LINK]);
    })
    .build();
}

/** A ledger panel and the height of its row. */
export interface LedgerPanelSpec {
  height: number;
  build: (datasource: DataSourceRef) => VizPanel;
}

/**
 * The page's ledger panels, one flex item each, or, without a usable PostgreSQL data source, a
 * single hint (sized to its content) saying how to enable them. `what` names them for the hint.
 */
export function ledgerItems(
  { settings, isAdmin }: TreasurySceneContext,
  what: string,
  panels: LedgerPanelSpec[]
): SceneFlexItem[] {
  const ledger = ledgerSetup(settings);
  if (ledger.state !== 'ready') {
    return [
      new SceneFlexItem({
        minHeight: 0,
        body: new SceneReactObject({ component: LedgerHint, props: { reason: ledger.state, isAdmin, what } }),
      }),
    ];
  }
  return panels.map(({ height, build }) => new SceneFlexItem({ height, body: build(ledger.datasource) }));
}
