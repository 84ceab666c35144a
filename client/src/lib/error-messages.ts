import type { ErrorCode } from '@yunzhan/shared';
import type { MessageKey } from '../i18n/dictionary';
import type { ClientErrorCode, LocalErrorCode } from './client-error';

// Typed as a Record over every code, so adding a code to shared/errors.ts without a message here
// is a compile error. (A plain object rather than the zod enum keeps zod out of the lobby bundle.)
const WIRE_MESSAGES: Record<ErrorCode, MessageKey> = {
  BAD_REQUEST: 'error.BAD_REQUEST',
  VALIDATION_FAILED: 'error.VALIDATION_FAILED',
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  CONFLICT: 'error.CONFLICT',
  INVALID_STATE: 'error.INVALID_STATE',
  RATE_LIMITED: 'error.RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'error.PAYLOAD_TOO_LARGE',
  PROTOCOL_MISMATCH: 'error.PROTOCOL_MISMATCH',
  UNKNOWN_EVENT: 'error.UNKNOWN_EVENT',
  MEDIA_UNAVAILABLE: 'error.MEDIA_UNAVAILABLE',
  INTERNAL: 'error.INTERNAL',
  NOT_MEDIA: 'error.NOT_MEDIA',
  MEDIA_CORRUPT: 'error.MEDIA_CORRUPT',
  MEDIA_TOO_LONG: 'error.MEDIA_TOO_LONG',
  MEDIA_TOO_LARGE: 'error.MEDIA_TOO_LARGE',
  UNSUPPORTED_CODEC: 'error.UNSUPPORTED_CODEC',
  MEDIA_NO_VIDEO: 'error.MEDIA_NO_VIDEO',
  TRANSCODE_FAILED: 'error.TRANSCODE_FAILED',
  PLACEMENT_OVERLAP: 'error.PLACEMENT_OVERLAP',
  PLACEMENT_OFF_WALL: 'error.PLACEMENT_OFF_WALL',
  PLACEMENT_INVALID: 'error.PLACEMENT_INVALID',
  SCENE_INVALID: 'error.SCENE_INVALID',
  REVISION_CONFLICT: 'error.REVISION_CONFLICT',
  PHASE_CLOSED: 'error.PHASE_CLOSED',
  NOT_ELIGIBLE: 'error.NOT_ELIGIBLE',
  VOTE_LIMIT: 'error.VOTE_LIMIT',
  SCORE_FINAL: 'error.SCORE_FINAL',
  TIE_UNRESOLVED: 'error.TIE_UNRESOLVED',
  CSRF_REJECTED: 'error.CSRF_REJECTED',
  MODEL_TOO_COMPLEX: 'error.MODEL_TOO_COMPLEX',
  IMAGE_TOO_LARGE: 'error.IMAGE_TOO_LARGE',
  FILE_TOO_COMPLEX: 'error.FILE_TOO_COMPLEX',
  PASSWORD_WEAK: 'error.PASSWORD_WEAK',
  NAME_NOT_ALLOWED: 'error.NAME_NOT_ALLOWED',
  SIGN_UP_REFUSED: 'error.SIGN_UP_REFUSED',
  SESSION_ENDED: 'error.SESSION_ENDED',
  TOO_MANY_CONNECTIONS: 'error.TOO_MANY_CONNECTIONS',
  DATABASE_UNAVAILABLE: 'error.DATABASE_UNAVAILABLE',
  DATABASE_CONFIG: 'error.DATABASE_CONFIG',
  MIGRATION_FAILED: 'error.MIGRATION_FAILED',
  SUBTITLE_INVALID: 'error.SUBTITLE_INVALID',
  SUBTITLE_TOO_LARGE: 'error.SUBTITLE_TOO_LARGE',
  SUBTITLE_ENCODING: 'error.SUBTITLE_ENCODING',
};

const LOCAL_MESSAGES: Record<LocalErrorCode, MessageKey> = {
  NETWORK: 'error.NETWORK',
  TIMEOUT: 'error.TIMEOUT',
  DISCONNECTED: 'error.DISCONNECTED',
  MEDIA_PERMISSION: 'error.MEDIA_PERMISSION',
  MEDIA_DEVICE: 'error.MEDIA_DEVICE',
  WEBRTC: 'error.WEBRTC',
  PLAYBACK: 'error.PLAYBACK',
  UNSUPPORTED: 'error.UNSUPPORTED',
  BAD_RESPONSE: 'error.BAD_RESPONSE',
};

/** Whether `code` is one of the error codes the server sends (shared/errors.ts). */
export function isWireErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(WIRE_MESSAGES, code);
}

/** A translatable message: a dictionary key and the values for its placeholders. */
export interface ErrorMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * The friendly message for an error code. Unknown codes (a newer server) get the generic one;
 * RATE_LIMITED says how long to wait when the server tells (`details.retryAfterMs`).
 */
export function errorMessage(code: ClientErrorCode | string, details?: unknown): ErrorMessage {
  if (code === 'RATE_LIMITED') {
    const retryAfterMs = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
      return { key: 'error.RATE_LIMITED_WAIT', params: { seconds: Math.ceil(retryAfterMs / 1000) } };
    }
  }
  if (isWireErrorCode(code)) return { key: WIRE_MESSAGES[code] };
  if (Object.hasOwn(LOCAL_MESSAGES, code)) return { key: LOCAL_MESSAGES[code as LocalErrorCode] };
  return { key: 'error.generic' };
}
