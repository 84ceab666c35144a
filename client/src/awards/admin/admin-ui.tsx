import type { ButtonHTMLAttributes } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { ClientError } from '../../lib/client-error';
import { awardErrorMessage } from './award-errors';
import { calloutClass } from '../../ui/callout';
import spinnerStyles from '../../ui/spinner.module.css';
import { buttonClass } from '../../ui/button';

// Small pieces the judge and organiser pages share: a button that shows it is working and an error
// callout with the shared messages ("are you sure?" questions are ui/confirm-dialog).

/** A button that, while `busy`, is disabled and shows a spinner with `busyLabel`. */
export function BusyButton({ busy, busyLabel, children, disabled, className = buttonClass(), ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean; busyLabel: string }) {
  return (
    <button type="button" {...rest} className={className} disabled={busy || disabled} aria-busy={busy || undefined}>
      {busy ? (
        <>
          <span className={spinnerStyles.spinner} aria-hidden="true" /> {busyLabel}
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
    <p className={calloutClass('error')} role="alert" data-testid={testId} data-code={error.code}>
      {t(message.key, message.params)}
    </p>
  );
}
