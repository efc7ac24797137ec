import { BlockfrostClientError, BlockfrostServerError } from '@blockfrost/blockfrost-js';

/**
 * Whether Blockfrost answered 404. For an address or stake account this means it has never
 * appeared on chain, which the adapter reports as a zero balance.
 */
export function isBlockfrostNotFound(error: unknown): boolean {
  return error instanceof BlockfrostServerError && error.status_code === 404;
}

/**
 * Whether the error says the backend as a whole is unusable (bad project id, over the limit,
 * server or network failure, unparseable reply) rather than that one query was wrong.
 */
export function isBlockfrostOutage(error: unknown): boolean {
  if (error instanceof BlockfrostServerError) {
    return error.status_code === 403 || error.status_code === 418 || error.status_code === 429 || error.status_code >= 500;
  }
  return error instanceof BlockfrostClientError;
}

/**
 * Turns an SDK error into a message fit for logs, the status API and `treasury_target_up`'s
 * last error. It is built from the status and Blockfrost's own `error`/`message` fields only (never
 * the SDK's `url`, which carries the backend URL), then passed through `redact` so a project id
 * echoed by a proxy cannot leak either.
 */
export function describeBlockfrostError(error: unknown, { endpoint, redact }: { endpoint: string; redact: (text: string) => string }): string {
  if (error instanceof BlockfrostServerError) {
    const status = error.status_code;
    const detail = `${status} ${error.error}: ${error.message}`;
    if (status === 403) return redact(`Blockfrost at ${endpoint} refused the project id (${detail}); check blockfrost_project_id and its network`);
    if (status === 429 || status === 418) return redact(`Blockfrost at ${endpoint} is rate limiting this project (${detail})`);
    return redact(`Blockfrost at ${endpoint} answered ${detail}`);
  }
  if (error instanceof BlockfrostClientError) {
    if (error.code === 'ERR_BODY_PARSE_FAILURE') return redact(`Blockfrost at ${endpoint} sent a reply that is not valid JSON`);
    if (error.code === 'ETIMEDOUT') return redact(`Blockfrost at ${endpoint} did not answer in time`);
    return redact(`Blockfrost at ${endpoint} could not be reached (${error.code})`);
  }
  return redact(`Blockfrost at ${endpoint}: ${error instanceof Error ? error.message : String(error)}`);
}
