import type { MessageKey } from '../../i18n/dictionary';
import type { ClientError } from '../../lib/client-error';
import { errorMessage, type ErrorMessage } from '../../lib/error-messages';

// Awards refusals share codes and say why in `details.reason` (NOT_ELIGIBLE: kind, not-ready,
// too-many, too-old; FORBIDDEN: recused; CONFLICT: already-voted...). Reasons with their own
// words get them; everything else gets the shared message for the code.

const REASONS: Readonly<Record<string, MessageKey>> = {
  'NOT_ELIGIBLE:kind': 'awardsAdmin.reason.kind',
  'NOT_ELIGIBLE:not-ready': 'awardsAdmin.reason.notReady',
  'NOT_ELIGIBLE:too-many': 'awardsAdmin.reason.tooMany',
  'NOT_ELIGIBLE:too-old': 'awardsAdmin.reason.tooOld',
  'FORBIDDEN:recused': 'awardsAdmin.reason.recused',
};

/** The reason in an error's details, if it carries one. */
export function reasonOf(details: unknown): string | null {
  const reason = (details as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' ? reason : null;
}

/** The message for an awards error: the reason's own words where there are some, else the code's. */
export function awardErrorMessage(error: Pick<ClientError, 'code' | 'details'>): ErrorMessage {
  const reason = reasonOf(error.details);
  const key = reason ? REASONS[`${error.code}:${reason}`] : undefined;
  return key ? { key } : errorMessage(error.code, error.details);
}
