import { useI18n } from '../i18n/i18n';
import type { UploadState } from '../uploads/use-tus-upload';
import { UploadProgressRow } from './upload-progress-row';
import type { FieldErrorLike } from '../ui/form-field';
import { FieldMessage, describedBy, fieldDomId } from './work-upload-field-message';
import styles from './work-form.module.css';
import { AUDIO_FILE_ACCEPT } from './work-kind';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** What happens to a work's existing audio guide on save (editing only). */
export type ExistingGuide = 'none' | 'keep' | 'remove';

/** Props of the audio guide field. */
interface AudioGuideFieldProps {
  upload: { state: UploadState; pause: () => void; resume: () => void };
  onPick: (file: File) => void;
  /** Drops the new guide (aborting its upload). */
  onClear: () => void;
  existing: ExistingGuide;
  onExistingChange: (existing: ExistingGuide) => void;
  error: FieldErrorLike | undefined;
}

/** The optional audio guide: a second tus upload (audio), or, when editing, keep or remove the current one. */
export function AudioGuideField({ upload, onPick, onClear, existing, onExistingChange, error }: AudioGuideFieldProps) {
  const { t } = useI18n();
  const id = fieldDomId('audioGuide');
  const started = upload.state.phase !== 'idle';
  return (
    <fieldset className={styles.section} data-testid="work-audio-guide">
      <legend>{t('works.field.audioGuide')}</legend>
      {existing === 'keep' && !started && (
        <div className={layout.row}>
          <span className={cx(text.muted, text.small)}>{t('works.audioGuide.current')}</span>
          <button type="button" className={buttonClass('ghost')} data-testid="work-audio-guide-remove" onClick={() => onExistingChange('remove')}>
            {t('works.audioGuide.remove')}
          </button>
        </div>
      )}
      {existing === 'remove' && !started && (
        <div className={layout.row}>
          <span className={cx(text.muted, text.small)}>{t('works.audioGuide.removed')}</span>
          <button type="button" className={buttonClass('ghost')} onClick={() => onExistingChange('keep')}>
            {t('works.audioGuide.keep')}
          </button>
        </div>
      )}
      {!started ? (
        <div>
          <input
            id={id}
            data-testid="work-audio-guide-input"
            className={`visually-hidden ${styles.fileInput}`}
            type="file"
            accept={AUDIO_FILE_ACCEPT}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('audioGuide', error)}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) onPick(file);
            }}
          />
          <label htmlFor={id} className={cx(buttonClass(), styles.pick)}>
            {t('works.audioGuide.choose')}
          </label>
        </div>
      ) : (
        <>
          <UploadProgressRow {...upload} testId="work-audio-guide-upload" />
          <div className={layout.row}>
            <button type="button" className={buttonClass('ghost')} data-testid="work-audio-guide-clear" onClick={onClear}>
              {t('works.audioGuide.remove')}
            </button>
          </div>
        </>
      )}
      <FieldMessage field="audioGuide" error={error} />
    </fieldset>
  );
}
