import React, { useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';
import { config } from '@grafana/runtime';
import { useSceneApp } from '@grafana/scenes';
import { buildTreasuryApp } from '../../scenes/treasuryApp';
import type { TreasuryAppJsonData } from '../../types';
import { isOrgAdmin } from '../../utils/roles';
import { SetupRequired } from '../states/SetupRequired';

/** Which setup step is missing before the pages can query Prometheus, if any. */
export function missingSetup(settings: TreasuryAppJsonData): 'no-prometheus' | 'prometheus-missing' | null {
  if (!settings.prometheusUid) {
    return 'no-prometheus';
  }
  const exists = Object.values(config.datasources).some((ds) => ds.uid === settings.prometheusUid);
  return exists ? null : 'prometheus-missing';
}

function TreasuryScenes({
  settings,
  isAdmin,
  prometheusUid,
}: {
  settings: TreasuryAppJsonData;
  isAdmin: boolean;
  prometheusUid: string;
}) {
  const getApp = useMemo(
    () => () => buildTreasuryApp({ prometheusUid, settings, isAdmin }),
    [prometheusUid, settings, isAdmin]
  );
  const app = useSceneApp(getApp);
  return <app.Component model={app} />;
}

/** The app's root: the setup notice until a Prometheus data source is set, then the Scenes pages. */
function App({ meta }: AppRootProps<TreasuryAppJsonData>) {
  const settings = meta.jsonData ?? {};
  const isAdmin = isOrgAdmin();
  const missing = missingSetup(settings);
  if (missing || !settings.prometheusUid) {
    return <SetupRequired reason={missing ?? 'no-prometheus'} isAdmin={isAdmin} />;
  }
  return <TreasuryScenes settings={settings} isAdmin={isAdmin} prometheusUid={settings.prometheusUid} />;
}

export default App;
