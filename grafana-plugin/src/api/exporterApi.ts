import { getBackendSrv, isFetchError, type FetchResponse } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { EXPORTER_PROXY_BASE } from '../constants';
import {
  accountsResponseSchema,
  conflictBodySchema,
  networksResponseSchema,
  statusResponseSchema,
  type Account,
  type ExporterStatus,
  type NetworksCatalog,
} from './schemas';

/**
 * Why a call to the exporter failed, in terms of what the user has to do about it. The pages
 * turn each kind into a message with a next step.
 */
export type ExporterErrorKind =
  /** Grafana's proxy could not reach the exporter URL (502/504, or a network error). */
  | 'unreachable'
  /** The exporter runs without TREASURY_ADMIN_TOKEN, so its API stays closed (503). */
  | 'api-closed'
  /** The exporter refused the token Grafana sent (401): missing or different in the app settings. */
  | 'unauthorized'
  /** Grafana refused the call for the user's role (403): writes need Admin. */
  | 'forbidden'
  /** The write was based on a stale ETag (412). */
  | 'conflict'
  /** The exporter rejected the content (400/422); `issues` has its validator's messages. */
  | 'invalid'
  /** The item does not exist (404). */
  | 'not-found'
  /** The answer did not have the documented shape. */
  | 'bad-response'
  | 'unknown';

/** The exporter's accounts and the ETag to send back with the next write. */
export interface AccountsSnapshot {
  accounts: Account[];
  etag: string;
}

/** An admin API failure, carrying the exporter's own message and issues verbatim. */
export class ExporterApiError extends Error {
  readonly kind: ExporterErrorKind;
  readonly status: number | undefined;
  readonly issues: string[];
  /** On a 412: the state that won, when the exporter attached it. */
  readonly current: AccountsSnapshot | undefined;

  constructor({
    kind,
    message,
    status,
    issues = [],
    current,
  }: {
    kind: ExporterErrorKind;
    message: string;
    status?: number;
    issues?: string[];
    current?: AccountsSnapshot;
  }) {
    super(message);
    this.name = 'ExporterApiError';
    this.kind = kind;
    this.status = status;
    this.issues = issues;
    this.current = current;
  }
}

function kindForStatus(status: number): ExporterErrorKind {
  if (status === 502 || status === 504 || status === 0) {
    return 'unreachable';
  }
  if (status === 503) {
    return 'api-closed';
  }
  if (status === 401) {
    return 'unauthorized';
  }
  if (status === 403) {
    return 'forbidden';
  }
  if (status === 412) {
    return 'conflict';
  }
  if (status === 400 || status === 422) {
    return 'invalid';
  }
  if (status === 404) {
    return 'not-found';
  }
  return 'unknown';
}

/** Builds the error for a failed response, keeping the exporter's `error` and `issues` as sent. */
function toExporterError(error: unknown): ExporterApiError {
  if (error instanceof ExporterApiError) {
    return error;
  }
  if (!isFetchError(error)) {
    return new ExporterApiError({
      kind: 'unreachable',
      message: error instanceof Error ? error.message : String(error),
    });
  }
  const status = error.status;
  const kind = kindForStatus(status);
  const conflict = conflictBodySchema.safeParse(error.data);
  if (conflict.success) {
    return new ExporterApiError({
      kind,
      status,
      message: conflict.data.error,
      issues: conflict.data.issues,
      current: conflict.data.current,
    });
  }
  // Grafana's own proxy errors answer `{ message }`; anything else gets the status text.
  const grafanaMessage =
    typeof error.data === 'object' && error.data !== null && 'message' in error.data
      ? String((error.data as { message: unknown }).message)
      : undefined;
  return new ExporterApiError({
    kind,
    status,
    message: grafanaMessage ?? (error.statusText || `HTTP ${status}`),
  });
}

async function request<T>({
  path,
  method = 'GET',
  data,
  ifMatch,
}: {
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  data?: unknown;
  ifMatch?: string;
}): Promise<FetchResponse<T>> {
  try {
    return await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `${EXPORTER_PROXY_BASE}${path}`,
        method,
        data,
        headers: ifMatch === undefined ? undefined : { 'If-Match': ifMatch },
        // The pages show errors in place, with what to do; no global toast.
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
  } catch (error) {
    throw toExporterError(error);
  }
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  body: unknown,
  what: string
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ExporterApiError({
      kind: 'bad-response',
      message: `The exporter's ${what} answer has an unexpected shape`,
    });
  }
  return parsed.data;
}

function encodeName(name: string): string {
  return encodeURIComponent(name);
}

/** `GET /api/v1/accounts`: the accounts and their ETag. */
export async function listAccounts(): Promise<AccountsSnapshot> {
  const response = await request<unknown>({ path: '/api/v1/accounts' });
  const { accounts } = parse(accountsResponseSchema, response.data, 'accounts');
  const etag = response.headers.get('ETag');
  if (!etag) {
    throw new ExporterApiError({ kind: 'bad-response', message: 'The exporter sent the accounts without an ETag' });
  }
  return { accounts, etag };
}

/** `POST /api/v1/accounts`: adds an account, guarded by the ETag the list was read with. */
export async function createAccount({ account, etag }: { account: Account; etag: string }): Promise<void> {
  await request({ path: '/api/v1/accounts', method: 'POST', data: account, ifMatch: etag });
}

/** `PUT /api/v1/accounts/:name`: replaces an account (the name in the body may rename it). */
export async function updateAccount({
  name,
  account,
  etag,
}: {
  name: string;
  account: Account;
  etag: string;
}): Promise<void> {
  await request({ path: `/api/v1/accounts/${encodeName(name)}`, method: 'PUT', data: account, ifMatch: etag });
}

/** `DELETE /api/v1/accounts/:name`. */
export async function deleteAccount({ name, etag }: { name: string; etag: string }): Promise<void> {
  await request({ path: `/api/v1/accounts/${encodeName(name)}`, method: 'DELETE', ifMatch: etag });
}

/**
 * `GET /api/v1/networks`: the networks and assets to offer in the form. An exporter without this
 * endpoint (404) gives `null`, and the form falls back to free text.
 */
export async function getNetworks(): Promise<NetworksCatalog | null> {
  try {
    const response = await request<unknown>({ path: '/api/v1/networks' });
    return parse(networksResponseSchema, response.data, 'networks');
  } catch (error) {
    if (error instanceof ExporterApiError && error.kind === 'not-found') {
      return null;
    }
    throw error;
  }
}

/** `GET /api/v1/status`: per-target health and last errors. */
export async function getStatus(): Promise<ExporterStatus> {
  const response = await request<unknown>({ path: '/api/v1/status' });
  return parse(statusResponseSchema, response.data, 'status');
}
