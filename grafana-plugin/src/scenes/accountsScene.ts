import {
  EmbeddedScene,
  PanelBuilders,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneReactObject,
  SceneTimeRange,
  type VizPanel,
} from '@grafana/scenes';
import { MappingType, ThresholdsMode } from '@grafana/schema';
import { VARIABLE_FILTERS } from '../queries/filters.js';
import { accountHealth, accountLastSuccess } from '../queries/health.js';
import {
  accountBalanceHistory,
  accountBalances,
  accountBalancesUsd,
  accountInfo,
  accountMinimumBalances,
  accountUsdHistory,
} from '../queries/treasury.js';
import { ExporterStatusBanner } from '../components/states/ExporterStatusBanner';
import { prefixRoute, ROUTES } from '../constants';
import {
  NO_DATA_TEXT,
  pageControls,
  promQueryRunner,
  row,
  treasuryVariables,
  type TreasurySceneContext,
} from './common';
import { accountChangesPanel, configChangesPanel, ledgerItems } from './ledgerPanels';
import { instantTable, timeSeries } from './panels';

/**
 * One row per holding (account × asset): balance, USD, health and last success. Instant queries
 * merged on their labels; the account name links to its detail page.
 */
export function accountsTable(uid: string, account?: string): VizPanel {
  const f = VARIABLE_FILTERS;
  const runner = promQueryRunner(uid, [
    { refId: 'balance', expr: accountBalances(f, account), instant: true, format: 'table' },
    { refId: 'usd', expr: accountBalancesUsd(f, account), instant: true, format: 'table' },
    {
      refId: 'health',
      expr: `max by (account, network) (${accountHealth(f, account)})`,
      instant: true,
      format: 'table',
    },
    {
      refId: 'lastSuccess',
      expr: `max by (account, network) (${accountLastSuccess(f, account)}) * 1000`,
      instant: true,
      format: 'table',
    },
  ]);
  const data = new SceneDataTransformer({
    $data: runner,
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true },
          indexByName: {
            account: 0,
            network: 1,
            asset: 2,
            'Value #balance': 3,
            'Value #usd': 4,
            'Value #health': 5,
            'Value #lastSuccess': 6,
          },
          renameByName: {
            'Value #balance': 'Balance',
            'Value #usd': 'USD',
            'Value #health': 'Health',
            'Value #lastSuccess': 'Last success',
          },
        },
      },
    ],
  });
  return PanelBuilders.table()
    .setTitle('Accounts')
    .setData(data)
    .setNoValue(NO_DATA_TEXT)
    .setOverrides((b) => {
      b.matchFieldsWithName('account').overrideLinks([
        { title: 'Account details', url: `${prefixRoute(ROUTES.Accounts)}/\${__value.text:percentencode}` },
      ]);
      b.matchFieldsWithName('USD').overrideUnit('currencyUSD').overrideDecimals(2);
      b.matchFieldsWithName('Last success').overrideUnit('dateTimeFromNow');
      b.matchFieldsWithName('Health')
        .overrideMappings([
          {
            type: MappingType.ValueToText,
            options: {
              '1': { text: 'OK', color: 'green', index: 0 },
              '0': { text: 'Failing', color: 'red', index: 1 },
            },
          },
        ])
        .overrideCustomFieldConfig('cellOptions', { type: 'color-text' } as never);
    })
    .build();
}

/** Accounts: the table of every holding under the filters. */
export function buildAccountsScene({ prometheusUid: uid, settings, isAdmin }: TreasurySceneContext): EmbeddedScene {
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
        new SceneFlexItem({ minHeight: 500, body: accountsTable(uid) }),
      ],
    }),
  });
}

/**
 * One account: its labels, current holdings, and its history in USD and in tokens; with the
 * ledger, each balance change and each configuration change of the account.
 */
export function buildAccountDetailScene(context: TreasurySceneContext, account: string): EmbeddedScene {
  const { prometheusUid: uid } = context;
  const f = VARIABLE_FILTERS;
  const health = PanelBuilders.stat()
    .setTitle('Last poll')
    .setData(promQueryRunner(uid, [{ refId: 'A', expr: `max(${accountHealth(f, account)})`, instant: true }]))
    .setMappings([
      {
        type: MappingType.ValueToText,
        options: { '1': { text: 'OK', color: 'green', index: 0 }, '0': { text: 'Failing', color: 'red', index: 1 } },
      },
    ])
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'red' },
        { value: 1, color: 'green' },
      ],
    })
    .setNoValue('Not polled yet')
    .build();
  const lastSuccess = PanelBuilders.stat()
    .setTitle('Last success')
    .setData(
      promQueryRunner(uid, [{ refId: 'A', expr: `max(${accountLastSuccess(f, account)}) * 1000`, instant: true }])
    )
    .setUnit('dateTimeFromNow')
    .setNoValue('Never')
    .build();
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now' }),
    $variables: treasuryVariables(uid, ['network', 'entity', 'asset']),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        row(120, [health, lastSuccess, instantTable(uid, 'Labels', [{ refId: 'A', expr: accountInfo(account) }])]),
        new SceneFlexItem({ height: 220, body: accountsTable(uid, account) }),
        new SceneFlexItem({
          height: 300,
          body: timeSeries(
            uid,
            'USD value by asset',
            [{ refId: 'A', expr: accountUsdHistory(f, account), legendFormat: '{{asset}}' }],
            'currencyUSD'
          ),
        }),
        new SceneFlexItem({
          height: 300,
          body: timeSeries(
            uid,
            'Balance by asset (tokens) and configured minimum',
            [
              { refId: 'A', expr: accountBalanceHistory(f, account), legendFormat: '{{asset}}' },
              { refId: 'B', expr: accountMinimumBalances(f, account), legendFormat: '{{asset}} minimum' },
            ],
            'short'
          ),
        }),
        ...ledgerItems(context, 'Balance and configuration changes', [
          { height: 320, build: (ledger) => accountChangesPanel(ledger, f, account) },
          { height: 240, build: (ledger) => configChangesPanel(ledger, account) },
        ]),
      ],
    }),
  });
}
