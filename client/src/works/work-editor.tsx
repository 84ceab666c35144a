import type { Work } from '@yunzhan/shared';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { FormAlert } from '../ui/form-field';
import { AudioGuideField } from './audio-guide-field';
import { SubtitlesField } from './subtitles-field';
import { useWorkEditor } from './use-work-editor';
import { WorkFileSection } from './work-file-section';
import { WorkMetadataSection } from './work-metadata-section';
import { MetadataChangeNote } from './metadata-change-note';
import { KIND_KEYS } from './work-labels';
import { localizedText } from './work-library';
import numberStyles from './catalogue-number.module.css';
import styles from './work-editor.module.css';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of the add/edit form. */
interface WorkEditorProps {
  /** The work to edit; null to add a new one. */
  work: Work | null;
  onSaved: (work: Work) => void;
  /** Where Cancel goes. */
  cancelTo: string;
}

/**
 * Adds a work (file, kind, upload, metadata, optional audio guide; POST /api/works once the
 * upload has finished) or edits one's metadata and audio guide (PATCH /api/works/:id).
 */
export function WorkEditor({ work, onSaved, cancelTo }: WorkEditorProps) {
  const { t, locale } = useI18n();
  const editor = useWorkEditor(work, onSaved);
  const creating = work === null;
  const waiting = creating && !editor.uploadReady;

  const { errors: formErrors } = editor.form.formState;
  // Problems to fix: any field marked (metadata, file, kind, guide); the server's own refusal shows apart.
  const fieldProblems = Object.keys(formErrors).filter((k) => k !== 'root').length + Object.values(editor.errors).filter(Boolean).length;

  return (
    <section className={styles.editor} aria-labelledby="work-editor-heading">
      <h1 id="work-editor-heading">{creating ? t('works.editor.addTitle') : t('works.editor.editTitle')}</h1>
      {work && (
        <p className={text.muted} data-testid="work-editor-subject">
          <span className={numberStyles.number}>{work.catalogueNumber}</span> · {t(KIND_KEYS[work.kind])} · {localizedText(work.metadata.title, locale)}
        </p>
      )}
      {work && <MetadataChangeNote work={work} variant="callout" />}
      <form ref={editor.formRef} className={styles.form} onSubmit={(e) => void editor.submit(e)} noValidate data-testid="work-form" aria-busy={editor.saving || undefined}>
        {creating && (
          <WorkFileSection
            pending={editor.pending}
            kind={editor.kind}
            onKindChange={editor.setKind}
            onPick={editor.pick}
            onStart={editor.startUpload}
            onClear={editor.clearFile}
            upload={editor.upload}
            errors={editor.errors}
            unsupported={editor.unsupported}
          />
        )}
        <WorkMetadataSection register={editor.form.register} errors={formErrors} />
        <AudioGuideField
          upload={editor.guideUpload}
          onPick={editor.pickGuide}
          onClear={editor.guideUpload.reset}
          existing={editor.guide}
          onExistingChange={editor.setGuide}
          error={editor.errors.audioGuide}
        />
        {work?.kind === 'video' && <SubtitlesField work={work} />}
        <FormAlert error={formErrors.root?.server} testId="work-form-error">
          {fieldProblems > 0 && <p>{t('works.editor.fixErrors')}</p>}
        </FormAlert>
        <div className={cx(layout.row, styles.actions)}>
          <button type="submit" className={buttonClass('primary')} data-testid="work-submit" disabled={editor.saving} aria-describedby={waiting ? 'work-submit-hint' : undefined}>
            {editor.saving ? t('common.working') : creating ? t('works.editor.save') : t('works.editor.saveChanges')}
          </button>
          <Link className={buttonClass('ghost')} to={cancelTo} data-testid="work-cancel">
            {t('works.editor.cancel')}
          </Link>
          {waiting && (
            <span className={cx(text.muted, text.small)} id="work-submit-hint">
              {t('works.editor.waitUpload')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
