import type { WorkKind } from '@yunzhan/shared';
import { useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import type { UploadState } from '../uploads/use-tus-upload';
import { UploadProgressRow } from './upload-progress-row';
import type { WorkUploadErrors } from './use-work-editor';
import { FieldMessage, describedBy, fieldDomId } from './work-upload-field-message';
import { WORK_FILE_ACCEPT, WORK_KINDS } from './work-kind';
import styles from './work-form.module.css';
import { KIND_KEYS } from './work-labels';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of the work file section. */
interface WorkFileSectionProps {
  /** A file picked but not yet sent (its kind can still change). */
  pending: File | null;
  kind: WorkKind | '';
  onKindChange: (kind: WorkKind) => void;
  onPick: (file: File) => void;
  onStart: () => void;
  /** Drops the file (and aborts its upload) to pick another. */
  onClear: () => void;
  upload: { state: UploadState; pause: () => void; resume: () => void };
  errors: WorkUploadErrors;
  /** Name of a picked file whose kind could not be told. */
  unsupported: string | null;
}

/**
 * Step one of adding a work: drop or choose a file, check the kind inferred from it, start the
 * tus upload and follow it (pause, resume). The kind is fixed once the upload has started.
 */
export function WorkFileSection({ pending, kind, onKindChange, onPick, onStart, onClear, upload, errors, unsupported }: WorkFileSectionProps) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const started = upload.state.phase !== 'idle';
  const fileError = errors.file;
  const hintId = `${fieldDomId('file')}-hint`;

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !started) onPick(file);
  };

  return (
    <fieldset className={styles.section} data-testid="work-file-section">
      <legend>{t('works.editor.file')}</legend>
      {!started && (
        <div
          className={over ? `${styles.drop} ${styles.over}` : styles.drop}
          data-testid="work-drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <span className={text.muted}>{t('works.editor.drop')}</span>
          <input
            id={fieldDomId('file')}
            data-testid="work-file-input"
            className={`visually-hidden ${styles.fileInput}`}
            type="file"
            accept={WORK_FILE_ACCEPT}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={describedBy('file', fileError, hintId)}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) onPick(file);
            }}
          />
          <label htmlFor={fieldDomId('file')} className={cx(buttonClass('primary'), styles.pick)}>
            {t('works.editor.browse')}
          </label>
          <small className={text.muted} id={hintId}>
            {t('works.editor.fileHint')}
          </small>
        </div>
      )}
      {unsupported && (
        <p className={calloutClass('error')} role="alert" data-testid="work-file-unsupported">
          {t('works.editor.unsupported', { name: unsupported })}
        </p>
      )}
      <FieldMessage field="file" error={fileError} />

      {(pending || started) && (
        <div className={cx(layout.row, styles.kind)}>
          <div className={controls.field}>
            <label htmlFor={fieldDomId('kind')}>{t('works.editor.kind')}</label>
            <select
              id={fieldDomId('kind')}
              data-testid="work-kind"
              className={controls.select}
              value={kind}
              disabled={started}
              aria-invalid={errors.kind ? true : undefined}
              aria-describedby={describedBy('kind', errors.kind, started ? undefined : `${fieldDomId('kind')}-hint`)}
              onChange={(e) => onKindChange(e.target.value as WorkKind)}
            >
              {WORK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEYS[k])}
                </option>
              ))}
            </select>
            {!started && (
              <small className={text.muted} id={`${fieldDomId('kind')}-hint`}>
                {t('works.editor.kindHint')}
              </small>
            )}
            <FieldMessage field="kind" error={errors.kind} />
          </div>
          {pending && !started && <strong className={styles.uploadName}>{pending.name}</strong>}
          <span className={layout.spacer} />
          {pending && !started && (
            <button type="button" className={buttonClass('primary')} data-testid="work-upload-start" onClick={onStart}>
              {t('works.editor.startUpload')}
            </button>
          )}
          <button type="button" className={buttonClass('ghost')} data-testid="work-file-clear" onClick={onClear}>
            {t('works.editor.changeFile')}
          </button>
        </div>
      )}
      <UploadProgressRow {...upload} testId="work-upload" />
      {upload.state.phase === 'done' && (
        <p className={cx(text.small, text.muted)} data-testid="work-upload-done">
          {t('works.editor.uploaded')}
        </p>
      )}
    </fieldset>
  );
}
