import React from 'react';
import { render, screen } from '@testing-library/react';
import {
  QueryVariable,
  sceneGraph,
  SceneQueryRunner,
  SceneReactObject,
  VizPanel,
  type EmbeddedScene,
  type SceneObject,
} from '@grafana/scenes';
import { LedgerHint } from '../components/states/LedgerHint';
import { VARIABLE_FILTERS } from '../queries/filters.js';
import { accountBalanceChanges, configChanges, recentBalanceChanges } from '../queries/ledger.js';
import { installGrafanaHost, LEDGER_UID, PROMETHEUS_UID } from '../test/grafanaHost';
import { buildAccountConfigurationScene } from './accountConfigurationScene';
import { buildAccountDetailScene } from './accountsScene';
import { ledgerSetup, type TreasurySceneContext } from './common';
import { buildOverviewScene } from './overviewScene';

const withoutLedger: TreasurySceneContext = {
  prometheusUid: PROMETHEUS_UID,
  settings: { exporterUrl: 'http://exporter:9877', prometheusUid: PROMETHEUS_UID },
  isAdmin: true,
};
const withLedger: TreasurySceneContext = {
  ...withoutLedger,
  settings: { ...withoutLedger.settings, postgresUid: LEDGER_UID },
};
const LEDGER_REF = { type: 'grafana-postgresql-datasource', uid: LEDGER_UID };

function descendants(root: SceneObject): SceneObject[] {
  const found: SceneObject[] = [];
  const visit = (object: SceneObject) => {
    found.push(object);
    object.forEachChild(visit);
  };
  visit(root);
  return found;
}

interface SqlQueryState {
  refId: string;
  rawSql?: string;
  format?: string;
  rawQuery?: boolean;
  datasource?: { type?: string; uid?: string };
}

function runners(root: SceneObject): SceneQueryRunner[] {
  return descendants(root).filter((o): o is SceneQueryRunner => o instanceof SceneQueryRunner);
}

/** The queries of every runner on the ledger data source, with the runner's own data source. */
function sqlQueries(root: SceneObject): Array<SqlQueryState & { runnerUid?: string }> {
  return runners(root)
    .filter((runner) => runner.state.datasource?.uid === LEDGER_UID)
    .flatMap((runner) =>
      (runner.state.queries as unknown as SqlQueryState[]).map((q) => ({
        ...q,
        runnerUid: runner.state.datasource?.uid,
      }))
    );
}

function panelTitles(root: SceneObject): string[] {
  return descendants(root)
    .filter((o): o is VizPanel => o instanceof VizPanel)
    .map((panel) => panel.state.title);
}

function hints(root: SceneObject): SceneReactObject[] {
  return descendants(root).filter(
    (o): o is SceneReactObject => o instanceof SceneReactObject && o.state.component === LedgerHint
  );
}

/** Renders a scene's hint object as the scene would (its component with its props). */
function renderHint(hint: SceneReactObject) {
  const { component: Component, props } = hint.state;
  if (!Component) {
    throw new Error('hint without component');
  }
  return render(<Component {...(props as object)} />);
}

beforeEach(() => installGrafanaHost());

describe('ledger setup', () => {
  it('resolves the configured uid to the data source and its type', () => {
    expect(ledgerSetup(withLedger.settings)).toEqual({ state: 'ready', datasource: LEDGER_REF });
    expect(ledgerSetup(withoutLedger.settings)).toEqual({ state: 'not-configured' });
    expect(ledgerSetup({ postgresUid: 'deleted' })).toEqual({ state: 'missing' });
  });
});

describe('overview with the ledger', () => {
  it('adds the recent changes table on PostgreSQL and keeps the Prometheus changes panel', () => {
    const scene = buildOverviewScene(withLedger);
    const titles = panelTitles(scene);
    expect(titles.slice(-3)).toEqual(['Top accounts', 'Changes over the time range (USD)', 'Recent changes (ledger)']);
    expect(sqlQueries(scene)).toEqual([
      {
        refId: 'A',
        rawSql: recentBalanceChanges(VARIABLE_FILTERS),
        format: 'table',
        rawQuery: true,
        editorMode: 'code',
        datasource: LEDGER_REF,
        runnerUid: LEDGER_UID,
      },
    ]);
    // Every other runner still reads Prometheus.
    const others = runners(scene).filter((runner) => runner.state.datasource?.uid !== LEDGER_UID);
    expect(others.length).toBe(9);
    expect(others.every((runner) => runner.state.datasource?.uid === PROMETHEUS_UID)).toBe(true);
    expect(hints(scene)).toHaveLength(0);
  });

  it("interpolates the page's variables into valid, quoted SQL", () => {
    const scene = buildOverviewScene(withLedger);
    const variables = scene.state.$variables!;
    const network = variables.getByName('network') as QueryVariable;
    const asset = variables.getByName('asset') as QueryVariable;
    // "All" (Grafana's `$__all`, turned into the variable's `.*`) and a multi-value selection whose
    // second value would end a single-quoted string and reference a variable if not escaped.
    network.setState({ value: ['$__all'], text: ['All'] });
    asset.setState({ value: ['USDC', "it's$network"], text: ['USDC', "it's$network"] });
    const runner = runners(scene).find((r) => r.state.datasource?.uid === LEDGER_UID)!;
    const rawSql = (runner.state.queries[0] as unknown as SqlQueryState).rawSql!;
    expect(sceneGraph.interpolate(runner, rawSql)).toBe(
      [
        'SELECT observed_at AS "time", account, network, asset, previous, "current", delta, price_usd, delta_usd',
        'FROM tcc_balance_changes',
        'WHERE $__timeFilter(observed_at)',
        "  AND network ~ ('^(' || $tcc_re$.*$tcc_re$ || ')$')",
        "  AND asset ~ ('^(' || $tcc_re$(USDC|it's\\$network)$tcc_re$ || ')$')",
        'ORDER BY observed_at DESC',
        'LIMIT 200',
      ].join('\n')
    );
  });
});

describe('overview without the ledger', () => {
  it('omits the ledger table and says how to enable it, with a link for Admins', () => {
    const scene = buildOverviewScene(withoutLedger);
    expect(panelTitles(scene)).not.toContain('Recent changes (ledger)');
    expect(panelTitles(scene)).toContain('Changes over the time range (USD)');
    expect(sqlQueries(scene)).toEqual([]);
    const [hint, ...more] = hints(scene);
    expect(more).toHaveLength(0);
    expect(hint!.state.props).toEqual({ reason: 'not-configured', isAdmin: true, what: 'Recent balance changes' });
    renderHint(hint!);
    expect(screen.getByText('Recent balance changes: ledger not connected')).toBeInTheDocument();
    expect(screen.getByText('ledger.postgres_url')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open the app settings/ })).toHaveAttribute(
      'href',
      '/plugins/tcc-treasury-app'
    );
  });

  it('tells a Viewer to ask an Admin', () => {
    const [hint] = hints(buildOverviewScene({ ...withoutLedger, isAdmin: false }));
    renderHint(hint!);
    expect(screen.getByText('Ask a Grafana Admin of this organisation to set it up.')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('notices a PostgreSQL data source that was deleted', () => {
    const scene = buildOverviewScene({
      ...withoutLedger,
      settings: { ...withoutLedger.settings, postgresUid: 'gone' },
    });
    expect(sqlQueries(scene)).toEqual([]);
    const [hint] = hints(scene);
    expect(hint!.state.props).toMatchObject({ reason: 'missing' });
    renderHint(hint!);
    expect(screen.getByText('Recent balance changes: ledger data source not found')).toBeInTheDocument();
    expect(screen.getByText(/no longer exists/)).toBeInTheDocument();
  });
});

describe('account detail', () => {
  it("adds the account's balance and configuration changes from the ledger", () => {
    const scene = buildAccountDetailScene(withLedger, 'ops-hot');
    expect(panelTitles(scene).slice(-2)).toEqual(['Balance changes (ledger)', 'Configuration changes']);
    expect(sqlQueries(scene).map((q) => [q.rawSql, q.datasource])).toEqual([
      [accountBalanceChanges(VARIABLE_FILTERS, 'ops-hot'), LEDGER_REF],
      [configChanges({ account: 'ops-hot' }), LEDGER_REF],
    ]);
    expect(sqlQueries(scene).every((q) => q.rawSql!.includes("account = 'ops-hot'"))).toBe(true);
  });

  it('shows one hint instead of both panels without the ledger', () => {
    const scene = buildAccountDetailScene(withoutLedger, 'ops-hot');
    expect(sqlQueries(scene)).toEqual([]);
    expect(hints(scene).map((h) => h.state.props)).toEqual([
      { reason: 'not-configured', isAdmin: true, what: 'Balance and configuration changes' },
    ]);
  });
});

describe('account configuration', () => {
  function timeRangeOf(scene: EmbeddedScene) {
    return scene.state.$timeRange?.state;
  }

  it('lists configuration changes under the editor, with a time range for them', () => {
    const scene = buildAccountConfigurationScene(withLedger);
    expect(panelTitles(scene)).toEqual(['Configuration changes']);
    expect(sqlQueries(scene).map((q) => [q.rawSql, q.datasource])).toEqual([[configChanges(), LEDGER_REF]]);
    expect(timeRangeOf(scene)).toMatchObject({ from: 'now-30d', to: 'now' });
    const editor = descendants(scene).find((o): o is SceneReactObject => o instanceof SceneReactObject)!;
    expect(editor.state.props).toEqual({ exporterConfigured: true, isAdmin: true });
  });

  it('keeps only the editor and the hint without the ledger', () => {
    const scene = buildAccountConfigurationScene(withoutLedger);
    expect(panelTitles(scene)).toEqual([]);
    expect(scene.state.controls ?? []).toEqual([]);
    expect(hints(scene).map((h) => h.state.props)).toEqual([
      { reason: 'not-configured', isAdmin: true, what: 'Configuration changes' },
    ]);
  });
});
