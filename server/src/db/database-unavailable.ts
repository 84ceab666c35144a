import { AppError } from '@yunzhan/shared';

// A database that stops answering mid-run is an outage, not a bug: the pg errors that mean "the
// connection is gone or cannot be made" become DATABASE_UNAVAILABLE (503) where the data layer
// meets pg, so HTTP answers, socket acks and background work all see the same typed error. Done
// there, not in the HTTP error handler, because ECONNRESET alone cannot tell a lost database from
// a browser that went away.

/** The database does not answer; the operation was not applied (its transaction rolled back or never began). */
export class DatabaseUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super('DATABASE_UNAVAILABLE', 'The database is not answering; nothing was saved. Try again in a moment.');
    if (cause !== undefined) this.cause = cause;
  }
}

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going away or cannot take the connection: 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections; class 08 (below) is
 * every connection exception.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg and pg-pool say (without a code) when a connection ends, times out or cannot be had. */
const CLIENT_MESSAGES = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/** Whether `err` (from pg, pg-pool or the socket under them) means the database cannot be reached. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (CLIENT_MESSAGES.has(err.message)) return true;
  // Node's connect to a name with several addresses fails with every attempt's error.
  if (err instanceof AggregateError) return err.errors.some(isConnectionFailure);
  return false;
}

/** `err` as DATABASE_UNAVAILABLE when it is a connection failure, else `err` unchanged. */
export function translateConnectionFailure(err: unknown): unknown {
  return isConnectionFailure(err) && !(err instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(err) : err;
}
