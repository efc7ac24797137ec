import { ExporterApiError } from './exporterApi';

/** A failure explained for the person looking at the page: what happened, what to do. */
export interface ExplainedError {
  title: string;
  /** The next step, in the user's terms. */
  action: string;
  /** The exporter's or Grafana's own message, shown verbatim. */
  detail?: string;
}

/**
 * Explains an admin API failure. `canConfigure` is whether the user can open the app settings
 * (Admin): others are told whom to ask.
 */
export function explainExporterError(error: unknown, { canConfigure }: { canConfigure: boolean }): ExplainedError {
  const settings = canConfigure
    ? 'Open the app configuration page (Administration → Plugins → Treasury Command Center)'
    : 'Ask a Grafana Admin to open the app configuration page';
  if (!(error instanceof ExporterApiError)) {
    return {
      title: 'Unexpected error',
      action: 'Reload the page; if it persists, check the browser console.',
      detail: String(error),
    };
  }
  const detail = error.message;
  switch (error.kind) {
    case 'unreachable':
      return {
        title: 'The exporter is unreachable',
        action: `Grafana could not reach the exporter. Check that it runs and that the exporter URL is the address Grafana's server can reach. ${settings}.`,
        detail,
      };
    case 'api-closed':
      return {
        title: "The exporter's admin API is closed",
        action:
          'The exporter runs without TREASURY_ADMIN_TOKEN, so it refuses every admin call. Set that variable on the exporter and restart it.',
        detail,
      };
    case 'unauthorized':
      return {
        title: 'The exporter refused the admin token',
        action: `The token in the app settings is missing or differs from the exporter's TREASURY_ADMIN_TOKEN. ${settings} and set it again.`,
        detail,
      };
    case 'forbidden':
      return { title: 'Not allowed', action: 'Changing accounts needs the Admin role in this organisation.', detail };
    case 'conflict':
      return {
        title: 'Someone else changed the accounts',
        action: 'The list was reloaded; review it and apply your change again.',
        detail,
      };
    case 'invalid':
      return {
        title: 'The exporter rejected the change',
        action: 'Correct the fields named below and save again.',
        detail,
      };
    case 'not-found':
      return { title: 'Not found', action: 'The item no longer exists; the list was reloaded.', detail };
    case 'bad-response':
      return {
        title: 'Unexpected answer from the exporter',
        action: 'Check that the exporter URL points at a Treasury exporter of a matching version.',
        detail,
      };
    default:
      return { title: 'The exporter answered with an error', action: 'Check the exporter log for the cause.', detail };
  }
}
