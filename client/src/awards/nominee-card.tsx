import type { NomineeWork } from '@yunzhan/shared';
import type { ReactNode } from 'react';
import parts from '../chat/chat-parts.module.css';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { votePercent } from './award-logic';
import styles from './nominee-card.module.css';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

interface NomineeCardProps {
  entryId: string;
  work: NomineeWork;
  /** Vote count and category total, when the tallies are visible. */
  tally?: { votes: number; total: number | null } | null;
  /** Whether the viewer voted for it. */
  mine?: boolean;
  /** Buttons under the card (voting). */
  children?: ReactNode;
}

/** A nominee: the work's image, title, creator (or "anonymous"), catalogue number and live tally. */
export function NomineeCard({ entryId, work, tally, mine = false, children }: NomineeCardProps) {
  const { t, locale } = useI18n();
  const title = localized(work.title, locale);
  const percent = tally ? votePercent(tally.votes, tally.total) : 0;
  return (
    <article className={mine ? `${styles.card} ${styles.mine}` : styles.card} data-testid="award-nominee" data-entry-id={entryId} data-mine={mine}>
      <div className={styles.image}>
        {work.imageUrl ? <img src={work.imageUrl} alt={title} loading="lazy" /> : <span className={styles.placeholder}>{t(`works.kind.${work.kind}`)}</span>}
      </div>
      <div className={styles.body}>
        <h3 className={styles.title}>{title}</h3>
        <p className={styles.creator}>{work.creator ?? t('awards.creatorHidden')}</p>
        <p className={cx(styles.number, text.small, text.muted)}>{t('awards.catalogue', { number: work.catalogueNumber })}</p>
        {mine && <span className={parts.tag}>{t('awards.voted')}</span>}
        {tally && (
          <div className={styles.tally} data-testid={`award-tally-${entryId}`} data-votes={tally.votes}>
            <span className={cx(styles.figure, text.small)}>{t('awards.tallyFigure', { percent, count: tally.votes })}</span>
            <span className={styles.track} aria-hidden="true">
              <span className={styles.fill} style={{ width: `${percent}%` }} />
            </span>
          </div>
        )}
        {children}
      </div>
    </article>
  );
}
