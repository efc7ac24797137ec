import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { from, lastValueFrom, type Observable } from 'rxjs';

/**
 * A BackendSrv over the real `fetch`, standing in for the one Grafana installs at startup. Like
 * Grafana's, it sends `data` as JSON, parses JSON answers, and fails with a `FetchError`
 * ({status, statusText, data}) on a non-2xx status. msw answers the requests.
 */
export function createFetchBackendSrv(origin = 'http://localhost'): BackendSrv {
  const fetchOnce = async <T>(options: BackendSrvRequest): Promise<FetchResponse<T>> => {
    const url = new URL(options.url, origin);
    for (const [key, value] of Object.entries(options.params ?? {})) {
      url.searchParams.set(key, String(value));
    }
    const headers = new Headers(options.headers ?? {});
    let body: string | undefined;
    if (options.data !== undefined) {
      body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
      if (!headers.has('Content-Type')) {
        headers.set('Content-Type', 'application/json');
      }
    }
    let response: Response;
    try {
      response = await fetch(url, { method: options.method ?? 'GET', headers, body });
    } catch (cause) {
      const error: FetchError = {
        status: 0,
        statusText: 'Network error',
        data: { message: String(cause) },
        config: options,
      };
      throw error;
    }
    const text = await response.text();
    let data: unknown = text;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: Grafana keeps the text too.
    }
    if (!response.ok) {
      const error: FetchError = { status: response.status, statusText: response.statusText, data, config: options };
      throw error;
    }
    return {
      data: data as T,
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      headers: response.headers,
      redirected: response.redirected,
      type: response.type,
      url: response.url,
      config: options,
    };
  };
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(fetchOnce<T>(options));
  const call =
    (method: string) =>
    async <T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> =>
      (await lastValueFrom(fetchObservable<T>({ ...options, url, method, data }))).data;
  return {
    fetch: fetchObservable,
    get: async <T>(url: string, params?: Record<string, unknown>) =>
      (await lastValueFrom(fetchObservable<T>({ url, params }))).data,
    post: call('POST'),
    put: call('PUT'),
    patch: call('PATCH'),
    delete: call('DELETE'),
    // The interface still requires these deprecated members; the app itself only uses fetch/post.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    request: async <T>(options: BackendSrvRequest) => (await lastValueFrom(fetchObservable<T>(options))).data,
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    datasourceRequest: <T>(options: BackendSrvRequest) => lastValueFrom(fetchObservable<T>(options)),
    chunked: () => {
      throw new Error('chunked requests are not used by this app');
    },
  };
}
