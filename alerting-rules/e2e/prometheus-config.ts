import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

export type BuildPrometheusTestConfigParameters = {
  /** The repo's prometheus.yml (provisioning/prometheus/prometheus.yml). */
  sourcePath: string;
  /** host:port serving the treasury exposition (the exporter, or a stand-in). */
  scrapeTarget: string;
  /** host:port of the test's Alertmanager. */
  alertmanagerAddress: string;
  /** Absolute paths of the rules files to load. */
  ruleFiles: string[];
  /** Scrape and evaluation interval; short so the test runs in seconds. */
  interval?: string;
};

type Json = Record<string, unknown>;

/**
 * Derives the end-to-end Prometheus config from the repo's prometheus.yml by parse and modify:
 * scrape and evaluation intervals -> `interval`; `rule_files` -> `ruleFiles`; the Alertmanager
 * target -> `alertmanagerAddress`; the `treasury` scrape job's target -> `scrapeTarget` (its own
 * interval, if any, -> `interval`). Other scrape jobs are dropped: they point at container names
 * that do not exist here. Throws if the source has no `treasury` job, which the rules depend on.
 */
export function buildPrometheusTestConfig({
  sourcePath,
  scrapeTarget,
  alertmanagerAddress,
  ruleFiles,
  interval = '1s',
}: BuildPrometheusTestConfigParameters): string {
  const config = parse(readFileSync(sourcePath, 'utf8')) as Json;
  const global = (config.global ?? {}) as Json;
  global.scrape_interval = interval;
  global.evaluation_interval = interval;
  config.global = global;
  config.rule_files = ruleFiles;

  config.alerting = { alertmanagers: [{ static_configs: [{ targets: [alertmanagerAddress] }] }] };

  const jobs = (config.scrape_configs ?? []) as Json[];
  const treasuryJob = jobs.find((job) => job.job_name === 'treasury');
  if (!treasuryJob) throw new Error(`${sourcePath}: no scrape job named "treasury"`);
  treasuryJob.static_configs = [{ targets: [scrapeTarget] }];
  if ('scrape_interval' in treasuryJob) treasuryJob.scrape_interval = interval;
  if ('scrape_timeout' in treasuryJob) delete treasuryJob.scrape_timeout;
  config.scrape_configs = [treasuryJob];
  return stringify(config);
}
