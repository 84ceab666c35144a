import { z } from 'zod';

/** Stable error codes carried on the wire; clients switch on these, never on messages. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'PROTOCOL_MISMATCH',
  'UNKNOWN_EVENT',
  'MEDIA_UNAVAILABLE',
  'INTERNAL',
  // Uploads: why ffprobe refused a file, and why an accepted one could not be transcoded.
  'NOT_MEDIA',
  'MEDIA_CORRUPT',
  'MEDIA_TOO_LONG',
  'MEDIA_TOO_LARGE',
  'UNSUPPORTED_CODEC',
  'MEDIA_NO_VIDEO',
  'TRANSCODE_FAILED',
  // Exhibitions: a layout the hall cannot hold, a draft saved over a newer one, a bad scene file.
  'PLACEMENT_OVERLAP',
  'PLACEMENT_OFF_WALL',
  'PLACEMENT_INVALID',
  'SCENE_INVALID',
  'REVISION_CONFLICT',
  // Awards: outside the phase that allows it, a work the category does not accept, no votes
  // left, a score already submitted, a winner not decided because of a tie.
  'PHASE_CLOSED',
  'NOT_ELIGIBLE',
  'VOTE_LIMIT',
  'SCORE_FINAL',
  'TIE_UNRESOLVED',
  // Security (issue 10): a cross-site state change; untrusted files over a parser's limits;
  // weak passwords and names that hide characters or pose as staff; a sign-up refused without
  // saying why; a session revoked under an open connection; too many anonymous connections.
  'CSRF_REJECTED',
  'MODEL_TOO_COMPLEX',
  'IMAGE_TOO_LARGE',
  'FILE_TOO_COMPLEX',
  'PASSWORD_WEAK',
  'NAME_NOT_ALLOWED',
  'SIGN_UP_REFUSED',
  'SESSION_ENDED',
  'TOO_MANY_CONNECTIONS',
  // Data layer (issue 11): the database does not answer (a request is refused whole, nothing
  // half-written); a DATABASE_URL that cannot be used; a migration that failed at start.
  'DATABASE_UNAVAILABLE',
  'DATABASE_CONFIG',
  'MIGRATION_FAILED',
  // Subtitles of video works (issue 14): a file that is not WebVTT/SRT (details name the line),
  // one over 512 KiB, one not in UTF-8.
  'SUBTITLE_INVALID',
  'SUBTITLE_TOO_LARGE',
  'SUBTITLE_ENCODING',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The error object inside every error response and error ack. */
export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** The one error shape on the wire: `{ error: { code, message, details? } }`. */
export const ErrorBody = z.object({ error: ErrorInfo });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** HTTP status used for each error code. */
export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  PROTOCOL_MISMATCH: 426,
  UNKNOWN_EVENT: 400,
  MEDIA_UNAVAILABLE: 503,
  INTERNAL: 500,
  NOT_MEDIA: 415,
  MEDIA_CORRUPT: 422,
  MEDIA_TOO_LONG: 422,
  MEDIA_TOO_LARGE: 413,
  UNSUPPORTED_CODEC: 415,
  MEDIA_NO_VIDEO: 422,
  TRANSCODE_FAILED: 500,
  PLACEMENT_OVERLAP: 422,
  PLACEMENT_OFF_WALL: 422,
  PLACEMENT_INVALID: 422,
  SCENE_INVALID: 422,
  REVISION_CONFLICT: 409,
  PHASE_CLOSED: 409,
  NOT_ELIGIBLE: 422,
  VOTE_LIMIT: 409,
  SCORE_FINAL: 409,
  TIE_UNRESOLVED: 409,
  CSRF_REJECTED: 403,
  MODEL_TOO_COMPLEX: 422,
  IMAGE_TOO_LARGE: 422,
  FILE_TOO_COMPLEX: 422,
  PASSWORD_WEAK: 400,
  NAME_NOT_ALLOWED: 400,
  SIGN_UP_REFUSED: 409,
  SESSION_ENDED: 401,
  TOO_MANY_CONNECTIONS: 429,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_CONFIG: 500,
  MIGRATION_FAILED: 500,
  SUBTITLE_INVALID: 422,
  SUBTITLE_TOO_LARGE: 413,
  SUBTITLE_ENCODING: 415,
};

/** Base class of errors that carry a stable code to the client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
  /** The wire form of this error. */
  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The request or payload failed schema validation; details name the bad fields. */
export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, details);
  }
}
/** The caller is not signed in. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first') {
    super('UNAUTHENTICATED', message);
  }
}
/** The caller's role does not allow this; `details` may say why (e.g. `{ reason: 'muted' }`). */
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed', details?: unknown) {
    super('FORBIDDEN', message, details);
  }
}
/** The thing asked for does not exist. */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}
/** The thing exists but is in a state where this cannot happen. */
export class InvalidStateError extends AppError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}
/** The caller is sending too fast. `details.retryAfterMs` says when to try again. */
export class RateLimitedError extends AppError {
  constructor(retryAfterMs: number) {
    super('RATE_LIMITED', 'Too many requests, slow down', { retryAfterMs });
  }
}
/** The name is taken or the row already exists. */
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

/** Turns a zod error into a ValidationError naming each bad field by its path. */
export function validationErrorFrom(error: z.ZodError): ValidationError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const message = first ? `Invalid ${first.path || 'payload'}: ${first.message}` : 'Invalid payload';
  return new ValidationError(message, { issues });
}

/** Parses `input` with `schema`, throwing a ValidationError that names the bad fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFrom(result.error);
  return result.data;
}
