/** The text the demo prints once everything runs: where to look and what is simulated. */
import type { RunningDemo } from './start-demo.js';
import {
  demoDepeggingStablecoin,
  demoDrainingAccount,
  demoNetworks,
} from './treasury-scenario.js';

/** Renders the start banner for a running demo. */
export function renderBanner(demo: RunningDemo, { tickMs }: { tickMs: number }): string {
  const drained = demo.treasury.accounts.find((account) => account.name === demoDrainingAccount.name);
  const minimum = drained?.minBalance?.[demoDrainingAccount.asset];
  const lines = [
    '',
    'Treasury Command Center demo: a simulated treasury on two local chains, watched by the exporter',
    '',
    `  Exporter metrics   ${demo.exporterUrl}/metrics`,
    `  Exporter health    ${demo.exporterUrl}/readyz`,
  ];
  if (demo.prometheusUrl) {
    lines.push(
      `  Prometheus         ${demo.prometheusUrl}   (alerts: ${demo.prometheusUrl}/alerts)`,
      `  Alertmanager       ${demo.alertmanagerUrl}`,
    );
  }
  lines.push(
    '',
    `  Config             ${demo.configPath}`,
    `                     edit it, then \`kill -HUP ${process.pid}\` to reload`,
    '',
    `Simulated, every ${tickMs / 1000} s (chains ${demoNetworks.l1.name} ${demoNetworks.l1.chainId}, ${demoNetworks.l2.name} ${demoNetworks.l2.chainId}):`,
    `  - ${demo.treasury.accounts.length} accounts: ${demo.treasury.accounts.map((a) => a.name).join(', ')}`,
    '  - ETH and WBTC Chainlink-compatible feeds follow a seeded random walk; USDC stays near 1.00',
    `  - ${demoDepeggingStablecoin.asset} slowly loses its peg (-${demoDepeggingStablecoin.perTick} USD per tick): peg warning, then critical`,
    `  - ${demoDrainingAccount.name} loses ${demoDrainingAccount.perTick} ${demoDrainingAccount.asset} per tick and drifts below its minimum of ${minimum} ${demoDrainingAccount.asset}`,
    `  - ${demoDepeggingStablecoin.asset} supply on both chains is backed by custody-reserve: reserve ratio ≈ 1.08`,
  );
  if (demo.shortenedRules.length > 0) {
    const examples = demo.shortenedRules
      .filter((rule) => ['TreasuryBalanceBelowMinimum', 'TreasuryStablecoinDepeg'].includes(rule.alert))
      .slice(0, 3)
      .map((rule) => `${rule.alert} ${rule.from}→${rule.to}`)
      .join(', ');
    lines.push(
      '',
      'Alert rules: alerting-rules/treasury.rules.yml with every `for:` divided so that alerts fire',
      `within minutes (${examples}, …); --real-alert-timings keeps them as written.`,
      'Alertmanager routes with provisioning/alertmanager/alertmanager.yml; its Slack and email',
      'notifications go to local log-only sinks and are printed below.',
    );
  }
  for (const note of demo.notes) lines.push('', `Note: ${note}`);
  lines.push('', 'Ctrl-C stops everything the demo started.', '');
  return lines.join('\n');
}
