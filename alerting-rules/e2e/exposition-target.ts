import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ExpositionTarget = {
  /** host:port to scrape (`/metrics`). */
  address: string;
  /** Replaces what the next scrapes see. */
  setExposition(text: string): void;
  /** Scrapes served so far, to wait for Prometheus to see a change. */
  scrapeCount(): number;
  close(): Promise<void>;
};

/**
 * A loopback HTTP server serving Prometheus exposition text the test controls, standing in for
 * the treasury exporter when the test should not depend on chains. `GET /metrics` only; anything
 * else is 404.
 */
export async function startExpositionTarget(initial: string): Promise<ExpositionTarget> {
  let exposition = initial;
  let scrapes = 0;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrapes++;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(exposition);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    setExposition(text) {
      exposition = text;
    },
    scrapeCount: () => scrapes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TreasuryAccountSnapshot = {
  account: string;
  network: string;
  address: string;
  asset: string;
  /** Whole tokens. */
  balance: number;
  minimum: number;
  priceUsd: number;
  labels?: Record<string, string>;
};

/**
 * Renders the exporter's series (DESIGN.md §4) for one account, as the real exporter would:
 * balance, USD value, minimum, info, and healthy target/config series.
 */
export function renderTreasuryExposition(snapshot: TreasuryAccountSnapshot): string {
  const { account, network, address, asset, balance, minimum, priceUsd, labels = {} } = snapshot;
  const key = `account="${account}",network="${network}",asset="${asset}"`;
  const info = Object.entries({ account, network, address, ...labels })
    .map(([name, value]) => `${name}="${value}"`)
    .join(',');
  return [
    '# HELP treasury_account_balance Balance in whole tokens.',
    '# TYPE treasury_account_balance gauge',
    `treasury_account_balance{${key}} ${balance}`,
    '# HELP treasury_account_balance_usd Balance times the consensus price.',
    '# TYPE treasury_account_balance_usd gauge',
    `treasury_account_balance_usd{${key}} ${balance * priceUsd}`,
    '# HELP treasury_account_balance_minimum min_balance from the config.',
    '# TYPE treasury_account_balance_minimum gauge',
    `treasury_account_balance_minimum{${key}} ${minimum}`,
    '# HELP treasury_account_info Descriptive account labels; always 1.',
    '# TYPE treasury_account_info gauge',
    `treasury_account_info{${info}} 1`,
    '# HELP treasury_target_up 1 if the last poll of that target succeeded.',
    '# TYPE treasury_target_up gauge',
    `treasury_target_up{network="${network}",target="${account}"} 1`,
    '# HELP treasury_exporter_config_last_reload_successful 0 or 1.',
    '# TYPE treasury_exporter_config_last_reload_successful gauge',
    'treasury_exporter_config_last_reload_successful 1',
    '',
  ].join('\n');
}
