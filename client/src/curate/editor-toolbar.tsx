import { LightingPreset } from '@yunzhan/shared';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import type { SaveState } from './autosave';
import { previewHref } from './curate-api';
import type { EditorView } from './editor-canvas';
import styles from './editor-toolbar.module.css';
import { ExhibitionStatusBadge } from './exhibition-status-badge';
import type { LayoutEditor } from './use-layout-editor';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layoutStyles from '../ui/layout.module.css';
import text from '../ui/text.module.css';

const SAVE_KEYS = {
  saved: 'editor.save.saved',
  pending: 'editor.save.pending',
  saving: 'editor.save.saving',
  invalid: 'editor.save.invalid',
  conflict: 'editor.save.conflict',
  error: 'editor.save.error',
} as const satisfies Record<SaveState, string>;

/** Save states that mean the layout is not on the server: shown in the warning colour. */
const UNSAVED: ReadonlySet<SaveState> = new Set<SaveState>(['invalid', 'conflict', 'error']);

const LIGHTING_KEYS = {
  'gallery-neutral': 'editor.lighting.gallery-neutral',
  warm: 'editor.lighting.warm',
  daylight: 'editor.lighting.daylight',
  evening: 'editor.lighting.evening',
} as const satisfies Record<LightingPreset, string>;

/** Props of EditorToolbar. */
export interface EditorToolbarProps {
  editor: LayoutEditor;
  title: string;
  view: EditorView;
  onView: (view: EditorView) => void;
  submitting: boolean;
  onSubmit: () => void;
}

/** The editor's bar: title and status, undo/redo, lighting, view, save state, preview and submit. */
export function EditorToolbar({ editor, title, view, onView, submitting, onSubmit }: EditorToolbarProps) {
  const { t } = useI18n();
  const { exhibition, layout, saveState, readOnly } = editor;
  const canSubmit = !readOnly && !submitting && saveState === 'saved' && layout.placements.length > 0 && editor.problems.length === 0;
  return (
    <header className={styles.toolbar}>
      <Link to="/curate" className={buttonClass('ghost')} data-testid="editor-back">
        {t('editor.back')}
      </Link>
      <h1 className={styles.title}>{title}</h1>
      <ExhibitionStatusBadge status={exhibition.status} />
      <div className={styles.group}>
        <button type="button" className={buttonClass()} data-testid="editor-undo" onClick={editor.undo} disabled={!editor.canUndo} aria-keyshortcuts="Control+Z">
          {t('editor.undo')}
        </button>
        <button type="button" className={buttonClass()} data-testid="editor-redo" onClick={editor.redo} disabled={!editor.canRedo} aria-keyshortcuts="Control+Shift+Z">
          {t('editor.redo')}
        </button>
      </div>
      <label className={styles.group}>
        <span className={cx(text.small, text.muted)}>{t('editor.lighting')}</span>
        <select
          className={cx(controls.select, controls.compact)}
          data-testid="editor-lighting"
          value={layout.lighting}
          disabled={readOnly}
          onChange={(e) => editor.run({ type: 'lighting', lighting: LightingPreset.parse(e.target.value) })}
        >
          {LightingPreset.options.map((preset) => (
            <option key={preset} value={preset}>
              {t(LIGHTING_KEYS[preset])}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={buttonClass('ghost')} data-testid="editor-view-top" aria-pressed={view === 'top'} onClick={() => onView(view === 'top' ? 'orbit' : 'top')}>
        {t(view === 'top' ? 'editor.view.orbit' : 'editor.view.top')}
      </button>
      <span className={layoutStyles.spacer} />
      <span className={UNSAVED.has(saveState) ? `${styles.saveState} ${styles.unsaved}` : styles.saveState} data-testid="save-state" data-state={saveState} role="status">
        {t(SAVE_KEYS[saveState])}
      </span>
      {saveState === 'conflict' && (
        <button type="button" className={buttonClass()} data-testid="editor-reload" onClick={() => void editor.reload()}>
          {t('editor.reload')}
        </button>
      )}
      <a className={buttonClass()} href={previewHref(exhibition.id)} target="_blank" rel="noreferrer" data-testid="editor-preview">
        {t('editor.preview')}
      </a>
      <button type="button" className={buttonClass('primary')} data-testid="submit-review" disabled={!canSubmit} onClick={onSubmit}>
        {t('editor.submit')}
      </button>
    </header>
  );
}
