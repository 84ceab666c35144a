import type { ExhibitionView } from '@yunzhan/shared';
import { useEffect, useRef } from 'react';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import styles from './hall-work-list.module.css';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import textStyles from '../ui/text.module.css';

/** Query parameter of the hall's non-3D view: `?view=list`. */
export const VIEW_PARAM = 'view';

interface HallWorkListProps {
  view: ExhibitionView;
  /** The open work's placement, if any (its button gets the focus back when the panel closes). */
  selectedId: string | null;
  onOpen: (placementId: string) => void;
}

/**
 * A hall's works as an accessible list (the non-3D path to the same content, issue 12 scope
 * item 5): in hanging order, each a heading with its creator and a button opening the same work
 * panel the 3D view opens. When the panel closes, the focus returns to the work's button.
 */
export function HallWorkList({ view, selectedId, onOpen }: HallWorkListProps) {
  const { t, locale } = useI18n();
  const works = new Map(view.works.map((w) => [w.id, w]));
  const list = useRef<HTMLOListElement>(null);
  const lastOpened = useRef<string | null>(null);

  useEffect(() => {
    if (selectedId) {
      lastOpened.current = selectedId;
      return;
    }
    const id = lastOpened.current;
    lastOpened.current = null;
    if (!id) return;
    const button = Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button[data-placement-id]') ?? []).find((b) => b.dataset.placementId === id);
    // Only when the focus was left nowhere in particular (the closed panel took it along).
    if (button && (document.activeElement === document.body || document.activeElement === null)) button.focus();
  }, [selectedId]);

  const placements = view.layout.placements.filter((p) => works.has(p.workId));
  return (
    <section data-testid="hall-work-list" aria-labelledby="hall-work-list-title">
      <h2 id="hall-work-list-title">{t('exhibition.workList')}</h2>
      <ol className={styles.items} ref={list}>
        {placements.map((p, i) => {
          const work = works.get(p.workId)!;
          const title = localized(work.metadata.title, locale);
          const facts = [work.blind ? t('awards.creatorHidden') : work.metadata.creator, work.metadata.date].filter(Boolean).join(', ');
          return (
            <li key={p.id} className={styles.item}>
              <span className={styles.number} aria-hidden="true">
                {i + 1}
              </span>
              <div className={styles.text}>
                <h3 className={styles.title}>{title}</h3>
                {facts && <p className={cx(textStyles.small, textStyles.muted, styles.facts)}>{facts}</p>}
              </div>
              <button
                type="button"
                className={cx(buttonClass('ghost'), styles.open)}
                data-testid="hall-work-open"
                data-placement-id={p.id}
                // The visible text starts the name (WCAG 2.5.3); the title says which work.
                aria-label={`${t('exhibition.openWork')} ${title}`}
                onClick={() => onOpen(p.id)}
              >
                {t('exhibition.openWork')}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
