import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { ClientError } from '../../lib/client-error';
import { awardErrorMessage } from './award-errors';

// Small pieces the judge and organiser pages share: a button that shows it is working, an error
// callout with the shared messages, and an inline "are you sure?" step.

/** A button that, while `busy`, is disabled and shows a spinner with `busyLabel`. */
export function BusyButton({ busy, busyLabel, children, disabled, className = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean; busyLabel: string }) {
  return (
    <button type="button" {...rest} className={className} disabled={busy || disabled} aria-busy={busy || undefined}>
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" /> {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}

/** An error as a callout in the user's language (nothing without one); its code is in data-code. */
export function ErrorNote({ error, testId }: { error: ClientError | null; testId: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = awardErrorMessage(error);
  return (
    <p className="callout callout--error" role="alert" data-testid={testId} data-code={error.code}>
      {t(message.key, message.params)}
    </p>
  );
}

/**
 * The confirmation step of a consequential action: the question, extra inputs (`children`, such
 * as a reason), Confirm (`<testId>-confirm`, disabled unless `canConfirm`) and Cancel.
 */
export function ConfirmPanel({ testId, question, confirmLabel, busy, canConfirm = true, onConfirm, onCancel, children }: {
  testId: string;
  question: string;
  confirmLabel: string;
  busy: boolean;
  canConfirm?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="award-confirm" role="group" aria-label={question} data-testid={`${testId}-panel`}>
      <p className="award-confirm__question">{question}</p>
      {children}
      <div className="row">
        <BusyButton className="button button--primary" busy={busy} busyLabel={t('awardsAdmin.working')} disabled={!canConfirm} onClick={onConfirm} data-testid={`${testId}-confirm`}>
          {confirmLabel}
        </BusyButton>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy} data-testid={`${testId}-cancel`}>
          {t('awardsAdmin.cancel')}
        </button>
      </div>
    </div>
  );
}
