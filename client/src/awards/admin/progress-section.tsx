import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { fetchProgress } from './admin-api';
import { ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { progressBars, SEGMENT_KINDS } from './progress-bars';
import styles from './progress-section.module.css';
import { cx } from '../../ui/class-names';
import text from '../../ui/text.module.css';

/** How often the chart refreshes while the page is open, in ms. */
const REFRESH_MS = 15_000;

/**
 * Judges' progress as a horizontal stacked bar chart: one bar per judge, segments submitted /
 * drafts / remaining / recused on a shared scale, with a legend; refreshed every 15 s and after
 * every change the console makes.
 */
export function ProgressSection({ awardId }: { awardId: string }) {
  const { t } = useI18n();
  // Polled while the page is open; the console also invalidates it after every change it makes.
  const query = useQuery({ queryKey: queryKeys.awards.progress(awardId), queryFn: () => fetchProgress(awardId), refetchInterval: REFRESH_MS });
  const progress = query.data ?? null;
  const error = query.error ? toClientError(query.error) : null;

  const bars = progressBars(progress ?? []);
  return (
    <section className={adminStyles.section} aria-labelledby="award-progress-heading" data-testid="award-progress">
      <h2 id="award-progress-heading">{t('awardsAdmin.progress.title')}</h2>
      <ErrorNote error={error} testId="progress-error" />
      <ul className={styles.legend} aria-hidden="true">
        {SEGMENT_KINDS.map((kind) => (
          <li key={kind}>
            <span className={`${styles.swatch} ${styles[kind]}`} /> {t(`awardsAdmin.progress.${kind}`)}
          </li>
        ))}
      </ul>
      {progress === null ? (
        <p className={text.muted} aria-busy="true">
          {t('common.loading')}
        </p>
      ) : bars.length === 0 ? (
        <p className={text.muted}>{t('awardsAdmin.judges.none')}</p>
      ) : (
        <ul className={styles.chart} role="list">
          {bars.map((bar) => {
            const summary = t('awardsAdmin.progress.summary', {
              name: bar.name,
              submitted: bar.segments[0]!.count,
              drafts: bar.segments[1]!.count,
              remaining: bar.segments[2]!.count,
              recused: bar.segments[3]!.count,
            });
            return (
              <li key={bar.judgeId} className={styles.row} data-testid={`progress-${bar.judgeId}`}>
                <span className={styles.name}>{bar.name}</span>
                <div className={styles.bar} role="img" aria-label={summary} title={summary}>
                  {bar.segments.map((s) =>
                    s.count > 0 ? (
                      <span key={s.kind} className={`${styles.segment} ${styles[s.kind]}`} style={{ width: `${s.percent}%` }} data-kind={s.kind} data-count={s.count}>
                        {s.percent >= 6 ? s.count : ''}
                      </span>
                    ) : null,
                  )}
                </div>
                <span className={cx(text.small, text.muted)}>{t('awardsAdmin.progress.count', { submitted: bar.submitted, assigned: bar.assigned })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
