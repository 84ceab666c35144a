import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, httpStatusOf, type ErrorBody, type ErrorInfo } from '@yunzhan/shared';

/** Maps anything thrown to the wire error; unknown errors become INTERNAL without leaking details. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  // express.json() and other body parsers signal bad input with a `status` and `type`.
  const e = err as { status?: number; type?: string; message?: string };
  if (e?.type === 'entity.too.large') return { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' };
  if (e?.type === 'entity.parse.failed') return { code: 'BAD_REQUEST', message: 'Malformed JSON body' };
  if (e?.status && e.status >= 400 && e.status < 500) return { code: 'BAD_REQUEST', message: e.message ?? 'Bad request' };
  return { code: 'INTERNAL', message: 'Internal error' };
}

/** Error codes of a response cut short because the client went away. */
const CLIENT_GONE = new Set(['ECONNABORTED', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Express error handler that answers `{ error: { code, message, details? } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // A viewer that goes away mid-response (hls.js cancels part loads when it switches level) is
    // not a server fault: note it quietly, there is nobody left to answer.
    if (CLIENT_GONE.has(String((err as { code?: unknown })?.code))) {
      logger.debug({ method: req.method, url: req.originalUrl }, 'request aborted by the client');
      if (!res.headersSent) res.end();
      return;
    }
    const info = toErrorInfo(err);
    if (info.code === 'INTERNAL') logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    // An outage, not a bug: the operator sees what pg said, the client gets 503 DATABASE_UNAVAILABLE.
    if (info.code === 'DATABASE_UNAVAILABLE') logger.warn({ err: (err as Error).cause ?? err, method: req.method, url: req.originalUrl }, 'database unavailable');
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: ErrorBody = { error: info };
    res.status(httpStatusOf[info.code]).json(body);
  };
}

/** 404 in the shared error shape for unmatched API routes. */
export const notFoundApi: RequestHandler = (req, res) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.path}` } };
  res.status(404).json(body);
};
