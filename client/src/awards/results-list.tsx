import type { CategoryResult } from '@yunzhan/shared';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { rankedEntries } from './award-logic';
import styles from './results-list.module.css';
import { TrophyIcon } from './trophy-icon';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/** A category's results: entries in rank order with score or votes, the winner marked with a trophy. */
export function ResultsList({ result }: { result: CategoryResult }) {
  const { t, locale } = useI18n();
  return (
    <section className={styles.results} data-testid="award-results" data-category-id={result.categoryId} aria-label={t('awards.results')}>
      <h3>{t('awards.results')}</h3>
      <ol className={styles.list}>
        {rankedEntries(result).map((e) => {
          const winner = e.entryId === result.winnerEntryId;
          const title = localized(e.work.title, locale);
          return (
            <li
              key={e.entryId}
              className={winner ? `${styles.row} ${styles.winner}` : styles.row}
              data-testid={winner ? 'award-winner' : 'award-result'}
              data-entry-id={e.entryId}
              data-rank={e.rank ?? ''}
            >
              <span className={styles.rank}>{e.rank !== null ? t('awards.rank', { rank: e.rank }) : '–'}</span>
              {e.work.imageUrl && <img className={styles.thumb} src={e.work.imageUrl} alt="" loading="lazy" />}
              <span className={styles.work}>
                <strong>{title}</strong>
                <span className={cx(text.small, text.muted)}>{e.work.creator ?? t('awards.creatorHidden')}</span>
              </span>
              <span className={cx(styles.figure, text.small)}>
                {result.winnerBy === 'jury' && e.juryScore !== null && t('awards.juryScore', { score: e.juryScore.toFixed(1) })}
                {result.winnerBy === 'public' && e.votes !== null && t('awards.votesCount', { count: e.votes })}
              </span>
              {winner && (
                <span className={cx(badgeClass(), styles.winnerBadge)}>
                  <TrophyIcon size={16} /> {t('awards.winner')}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
