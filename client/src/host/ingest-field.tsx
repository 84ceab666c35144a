import { useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import text from '../ui/text.module.css';
import styles from './ingest-panel.module.css';

/** Whether a secret field shows its value, and how to change that (the panel keeps it across tabs). */
export interface SecretState {
  shown: boolean;
  onShownChange: (shown: boolean) => void;
}

/** Props of {@link IngestField}. */
export interface IngestFieldProps {
  /** The field's label (also names its buttons for screen readers). */
  label: string;
  value: string;
  /** `data-testid` of the input; its buttons get `<testId>-copy` and `<testId>-toggle`. */
  testId: string;
  /** Given for a secret (token, stream key, a URL that holds the key): hidden until shown. */
  secret?: SecretState;
}

/** What the last copy of this value did: put it on the clipboard, or only selected it for Ctrl+C. */
type CopyOutcome = { kind: 'copied' | 'selected'; of: string };

/**
 * One read-only value broadcast software needs, with Copy (and Show/Hide for a secret). Where the
 * clipboard is not allowed (plain http), Copy shows and selects the value for Ctrl+C instead: a
 * hidden password field could not be copied from. The outcome is announced (role=status).
 */
export function IngestField({ label, value, testId, secret }: IngestFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  // A new value (after "New token") was not copied yet.
  const status = outcome?.of === value ? outcome.kind : null;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome({ kind: 'copied', of: value });
    } catch {
      if (secret && !secret.shown) secret.onShownChange(true);
      // After the re-render that turned the field to text.
      requestAnimationFrame(() => input.current?.select());
      setOutcome({ kind: 'selected', of: value });
    }
  };

  return (
    <div className={styles.field}>
      <label htmlFor={`${id}-input`}>{label}</label>
      <span className={styles.row}>
        <input
          id={`${id}-input`}
          ref={input}
          className={controls.input}
          data-testid={testId}
          readOnly
          autoComplete="off"
          spellCheck={false}
          type={secret && !secret.shown ? 'password' : 'text'}
          value={value}
        />
        <span className={styles.buttons}>
          {secret && (
            <button
              type="button"
              className={buttonClass()}
              data-testid={`${testId}-toggle`}
              aria-controls={`${id}-input`}
              aria-label={t(secret.shown ? 'ingest.hideNamed' : 'ingest.showNamed', { name: label })}
              onClick={() => secret.onShownChange(!secret.shown)}
            >
              {secret.shown ? t('ingest.hide') : t('ingest.show')}
            </button>
          )}
          <button type="button" className={buttonClass()} data-testid={`${testId}-copy`} aria-label={t('ingest.copyNamed', { name: label })} onClick={() => void copy()}>
            {t('ingest.copy')}
          </button>
        </span>
      </span>
      <span role="status" className={cx(text.muted, text.small, styles.status)}>
        {status === 'copied' ? t('ingest.copied') : status === 'selected' ? t('ingest.selected') : ''}
      </span>
    </div>
  );
}
