/**
 * Paths of the repository files the demo and its tests read, and loaders for the two TypeScript
 * modules outside exporter/ that the tests call: the dashboards generator and the Grafana app's
 * PromQL builders. They are imported through a specifier in a variable because the exporter's
 * tsconfig `rootDir` is exporter/ (see alerting-harness.ts); their interfaces are declared here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute paths of the deployment files (read, never written, by the tests). */
export const repoFiles = {
  repoDir,
  dashboardsDir: join(repoDir, 'dashboards'),
  provisioningDir: join(repoDir, 'provisioning'),
  grafanaProvisioningDir: join(repoDir, 'provisioning', 'grafana'),
  composeFile: join(repoDir, 'docker-compose.yml'),
  envExample: join(repoDir, '.env.example'),
  exporterDockerfile: join(repoDir, 'exporter', 'Dockerfile'),
  dockerignore: join(repoDir, 'exporter', '.dockerignore'),
  exampleConfig: join(repoDir, 'examples', 'treasury.yaml'),
  rulesFile: join(repoDir, 'alerting-rules', 'treasury.rules.yml'),
  pluginJson: join(repoDir, 'grafana-plugin', 'src', 'plugin.json'),
  pluginDist: join(repoDir, 'grafana-plugin', 'dist'),
} as const;

/** Filters as the plugin's builders take them: regexes per label. */
export interface QueryFilters {
  network: string;
  entity: string;
  asset: string;
}

/** The Grafana app's query module (grafana-plugin/src/queries/index.ts), as the tests call it. */
export type PluginQueries = Record<string, unknown> & {
  MATCH_ALL_FILTERS: QueryFilters;
  VARIABLE_FILTERS: QueryFilters;
};

const pluginQueriesModule = '../../../grafana-plugin/src/queries/index.js';
const dashboardGeneratorModule = '../../../dashboards/generate.js';

/** Loads the plugin's PromQL builders. */
export async function loadPluginQueries(): Promise<PluginQueries> {
  return (await import(pluginQueriesModule)) as PluginQueries;
}

/** Loads dashboards/generate.ts and returns what it would write: file name → JSON text. */
export async function generateDashboardFiles(): Promise<Record<string, string>> {
  const generator = (await import(dashboardGeneratorModule)) as { buildDashboardFiles(): Record<string, string> };
  return generator.buildDashboardFiles();
}
