import type { ErrorCode, ErrorInfo } from '@yunzhan/shared';

/** Failures that happen in the browser rather than on the server. */
export type LocalErrorCode =
  | 'NETWORK'
  | 'TIMEOUT'
  | 'DISCONNECTED'
  | 'MEDIA_PERMISSION'
  | 'MEDIA_DEVICE'
  | 'WEBRTC'
  | 'PLAYBACK'
  | 'UNSUPPORTED'
  /** The server answered with a body its shared schema does not accept. */
  | 'BAD_RESPONSE';

/** Any code the client can show a message for. */
export type ClientErrorCode = ErrorCode | LocalErrorCode;

/** An error carrying a wire code (from an HTTP body or a socket ack) or a local one. */
export class ClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
    /** The HTTP status of the answer this error came from, when it came from one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ClientError';
  }

  /** Wraps an error from the wire. */
  static from(info: ErrorInfo): ClientError {
    return new ClientError(info.code, info.message, info.details);
  }
}

/** Turns anything thrown into a ClientError, keeping its code when it has one. */
export function toClientError(error: unknown, fallback: ClientErrorCode = 'INTERNAL'): ClientError {
  if (error instanceof ClientError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ClientError(fallback, message);
}
