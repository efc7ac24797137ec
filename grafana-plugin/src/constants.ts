import pluginJson from './plugin.json';

/** The plugin id, `tcc-treasury-app`. */
export const PLUGIN_ID = pluginJson.id;

/** Where the app's pages live in Grafana. */
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/**
 * Grafana's plugin proxy for the `exporter` routes in plugin.json: Grafana adds the exporter URL
 * and the admin token from the app settings, and checks the user's role per HTTP method.
 */
export const EXPORTER_PROXY_BASE = `/api/plugin-proxy/${PLUGIN_ID}/exporter`;

/** Page routes under {@link PLUGIN_BASE_URL}; they match the `includes` in plugin.json. */
export enum ROUTES {
  Overview = 'overview',
  Accounts = 'accounts',
  Stablecoins = 'stablecoins',
  Alerts = 'alerts',
  AccountConfiguration = 'account-configuration',
}

/** Full URL of an app page. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** URL of an account's detail page (drilldown of the accounts page). */
export function accountDetailUrl(account: string): string {
  return `${prefixRoute(ROUTES.Accounts)}/${encodeURIComponent(account)}`;
}
