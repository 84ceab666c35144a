import type { NomineeWork } from '@yunzhan/shared';
import type { ReactNode } from 'react';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { votePercent } from './award-logic';

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
    <article className={mine ? 'nominee-card nominee-card--mine' : 'nominee-card'} data-testid="award-nominee" data-entry-id={entryId}>
      <div className="nominee-card__image">
        {work.imageUrl ? <img src={work.imageUrl} alt={title} loading="lazy" /> : <span className="nominee-card__placeholder">{t(`works.kind.${work.kind}`)}</span>}
      </div>
      <div className="nominee-card__body">
        <h3 className="nominee-card__title">{title}</h3>
        <p className="nominee-card__creator">{work.creator ?? t('awards.creatorHidden')}</p>
        <p className="nominee-card__number small muted">{t('awards.catalogue', { number: work.catalogueNumber })}</p>
        {mine && <span className="chat__tag">{t('awards.voted')}</span>}
        {tally && (
          <div className="award-tally" data-testid={`award-tally-${entryId}`} data-votes={tally.votes}>
            <span className="award-tally__figure small">{t('awards.tallyFigure', { percent, count: tally.votes })}</span>
            <span className="award-tally__track" aria-hidden="true">
              <span className="award-tally__fill" style={{ width: `${percent}%` }} />
            </span>
          </div>
        )}
        {children}
      </div>
    </article>
  );
}
