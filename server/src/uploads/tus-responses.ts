import { AppError, httpStatusOf, type ErrorBody, type ErrorCode, type ErrorInfo } from '@yunzhan/shared';

// @tus/server answers errors with its own status and a plain-text body. Every answer of the
// upload endpoint carries the one wire shape instead, `{ error: { code, message, details? } }`,
// so the uploader's page can show a translated message for a stable code. A hook that throws
// `{ status_code, body }` has tus send exactly that (the documented way to reject an upload).

/** What a tus hook throws to have the request answered with this status and body. */
export interface TusRejection {
  status_code: number;
  body: string;
}

/** The tus rejection carrying an error in the wire shape, with the status of its code. */
export function tusRejection(error: AppError | ErrorInfo): TusRejection {
  const info = error instanceof AppError ? error.toInfo() : error;
  const body: ErrorBody = { error: info };
  return { status_code: httpStatusOf[info.code], body: JSON.stringify(body) };
}

/** Whether a tus error body is already in the wire shape. */
function isWireBody(body: unknown): boolean {
  if (typeof body !== 'string' || !body.startsWith('{')) return false;
  try {
    return typeof (JSON.parse(body) as { error?: { code?: unknown } }).error?.code === 'string';
  } catch {
    return false;
  }
}

/** The code of a tus protocol error by its status (tus only gives status and text). */
function codeOfStatus(status: number): ErrorCode {
  if (status === 413) return 'MEDIA_TOO_LARGE';
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 423) return 'CONFLICT';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/**
 * `onResponseError` of the tus server: tus's own errors get the wire shape (keeping their status,
 * which tus clients act on: 409 offset conflict, 404/410 gone, 423 locked); ours pass unchanged.
 * Anything else is a 500 whose details stay in the log.
 */
export function mapTusError(err: Error | TusRejection, log: (err: unknown) => void): TusRejection {
  const tusErr = err as Partial<TusRejection> & { message?: string };
  if (typeof tusErr.status_code === 'number' && isWireBody(tusErr.body)) return { status_code: tusErr.status_code, body: tusErr.body! };
  if (typeof tusErr.status_code === 'number') {
    const code = codeOfStatus(tusErr.status_code);
    if (code === 'INTERNAL') log(err);
    const message = typeof tusErr.body === 'string' && tusErr.body.trim() ? tusErr.body.trim() : 'Upload failed';
    return { status_code: tusErr.status_code, body: JSON.stringify({ error: { code, message } } satisfies ErrorBody) };
  }
  log(err);
  return tusRejection({ code: 'INTERNAL', message: 'Internal error' });
}
