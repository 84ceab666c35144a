import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { formatBytes, percentOf } from '../uploads/upload-logic';
import progressStyles from '../uploads/upload-progress.module.css';
import type { UploadState } from '../uploads/use-tus-upload';
import styles from './work-form.module.css';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of an upload's progress row. */
interface UploadProgressRowProps {
  state: UploadState;
  pause: () => void;
  resume: () => void;
  /** Test id prefix: `<prefix>-progress`, `-pause`, `-resume`, `-error`. */
  testId: string;
}

/** A tus upload under way: name, bytes sent, a progress bar, pause/resume and the refusal, if any. */
export function UploadProgressRow({ state, pause, resume, testId }: UploadProgressRowProps) {
  const { t, locale } = useI18n();
  if (state.phase === 'idle') return null;
  const percent = percentOf(state.bytesSent, state.bytesTotal);
  const refusal = state.error ? errorMessage(state.error.code, state.error.details) : null;
  return (
    <div className={styles.upload} data-testid={testId} data-phase={state.phase}>
      <div className={layout.row}>
        <strong className={styles.uploadName}>{state.filename}</strong>
        <span className={layout.spacer} />
        <span className={cx(text.muted, text.small)} aria-live="polite">
          {t('upload.sent', { percent, sent: formatBytes(state.bytesSent, locale), total: formatBytes(state.bytesTotal, locale) })}
        </span>
      </div>
      <progress className={progressStyles.progress} data-testid={`${testId}-progress`} max={100} value={percent} aria-label={t('upload.uploadProgress')} />
      {state.resumed && <p className={cx(text.small, text.muted)}>{t('upload.resumed')}</p>}
      <div className={layout.row}>
        {state.phase === 'uploading' && (
          <button type="button" className={buttonClass()} data-testid={`${testId}-pause`} onClick={pause}>
            {t('upload.pause')}
          </button>
        )}
        {(state.phase === 'paused' || (state.phase === 'error' && state.error?.code === 'NETWORK')) && (
          <button type="button" className={buttonClass('primary')} data-testid={`${testId}-resume`} onClick={resume}>
            {t('upload.resume')}
          </button>
        )}
        {state.phase === 'paused' && <span className={cx(text.muted, text.small)}>{t('upload.paused')}</span>}
      </div>
      {state.error && refusal && (
        <p className={calloutClass('error')} role="alert" data-testid={`${testId}-error`} data-code={state.error.code}>
          {t(refusal.key, refusal.params)}
        </p>
      )}
    </div>
  );
}
