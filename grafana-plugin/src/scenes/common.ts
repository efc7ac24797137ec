import { config } from '@grafana/runtime';
import type { DataSourceRef } from '@grafana/schema';
import {
  QueryVariable,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneVariableSet,
  VariableValueSelectors,
  type SceneObject,
} from '@grafana/scenes';
import {
  ASSET_VARIABLE_QUERY,
  ENTITY_VARIABLE_QUERY,
  NETWORK_VARIABLE_QUERY,
  STABLECOIN_VARIABLE_QUERY,
} from '../queries/variables.js';
import type { TreasuryAppJsonData } from '../types';

/** What every page builder needs from the app settings and the signed-in user. */
export interface TreasurySceneContext {
  /** UID of the Prometheus data source (checked to exist before any page is built). */
  prometheusUid: string;
  settings: TreasuryAppJsonData;
  /** Whether the user is an org Admin (sees edit controls and settings links). */
  isAdmin: boolean;
}

/** Shown by panels whose query returns nothing, with the likely reason. */
export const NO_DATA_TEXT = 'No data yet: the exporter has not reported this, or the filters exclude it';

/** A reference to the configured Prometheus data source. */
export function prometheusRef(uid: string): DataSourceRef {
  return { type: 'prometheus', uid };
}

/** One PromQL query for a query runner. */
export interface PromQuery {
  refId: string;
  expr: string;
  legendFormat?: string;
  /** Instant queries feed stats and tables; range queries feed time series. */
  instant?: boolean;
  /** `table` keeps labels as columns. */
  format?: 'time_series' | 'table';
}

/** A query runner over Prometheus. */
export function promQueryRunner(uid: string, queries: PromQuery[]): SceneQueryRunner {
  const datasource = prometheusRef(uid);
  return new SceneQueryRunner({
    datasource,
    queries: queries.map(({ refId, expr, legendFormat, instant = false, format = 'time_series' }) => ({
      refId,
      datasource,
      expr,
      legendFormat,
      instant,
      range: !instant,
      format,
    })),
    maxDataPoints: 500,
  });
}

/**
 * Whether the pages can read the exporter's ledger: the PostgreSQL data source chosen in the app
 * settings (`jsonData.postgresUid`), resolved to its type, or why there is none.
 */
export type LedgerSetup =
  | { state: 'ready'; datasource: DataSourceRef }
  | { state: 'not-configured' }
  /** A uid is set but no such data source exists any more (deleted or renamed uid). */
  | { state: 'missing' };

/** Resolves the ledger data source from the app settings against the org's data sources. */
export function ledgerSetup(settings: TreasuryAppJsonData): LedgerSetup {
  const uid = settings.postgresUid;
  if (!uid) {
    return { state: 'not-configured' };
  }
  const found = Object.values(config.datasources).find((ds) => ds.uid === uid);
  // The type comes from the data source itself: `grafana-postgresql-datasource` since Grafana 10.3,
  // `postgres` on instances provisioned before.
  return found ? { state: 'ready', datasource: { type: found.type, uid } } : { state: 'missing' };
}

/** One SQL query for a query runner over a SQL data source. */
export interface SqlQuery {
  refId: string;
  rawSql: string;
}

/** A query runner over the ledger's PostgreSQL data source; results as tables. */
export function sqlQueryRunner(datasource: DataSourceRef, queries: SqlQuery[]): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource,
    // `rawQuery` and `editorMode: 'code'` keep Grafana's SQL editor from rebuilding the query from
    // its visual builder when someone opens the panel in Explore.
    queries: queries.map(({ refId, rawSql }) => ({
      refId,
      datasource,
      rawSql,
      format: 'table',
      rawQuery: true,
      editorMode: 'code',
    })),
  });
}

/** Which template variables a page has. */
export type TreasuryVariableName = 'network' | 'entity' | 'asset';

function queryVariable(uid: string, name: string, label: string, query: string): QueryVariable {
  return new QueryVariable({
    name,
    label,
    datasource: prometheusRef(uid),
    query: { query, refId: `variable-${name}` },
    isMulti: true,
    includeAll: true,
    // `.*` rather than a list of every value: short queries, and accounts without the label match.
    allValue: '.*',
    defaultToAll: true,
  });
}

/**
 * The page's variables. `asset` lists held assets, or only stablecoins on the stablecoin page.
 */
export function treasuryVariables(
  uid: string,
  names: TreasuryVariableName[],
  { stablecoinsOnly = false }: { stablecoinsOnly?: boolean } = {}
): SceneVariableSet {
  const all = {
    network: () => queryVariable(uid, 'network', 'Network', NETWORK_VARIABLE_QUERY),
    entity: () => queryVariable(uid, 'entity', 'Entity', ENTITY_VARIABLE_QUERY),
    asset: () =>
      queryVariable(
        uid,
        'asset',
        stablecoinsOnly ? 'Stablecoin' : 'Asset',
        stablecoinsOnly ? STABLECOIN_VARIABLE_QUERY : ASSET_VARIABLE_QUERY
      ),
  };
  return new SceneVariableSet({ variables: names.map((name) => all[name]()) });
}

/** Variable pickers on the left, time and refresh on the right. */
export function pageControls(): SceneObject[] {
  return [
    new VariableValueSelectors({}),
    new SceneControlsSpacer(),
    new SceneTimePicker({ isOnCanvas: true }),
    new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'], isOnCanvas: true }),
  ];
}

/** A horizontal row of items with a common height. */
export function row(height: number, children: SceneObject[]): SceneFlexItem {
  return new SceneFlexItem({
    height,
    body: new SceneFlexLayout({
      direction: 'row',
      children: children.map((body) => (body instanceof SceneFlexItem ? body : new SceneFlexItem({ body }))),
    }),
  });
}
