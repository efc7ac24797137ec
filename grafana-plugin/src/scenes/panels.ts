import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import { BigValueGraphMode, ThresholdsMode } from '@grafana/schema';
import { NO_DATA_TEXT, promQueryRunner, type PromQuery } from './common';

/**
 * Small panel builders: each returns a panel with its own query runner, so pages read as a list
 * of panels and every panel's PromQL comes from src/queries/.
 */

/** A single USD figure. */
export function usdStat(uid: string, title: string, expr: string, description?: string): VizPanel {
  return PanelBuilders.stat()
    .setTitle(title)
    .setDescription(description ?? '')
    .setData(promQueryRunner(uid, [{ refId: 'A', expr, instant: true }]))
    .setUnit('currencyUSD')
    .setDecimals(0)
    .setNoValue(NO_DATA_TEXT)
    .setOption('graphMode', BigValueGraphMode.None)
    .build();
}

/** A count that is fine at 0 and red from 1 up (failing targets, firing alerts). */
export function problemCountStat(uid: string, title: string, expr: string, description: string): VizPanel {
  return PanelBuilders.stat()
    .setTitle(title)
    .setDescription(description)
    .setData(promQueryRunner(uid, [{ refId: 'A', expr, instant: true }]))
    .setNoValue('0')
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 1, color: 'red' },
      ],
    })
    .setOption('graphMode', BigValueGraphMode.None)
    .build();
}

/** USD split by one label, as horizontal bars. */
export function usdBreakdown(uid: string, title: string, expr: string, label: string): VizPanel {
  return PanelBuilders.bargauge()
    .setTitle(title)
    .setData(promQueryRunner(uid, [{ refId: 'A', expr, legendFormat: `{{${label}}}`, instant: true }]))
    .setUnit('currencyUSD')
    .setDecimals(0)
    .setNoValue(NO_DATA_TEXT)
    .setOption('displayMode', 'basic' as never)
    .setOption('orientation', 'horizontal' as never)
    .build();
}

/** A time series over one or more queries. */
export function timeSeries(uid: string, title: string, queries: PromQuery[], unit: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle(title)
    .setData(promQueryRunner(uid, queries))
    .setUnit(unit)
    .setNoValue(NO_DATA_TEXT)
    .build();
}

/** A table of instant queries, one column per query, labels as columns. */
export function instantTable(uid: string, title: string, queries: PromQuery[]): VizPanel {
  return PanelBuilders.table()
    .setTitle(title)
    .setData(
      promQueryRunner(
        uid,
        queries.map((query) => ({ ...query, instant: true, format: 'table' }))
      )
    )
    .setNoValue(NO_DATA_TEXT)
    .build();
}
