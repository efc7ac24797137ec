import {
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneReactObject,
  SceneTimeRange,
} from '@grafana/scenes';
import { ThresholdsMode } from '@grafana/schema';
import { VARIABLE_FILTERS } from '../queries/filters.js';
import {
  pegDeviation,
  pegThreshold,
  reserveRatio,
  stablecoinConsensusPrice,
  stablecoinReservesUsd,
  stablecoinSourcePrices,
  stablecoinSupply,
} from '../queries/stablecoins.js';
import { ExporterStatusBanner } from '../components/states/ExporterStatusBanner';
import {
  NO_DATA_TEXT,
  pageControls,
  promQueryRunner,
  row,
  treasuryVariables,
  type TreasurySceneContext,
} from './common';
import { timeSeries } from './panels';

/**
 * Stablecoins: price per source beside the consensus, peg deviation against its warning and
 * critical thresholds, supply per network, reserves and the reserve ratio.
 */
export function buildStablecoinsScene({ prometheusUid: uid, settings, isAdmin }: TreasurySceneContext): EmbeddedScene {
  const f = VARIABLE_FILTERS;
  const ratio = PanelBuilders.stat()
    .setTitle('Reserve ratio')
    .setDescription('Reserves / supply. Below 1 the supply is not fully backed.')
    .setData(promQueryRunner(uid, [{ refId: 'A', expr: reserveRatio(f), legendFormat: '{{asset}}', instant: true }]))
    .setUnit('percentunit')
    .setDecimals(2)
    .setNoValue('No reserves configured for these stablecoins')
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'red' },
        { value: 1, color: 'green' },
      ],
    })
    .build();
  const deviation = PanelBuilders.timeseries()
    .setTitle('Peg deviation and thresholds')
    .setDescription('consensus / peg − 1. Dashed lines: the warning and critical thresholds the alerts use.')
    .setData(
      promQueryRunner(uid, [
        { refId: 'deviation', expr: pegDeviation(f), legendFormat: '{{asset}}' },
        { refId: 'warnUp', expr: pegThreshold(f, 'warning'), legendFormat: '{{asset}} warning' },
        { refId: 'warnDown', expr: pegThreshold(f, 'warning', -1), legendFormat: '{{asset}} warning' },
        { refId: 'critUp', expr: pegThreshold(f, 'critical'), legendFormat: '{{asset}} critical' },
        { refId: 'critDown', expr: pegThreshold(f, 'critical', -1), legendFormat: '{{asset}} critical' },
      ])
    )
    .setUnit('percentunit')
    .setNoValue(NO_DATA_TEXT)
    .setOverrides((b) => {
      b.matchFieldsByQuery('warnUp')
        .overrideColor({ mode: 'fixed', fixedColor: 'orange' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] });
      b.matchFieldsByQuery('warnDown')
        .overrideColor({ mode: 'fixed', fixedColor: 'orange' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] });
      b.matchFieldsByQuery('critUp')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] });
      b.matchFieldsByQuery('critDown')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] });
    })
    .build();
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: treasuryVariables(uid, ['network', 'asset'], { stablecoinsOnly: true }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          minHeight: 0,
          body: new SceneReactObject({ component: ExporterStatusBanner, props: { settings, isAdmin } }),
        }),
        new SceneFlexItem({
          height: 300,
          body: timeSeries(
            uid,
            'Price by source',
            [
              { refId: 'sources', expr: stablecoinSourcePrices(f), legendFormat: '{{asset}} {{source}}' },
              { refId: 'consensus', expr: stablecoinConsensusPrice(f), legendFormat: '{{asset}} consensus' },
            ],
            'currencyUSD'
          ),
        }),
        new SceneFlexItem({ height: 300, body: deviation }),
        row(300, [
          timeSeries(
            uid,
            'Supply by network',
            [{ refId: 'A', expr: stablecoinSupply(f), legendFormat: '{{asset}} on {{network}}' }],
            'short'
          ),
          timeSeries(
            uid,
            'Reserves (USD)',
            [{ refId: 'A', expr: stablecoinReservesUsd(f), legendFormat: '{{asset}}' }],
            'currencyUSD'
          ),
          ratio,
        ]),
      ],
    }),
  });
}
