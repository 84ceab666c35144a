import type { LocalizedText, TourStop } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import styles from './editor-panel.module.css';
import type { LayoutCommand } from './layout-commands';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layoutStyles from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of TourEditor. */
export interface TourEditorProps {
  tour: readonly TourStop[];
  /** Title of the work at a placement (for the stop's heading). */
  titleOf: (placementId: string) => string;
  /** The selected placement, which "add" appends; null when none. */
  selectedId: string | null;
  disabled: boolean;
  run: (command: LayoutCommand, mergeKey?: string) => void;
  seal: () => void;
}

/** The guided tour: stops in order (add the selected work, move up/down, remove) with narration in both languages. */
export function TourEditor({ tour, titleOf, selectedId, disabled, run, seal }: TourEditorProps) {
  const { t } = useI18n();
  const narrate = (index: number, narration: LocalizedText) => run({ type: 'tour-narration', index, narration }, `narration:${index}`);
  return (
    <section className={styles.panel} aria-labelledby="tour-heading" data-testid="tour-editor">
      <h2 id="tour-heading">{t('editor.tour')}</h2>
      <fieldset className={styles.fields} disabled={disabled}>
        {tour.length === 0 && <p className={cx(text.small, text.muted)}>{t('editor.tourEmpty')}</p>}
        <ol className={styles.stops}>
          {tour.map((stop, i) => (
            <li key={`${stop.placementId}-${i}`} data-testid="tour-stop" data-placement-id={stop.placementId}>
              <p className={styles.stopTitle}>{t('editor.tourStop', { number: i + 1, title: titleOf(stop.placementId) })}</p>
              <label className={cx(controls.field, styles.compact)}>
                <span>{t('editor.narrationZh')}</span>
                <textarea
                  className={styles.textarea}
                  data-testid="tour-narration-zh"
                  value={stop.narration['zh-CN']}
                  maxLength={1000}
                  onChange={(e) => narrate(i, { ...stop.narration, 'zh-CN': e.target.value })}
                  onBlur={seal}
                />
              </label>
              <label className={cx(controls.field, styles.compact)}>
                <span>{t('editor.narrationEn')}</span>
                <textarea
                  className={styles.textarea}
                  data-testid="tour-narration-en"
                  value={stop.narration.en}
                  maxLength={1000}
                  onChange={(e) => narrate(i, { ...stop.narration, en: e.target.value })}
                  onBlur={seal}
                />
              </label>
              <div className={layoutStyles.row}>
                <button type="button" className={buttonClass('ghost')} data-testid="tour-up" disabled={i === 0} onClick={() => run({ type: 'tour-move', index: i, to: i - 1 })}>
                  {t('editor.tourUp')}
                </button>
                <button
                  type="button"
                  className={buttonClass('ghost')}
                  data-testid="tour-down"
                  disabled={i === tour.length - 1}
                  onClick={() => run({ type: 'tour-move', index: i, to: i + 1 })}
                >
                  {t('editor.tourDown')}
                </button>
                <button type="button" className={buttonClass('ghost')} data-testid="tour-remove" onClick={() => run({ type: 'tour-remove', index: i })}>
                  {t('editor.tourRemove')}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className={buttonClass()}
          data-testid="tour-add"
          disabled={!selectedId}
          onClick={() => selectedId && run({ type: 'tour-add', placementId: selectedId, narration: { 'zh-CN': titleOf(selectedId), en: '' } })}
        >
          {t('editor.tourAdd')}
        </button>
      </fieldset>
    </section>
  );
}
