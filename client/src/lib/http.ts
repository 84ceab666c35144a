import { ClientError } from './client-error';
import { isWireErrorCode } from './error-messages';

/** Default time an API request may take, in milliseconds. */
const REQUEST_TIMEOUT_MS = 15_000;

/** What a request sends besides its path. */
export interface RequestInit {
  /** Default GET. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its own type (a file: a work's subtitles); instead of `body`. */
  raw?: Blob;
  /** Sent as well (e.g. an `Idempotency-Key`). */
  headers?: Readonly<Record<string, string>>;
  /** Aborts the request (TanStack Query passes one to every query). */
  signal?: AbortSignal;
}

/**
 * The transport under the data layer: calls the JSON API on the same origin (the session cookie
 * goes along). Resolves with the body as it came, unchecked (undefined for 204), or throws a
 * ClientError with the server's code. Features do not call this: they go through
 * `fetchJson` (client/src/data/fetch-json.ts), which checks the body against its shared schema.
 */
export async function requestJson(path: string, init: RequestInit = {}): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const cancelled = init.signal;
  const onCancel = () => controller.abort();
  cancelled?.addEventListener('abort', onCancel);
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        ...init.headers,
        accept: 'application/json',
        ...(init.raw ? { 'content-type': init.raw.type || 'application/octet-stream' } : init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.raw ?? (init.body === undefined ? null : JSON.stringify(init.body)),
      signal: controller.signal,
    });
  } catch (error) {
    // The caller gave up (a query that is no longer needed): pass its reason on untouched.
    if (cancelled?.aborted) throw cancelled.reason ?? error;
    const timedOut = controller.signal.aborted;
    throw new ClientError(timedOut ? 'TIMEOUT' : 'NETWORK', error instanceof Error ? error.message : 'network error');
  } finally {
    clearTimeout(timer);
    cancelled?.removeEventListener('abort', onCancel);
  }
  if (response.status === 204) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body;
}

/** The ClientError an error response stands for (its `{ error: { code } }`, or one by status). */
function errorFromBody(status: number, body: unknown): ClientError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = error?.code;
  if (isWireErrorCode(code)) {
    return new ClientError(code, typeof error?.message === 'string' ? error.message : code, error?.details, status);
  }
  const byStatus = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  return new ClientError(byStatus, `HTTP ${status}`, undefined, status);
}

/**
 * A same-origin media file (image, subtitle or thumbnail track) as a Blob: the transport for
 * loaders of binary and text media, which have no JSON schema. Throws on a non-2xx status.
 */
export async function requestBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const response = await fetch(url, { credentials: 'same-origin', signal: signal ?? null });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}
