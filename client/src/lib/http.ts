import { ClientError } from './client-error';
import { isWireErrorCode } from './error-messages';

/** Default time an API request may take, in milliseconds. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Calls the JSON API on the same origin (the session cookie goes along). Resolves with the parsed
 * body (undefined for 204) or throws a ClientError with the server's code. `headers` are sent as
 * well (e.g. an `Idempotency-Key`).
 */
export async function requestJson<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Readonly<Record<string, string>> } = {},
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        ...init.headers,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: controller.signal,
    });
  } catch (error) {
    const timedOut = controller.signal.aborted;
    throw new ClientError(timedOut ? 'TIMEOUT' : 'NETWORK', error instanceof Error ? error.message : 'network error');
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

/** The ClientError an error response stands for (its `{ error: { code } }`, or one by status). */
function errorFromBody(status: number, body: unknown): ClientError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = error?.code;
  if (isWireErrorCode(code)) {
    return new ClientError(code, typeof error?.message === 'string' ? error.message : code, error?.details);
  }
  const byStatus = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  return new ClientError(byStatus, `HTTP ${status}`);
}
