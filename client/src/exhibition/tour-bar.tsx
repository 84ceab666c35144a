import type { TourStop } from '@yunzhan/shared';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import type { TourAction, TourPosition } from './tour';
import styles from './tour-bar.module.css';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** The guided tour's controls: a start button, then the stop's narration with prev/next/stop. */
export function TourBar({ stops, position, onAction }: { stops: readonly TourStop[]; position: TourPosition; onAction: (action: TourAction) => void }) {
  const { t, locale } = useI18n();
  if (stops.length === 0) return null;
  const stop = position === null ? undefined : stops[position];
  if (!stop || position === null) {
    return (
      <button type="button" className={buttonClass('primary')} onClick={() => onAction('start')} data-testid="tour-start">
        {t('tour.start')}
      </button>
    );
  }
  return (
    <section className={styles.tour} aria-label={t('tour.label')} data-testid="tour-bar" data-stop={position}>
      <p className={cx(text.small, text.muted)} data-testid="tour-progress">
        {t('tour.progress', { index: position + 1, total: stops.length })}
      </p>
      <p className={styles.narration} data-testid="tour-narration">
        {localized(stop.narration, locale)}
      </p>
      <div className={layout.row}>
        <button type="button" className={buttonClass()} onClick={() => onAction('prev')} disabled={position === 0} data-testid="tour-prev">
          {t('tour.prev')}
        </button>
        <button type="button" className={buttonClass('primary')} onClick={() => onAction('next')} data-testid="tour-next">
          {t('tour.next')}
        </button>
        <button type="button" className={buttonClass('ghost')} onClick={() => onAction('stop')} data-testid="tour-stop">
          {t('tour.stop')}
        </button>
      </div>
    </section>
  );
}
