import React from 'react';
import { screen } from '@testing-library/react';
import { OrgRole, type AppRootProps } from '@grafana/data';
import { SceneAppPage, SceneQueryRunner, SceneReactObject, VizPanel, type SceneObject } from '@grafana/scenes';
import App, { missingSetup } from '../components/App/App';
import { VARIABLE_FILTERS } from '../queries/filters.js';
import { staleOrFailingTargetCount } from '../queries/health.js';
import { pegThreshold, reserveRatio } from '../queries/stablecoins.js';
import { accountUsdHistory, totalTreasuryUsd, treasuryUsdBy } from '../queries/treasury.js';
import { firingTreasuryAlerts } from '../queries/alerts.js';
import { installGrafanaHost, PROMETHEUS_UID } from '../test/grafanaHost';
import { renderInApp } from '../test/render';
import type { TreasuryAppJsonData } from '../types';
import { buildAccountConfigurationScene } from './accountConfigurationScene';
import { buildAccountDetailScene, buildAccountsScene } from './accountsScene';
import { buildAlertsScene } from './alertsScene';
import type { TreasurySceneContext } from './common';
import { buildOverviewScene } from './overviewScene';
import { buildStablecoinsScene } from './stablecoinsScene';
import { buildTreasuryApp } from './treasuryApp';

const context: TreasurySceneContext = {
  prometheusUid: PROMETHEUS_UID,
  settings: { exporterUrl: 'http://exporter:9877', prometheusUid: PROMETHEUS_UID },
  isAdmin: true,
};

/** Every object in a scene tree, depth first. */
function descendants(root: SceneObject): SceneObject[] {
  const found: SceneObject[] = [];
  const visit = (object: SceneObject) => {
    found.push(object);
    object.forEachChild(visit);
  };
  visit(root);
  return found;
}

interface PromQueryState {
  refId: string;
  expr: string;
  datasource?: { uid?: string };
}

function queriesOf(root: SceneObject): PromQueryState[] {
  return descendants(root)
    .filter((o): o is SceneQueryRunner => o instanceof SceneQueryRunner)
    .flatMap((runner) => runner.state.queries as unknown as PromQueryState[]);
}

function panelTitles(root: SceneObject): string[] {
  return descendants(root)
    .filter((o): o is VizPanel => o instanceof VizPanel)
    .map((panel) => panel.state.title);
}

function variableNames(root: SceneObject): string[] {
  return root.state.$variables?.state.variables.map((v) => v.state.name) ?? [];
}

beforeEach(() => installGrafanaHost());

describe('page scenes', () => {
  it('overview: totals, splits, health, top accounts and changes over the configured Prometheus', () => {
    const scene = buildOverviewScene(context);
    expect(variableNames(scene)).toEqual(['network', 'entity', 'asset']);
    expect(panelTitles(scene)).toEqual([
      'Total treasury',
      'Stale or failing targets',
      'Firing treasury alerts',
      'By network',
      'By asset',
      'By entity',
      'Treasury value by entity',
      'Top accounts',
      'Changes over the time range (USD)',
    ]);
    const exprs = queriesOf(scene).map((q) => q.expr);
    expect(exprs).toContain(totalTreasuryUsd(VARIABLE_FILTERS));
    expect(exprs).toContain(treasuryUsdBy(VARIABLE_FILTERS, 'entity'));
    expect(exprs).toContain(staleOrFailingTargetCount(VARIABLE_FILTERS));
    expect(queriesOf(scene).every((q) => q.datasource?.uid === PROMETHEUS_UID)).toBe(true);
    expect(descendants(scene).some((o) => o instanceof SceneReactObject)).toBe(true);
  });

  it('accounts: one table with balance, USD, health and last success', () => {
    const scene = buildAccountsScene(context);
    expect(panelTitles(scene)).toEqual(['Accounts']);
    expect(queriesOf(scene).map((q) => q.refId)).toEqual(['balance', 'usd', 'health', 'lastSuccess']);
  });

  it("account detail: the account's history, narrowed to that account", () => {
    const scene = buildAccountDetailScene(context, 'ops-hot');
    expect(queriesOf(scene).map((q) => q.expr)).toContain(accountUsdHistory(VARIABLE_FILTERS, 'ops-hot'));
    expect(queriesOf(scene).every((q) => q.expr.includes('ops-hot'))).toBe(true);
  });

  it('stablecoins: prices, peg deviation with both thresholds, supply, reserves, ratio', () => {
    const scene = buildStablecoinsScene(context);
    expect(variableNames(scene)).toEqual(['network', 'asset']);
    const exprs = queriesOf(scene).map((q) => q.expr);
    expect(exprs).toEqual(
      expect.arrayContaining([
        pegThreshold(VARIABLE_FILTERS, 'warning'),
        pegThreshold(VARIABLE_FILTERS, 'critical', -1),
        reserveRatio(VARIABLE_FILTERS),
      ])
    );
    expect(panelTitles(scene)).toEqual([
      'Price by source',
      'Peg deviation and thresholds',
      'Supply by network',
      'Reserves (USD)',
      'Reserve ratio',
    ]);
  });

  it('alerts: firing alerts from ALERTS and the rule list', () => {
    const scene = buildAlertsScene(context);
    expect(queriesOf(scene).map((q) => q.expr)).toContain(firingTreasuryAlerts());
    expect(descendants(scene).filter((o) => o instanceof SceneReactObject)).toHaveLength(1);
  });

  it('account configuration: the editor, told whether the exporter is connected', () => {
    const scene = buildAccountConfigurationScene({ ...context, settings: { prometheusUid: PROMETHEUS_UID } });
    const editor = descendants(scene).find((o): o is SceneReactObject => o instanceof SceneReactObject)!;
    expect(editor.state.props).toEqual({ exporterConfigured: false, isAdmin: true });
  });

  it('app: one page per navigation entry, accounts with a drilldown', () => {
    const app = buildTreasuryApp(context);
    const pages = app.state.pages as SceneAppPage[];
    expect(pages.map((p) => p.state.url)).toEqual([
      '/a/tcc-treasury-app/overview',
      '/a/tcc-treasury-app/accounts',
      '/a/tcc-treasury-app/stablecoins',
      '/a/tcc-treasury-app/alerts',
      '/a/tcc-treasury-app/account-configuration',
    ]);
    const drilldown = pages[1]!.state.drilldowns![0]!;
    const detail = drilldown.getPage({ params: { account: 'ops%2Fhot' }, isExact: true, path: '', url: '' }, pages[1]!);
    expect(detail.state.title).toBe('ops/hot');
    expect(detail.state.url).toBe('/a/tcc-treasury-app/accounts/ops%2Fhot');
  });
});

describe('app root empty states', () => {
  const meta = (jsonData: Record<string, string>) =>
    ({ meta: { jsonData } }) as unknown as AppRootProps<TreasuryAppJsonData>;

  it('asks an Admin to choose a Prometheus data source first', () => {
    renderInApp(<App {...meta({})} />);
    expect(screen.getByText('Treasury Command Center needs setting up')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open the app settings/ })).toHaveAttribute(
      'href',
      '/plugins/tcc-treasury-app'
    );
  });

  it('tells a Viewer whom to ask', () => {
    installGrafanaHost({ orgRole: OrgRole.Viewer });
    renderInApp(<App {...meta({})} />);
    expect(screen.getByText('Ask a Grafana Admin of this organisation to open the app settings.')).toBeInTheDocument();
  });

  it('notices a Prometheus data source that was deleted', () => {
    expect(missingSetup({ prometheusUid: 'gone' })).toBe('prometheus-missing');
    expect(missingSetup({ prometheusUid: PROMETHEUS_UID })).toBeNull();
    renderInApp(<App {...meta({ prometheusUid: 'gone' })} />);
    expect(screen.getByText(/no longer exists/)).toBeInTheDocument();
  });
});
