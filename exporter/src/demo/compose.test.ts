/**
 * docker-compose.yml, exporter/Dockerfile and .env.example, checked without a Docker engine:
 * the Compose specification's JSON schema, then this repository's deployment rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  boundHostPaths,
  envExampleVariables,
  finalStageUser,
  interpolatedVariables,
  loadComposeSchema,
  readComposeFile,
  validateComposeFile,
} from './compose-checks.js';
import { repoFiles } from './repo-files.js';

const compose = readComposeFile();
const composeText = readFileSync(repoFiles.composeFile, 'utf8');
const pluginId = (JSON.parse(readFileSync(repoFiles.pluginJson, 'utf8')) as { id: string }).id;

test('docker-compose.yml is valid against the Compose specification JSON schema', () => {
  expect(validateComposeFile(compose, loadComposeSchema())).toEqual([]);
});

test('the schema check catches a broken file (an unknown service key, a wrong healthcheck type)', () => {
  const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
  broken.services.exporter!.helthcheck = {};
  broken.services.grafana!.healthcheck = 'wget';
  const errors = validateComposeFile(broken, loadComposeSchema());
  expect(errors.some((e) => e.startsWith('/services/exporter') && e.includes('helthcheck'))).toBe(true);
  expect(errors.some((e) => e.startsWith('/services/grafana/healthcheck'))).toBe(true);
});

test('the stack has the five services, each with a health check', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'exporter', 'grafana', 'postgres', 'prometheus']);
  for (const [name, service] of Object.entries(compose.services)) {
    expect([name, Array.isArray(service.healthcheck?.test) && service.healthcheck!.disable !== true]).toEqual([name, true]);
  }
});

test('the exporter is built by the multi-stage exporter/Dockerfile and runs as a non-root user', () => {
  const build = compose.services.exporter!.build!;
  const dockerfile = readFileSync(join(repoFiles.repoDir, build.context, build.dockerfile ?? 'Dockerfile'), 'utf8');
  expect(join(repoFiles.repoDir, build.context, build.dockerfile!)).toBe(repoFiles.exporterDockerfile);
  expect(dockerfile.match(/^FROM\s/gim)!.length).toBeGreaterThanOrEqual(2);
  const user = finalStageUser(dockerfile);
  expect(user).toBeDefined();
  expect(['root', '0', '0:0']).not.toContain(user);
  // The runtime stage copies compiled output from the build stage, not the sources.
  expect(dockerfile).toMatch(/COPY --from=build \S*dist/);
  // Every path the Dockerfile copies from the context exists.
  for (const [, from] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const path of from!.split(/\s+/)) expect([path, existsSync(join(repoFiles.repoDir, build.context, path))]).toEqual([path, true]);
  }
});

test('secrets come from .env only: no literal secret in the compose file, every variable documented', () => {
  const secretLike = /PASSWORD|TOKEN|SECRET|API_KEY|PROJECT_ID|RPC_URL|WEBHOOK/;
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (!secretLike.test(key)) continue;
      // Either interpolated from .env, or a path to a Compose secret file.
      const ok = /^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/.test(String(value)) || (key.endsWith('_FILE') && String(value).startsWith('/run/secrets/'));
      expect([name, key, ok]).toEqual([name, key, true]);
    }
  }
  for (const [name, secret] of Object.entries(compose.secrets ?? {})) {
    expect([name, typeof secret.environment]).toEqual([name, 'string']);
  }
  const secretFiles = [...composeText.matchAll(/\/run\/secrets\/([a-z_]+)/g)].map((m) => m[1]!);
  for (const file of secretFiles) expect(Object.keys(compose.secrets ?? {})).toContain(file);

  const documented = envExampleVariables(readFileSync(repoFiles.envExample, 'utf8'));
  const needed = [...interpolatedVariables(composeText), ...Object.values(compose.secrets ?? {}).map((s) => s.environment!)];
  expect(needed.filter((name) => !documented.includes(name))).toEqual([]);
  // .env itself is never committed.
  expect(readFileSync(join(repoFiles.repoDir, '.gitignore'), 'utf8').split('\n')).toContain('.env');
});

test('Grafana loads the app from grafana-plugin/dist and allows exactly that unsigned plugin', () => {
  const grafana = compose.services.grafana!;
  const mounts = boundHostPaths(grafana);
  expect(mounts).toContainEqual(
    expect.objectContaining({ hostPath: repoFiles.pluginDist, target: `/var/lib/grafana/plugins/${pluginId}` }),
  );
  expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginId);
});

test('every host path the services mount exists, and services wait for healthy dependencies', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const { source, hostPath } of boundHostPaths(service)) {
      // grafana-plugin/dist is the plugin's build output (git-ignored, `npm run build` in
      // grafana-plugin): what must exist is the plugin it is built from.
      const committed = hostPath === repoFiles.pluginDist ? repoFiles.pluginJson : hostPath;
      expect([name, source, existsSync(committed)]).toEqual([name, source, true]);
    }
  }
  const grafanaDependencies = compose.services.grafana!.depends_on as Record<string, { condition?: string }>;
  expect(Object.entries(grafanaDependencies).map(([name, d]) => `${name}:${d.condition}`).sort()).toEqual([
    'alertmanager:service_healthy',
    'postgres:service_healthy',
    'prometheus:service_healthy',
  ]);
});

test('the exporter image copies the manifest of every npm workspace, so `npm ci` sees the lockfile in sync', () => {
  const dockerfile = readFileSync(repoFiles.exporterDockerfile, 'utf8');
  const ignore = readFileSync(join(repoFiles.repoDir, 'exporter', 'Dockerfile.dockerignore'), 'utf8').split('\n');
  const workspaces = (JSON.parse(readFileSync(join(repoFiles.repoDir, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  for (const workspace of workspaces) {
    const manifest = `${workspace}/package.json`;
    // In both install stages (build and production dependencies).
    expect([manifest, dockerfile.split(`COPY ${manifest} ${workspace}/`).length - 1 >= 2]).toEqual([manifest, true]);
    // Not hidden from the build context by the ignore file (a `dir/*` rule needs its `!dir/package.json`).
    if (ignore.includes(`${workspace}/*`)) expect(ignore).toContain(`!${manifest}`);
    expect(ignore).not.toContain(workspace);
  }
});
