/**
 * The provisioning files parse and reference only things that exist: data source uids, the
 * plugin id and its settings, dashboard paths, Compose services, secrets and rule files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { boundHostPaths, readComposeFile, type ComposeService } from './compose-checks.js';
import { repoFiles } from './repo-files.js';

type Json = Record<string, unknown>;

const compose = readComposeFile();
const grafana = compose.services.grafana!;
const grafanaDir = repoFiles.grafanaProvisioningDir;
const pluginId = (JSON.parse(readFileSync(repoFiles.pluginJson, 'utf8')) as { id: string }).id;

function readYamlFolder(folder: string): { file: string; content: Json }[] {
  return readdirSync(join(grafanaDir, folder))
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => ({ file, content: parse(readFileSync(join(grafanaDir, folder, file), 'utf8')) as Json }));
}

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  user?: string;
  isDefault?: boolean;
  jsonData?: Json;
  secureJsonData?: Record<string, string>;
}

const datasources = readYamlFolder('datasources').flatMap(({ content }) => content.datasources as Datasource[]);
const apps = readYamlFolder('plugins').flatMap(({ content }) => content.apps as { type: string; jsonData: Json; secureJsonData: Record<string, string> }[]);
const providers = readYamlFolder('dashboards').flatMap(({ content }) => content.providers as { options: { path: string } }[]);

/** Field names of an exported TypeScript interface in grafana-plugin/src/types.ts. */
function interfaceFields(name: string): string[] {
  const source = readFileSync(join(repoFiles.repoDir, 'grafana-plugin', 'src', 'types.ts'), 'utf8');
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  if (!body) throw new Error(`grafana-plugin/src/types.ts has no interface ${name}`);
  return [...body.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]!);
}

/** The container port a Compose service listens on, from its `ports` or its `--listen` flag. */
function servicePorts(service: ComposeService): number[] {
  const published = [...(service.ports ?? []), ...(service.expose ?? [])].map((port) => Number(String(port).split(':').pop()));
  const command = Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
  const listen = /--listen[ =]\S*:(\d+)/.exec(command);
  return [...published, ...(listen ? [Number(listen[1])] : [])];
}

/** `host:port` or `http://host:port` must name a Compose service and a port it listens on. */
function expectComposeEndpoint(endpoint: string) {
  const { hostname, port } = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  expect(Object.keys(compose.services)).toContain(hostname);
  expect(servicePorts(compose.services[hostname]!)).toContain(Number(port));
}

/** `$__file{/run/secrets/X}` and `*_file: /run/secrets/X` need secret X on that service. */
function expectSecretsMounted(text: string, service: ComposeService) {
  const secrets = (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));
  const used = [...text.matchAll(/\/run\/secrets\/([a-z_]+)/g)].map((m) => m[1]!);
  expect(used.length).toBeGreaterThan(0);
  for (const name of used) {
    expect(secrets).toContain(name);
    expect(Object.keys(compose.secrets ?? {})).toContain(name);
  }
}

test('Grafana reads the provisioning folder from provisioning/grafana, with its three kinds', () => {
  expect(boundHostPaths(grafana)).toContainEqual(expect.objectContaining({ hostPath: grafanaDir, target: '/etc/grafana/provisioning' }));
  for (const folder of ['datasources', 'plugins', 'dashboards']) {
    const files = readYamlFolder(folder);
    expect(files.length).toBeGreaterThan(0);
    for (const { content } of files) expect(content.apiVersion).toBe(1);
  }
});

test('data sources: Prometheus, Alertmanager and PostgreSQL with unique uids, reaching Compose services', () => {
  expect(datasources.map((d) => `${d.type} ${d.uid}`).sort()).toEqual([
    'alertmanager tcc-alertmanager',
    'grafana-postgresql-datasource tcc-postgres',
    'prometheus tcc-prometheus',
  ]);
  for (const datasource of datasources) expectComposeEndpoint(datasource.url);
  const prometheus = datasources.find((d) => d.type === 'prometheus')!;
  expect(datasources.find((d) => d.uid === prometheus.jsonData?.alertmanagerUid)?.type).toBe('alertmanager');
  expect(datasources.filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['tcc-prometheus']);
  const postgres = datasources.find((d) => d.type === 'grafana-postgresql-datasource')!;
  const postgresEnv = compose.services.postgres!.environment!;
  expect([postgres.user, postgres.jsonData?.database]).toEqual([postgresEnv.POSTGRES_USER, postgresEnv.POSTGRES_DB]);
  expectSecretsMounted(readFileSync(join(grafanaDir, 'datasources', 'treasury.yml'), 'utf8'), grafana);
});

test('the app plugin is enabled under its id with settings the app defines, pointing at what exists', () => {
  expect(apps.map((app) => app.type)).toEqual([pluginId]);
  const [app] = apps;
  const jsonFields = interfaceFields('TreasuryAppJsonData');
  expect(Object.keys(app!.jsonData).filter((key) => !jsonFields.includes(key))).toEqual([]);
  expect(Object.keys(app!.secureJsonData).filter((key) => !interfaceFields('TreasuryAppSecureJsonData').includes(key))).toEqual([]);
  expect(datasources.find((d) => d.uid === app!.jsonData.prometheusUid)?.type).toBe('prometheus');
  expect(datasources.find((d) => d.uid === app!.jsonData.postgresUid)?.type).toBe('grafana-postgresql-datasource');
  expectComposeEndpoint(app!.jsonData.exporterUrl as string);
  expectSecretsMounted(readFileSync(join(grafanaDir, 'plugins', 'tcc-treasury-app.yml'), 'utf8'), grafana);
  // The exporter reads the same token from its own copy of the secret.
  expect(compose.services.exporter!.environment?.TREASURY_ADMIN_TOKEN_FILE).toBe('/run/secrets/treasury_admin_token');
});

test('the dashboards provider reads dashboards/ through a Grafana mount, and finds the three dashboards', () => {
  expect(providers).toHaveLength(1);
  const mount = boundHostPaths(grafana).find((volume) => volume.target === providers[0]!.options.path);
  expect(mount?.hostPath).toBe(repoFiles.dashboardsDir);
  const uids = readdirSync(repoFiles.dashboardsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => (JSON.parse(readFileSync(join(repoFiles.dashboardsDir, file), 'utf8')) as { uid: string }).uid)
    .sort();
  expect(uids).toEqual(['tcc-exporter-health', 'tcc-overview', 'tcc-stablecoins']);
});

test('prometheus.yml scrapes the exporter service, alerts to the Alertmanager service and loads the mounted rules', () => {
  const prometheusService = compose.services.prometheus!;
  const mounts = boundHostPaths(prometheusService);
  const configMount = mounts.find((m) => m.target === '/etc/prometheus/prometheus.yml')!;
  expect(configMount.hostPath).toBe(join(repoFiles.provisioningDir, 'prometheus', 'prometheus.yml'));
  const config = parse(readFileSync(configMount.hostPath, 'utf8')) as {
    rule_files: string[];
    alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  const treasuryJob = config.scrape_configs.find((job) => job.job_name === 'treasury')!;
  for (const target of treasuryJob.static_configs.flatMap((c) => c.targets)) expectComposeEndpoint(target);
  for (const target of config.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((c) => c.targets))) {
    expectComposeEndpoint(target);
  }
  // Each rule_files glob matches a mounted file that exists in the repository.
  for (const glob of config.rule_files) {
    const pattern = new RegExp(`^${glob.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
    const matched = mounts.filter((m) => pattern.test(m.target));
    expect(matched.map((m) => m.hostPath)).toEqual([repoFiles.rulesFile]);
    expect(existsSync(repoFiles.rulesFile)).toBe(true);
  }
});

test('alertmanager.yml reads its secrets from Compose secrets the alertmanager service mounts', () => {
  const alertmanager = compose.services.alertmanager!;
  const folder = boundHostPaths(alertmanager).find((m) => m.target === '/etc/alertmanager')!;
  expect(folder.hostPath).toBe(join(repoFiles.provisioningDir, 'alertmanager'));
  expectSecretsMounted(readFileSync(join(folder.hostPath, 'alertmanager.yml'), 'utf8'), alertmanager);
});

test('provisioning/README.md links only to files that exist', () => {
  const readme = readFileSync(join(repoFiles.provisioningDir, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!).filter((link) => !link.includes('://'));
  expect(links.length).toBeGreaterThanOrEqual(3);
  for (const link of links) expect([link, existsSync(join(repoFiles.provisioningDir, link))]).toEqual([link, true]);
});
