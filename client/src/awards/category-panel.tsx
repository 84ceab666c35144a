import type { AwardPhase, AwardProgramme, CategoryResult } from '@yunzhan/shared';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage, type ErrorMessage } from '../lib/error-messages';
import { signInHref } from '../lib/safe-next';
import { hasRanking, votesLeft } from './award-logic';
import styles from './category-panel.module.css';
import { NomineeCard } from './nominee-card';
import { ResultsList } from './results-list';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import textStyles from '../ui/text.module.css';

/** A category of a programme as the public sees it. */
export type PublicCategory = AwardProgramme['categories'][number];

interface CategoryPanelProps {
  category: PublicCategory;
  phase: AwardPhase;
  result: CategoryResult | undefined;
  /** The viewer's votes in this category. */
  mine: readonly string[] | undefined;
  /** Whether the viewer is signed in (null while that is not known yet). */
  signedIn: boolean | null;
  /** `<categoryId>/<entryId>` of votes on their way. */
  sending: ReadonlySet<string>;
  onVote: (categoryId: string, entryId: string) => Promise<void>;
}

/** The text for a vote refusal: the stable code's message, or a plainer one for "already voted". */
function voteErrorKey(error: unknown): ErrorMessage {
  const e = toClientError(error);
  const reason = (e.details as { reason?: unknown } | undefined)?.reason;
  if (e.code === 'CONFLICT' && reason === 'already-voted') return { key: 'awards.alreadyVoted' };
  return errorMessage(e.code, e.details);
}

/** One category: description, the nominees' hall, votes left, nominee cards with Vote buttons, live tallies and results. */
export function CategoryPanel({ category, phase, result, mine, signedIn, sending, onVote }: CategoryPanelProps) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const voting = phase === 'voting';
  const left = votesLeft(category.votesPerAccount, mine);
  const tallies = new Map((result?.entries ?? []).map((e) => [e.entryId, e.votes]));
  const showTally = result !== undefined && result.totalVotes !== null;

  const vote = async (entryId: string) => {
    setError(null);
    try {
      await onVote(category.id, entryId);
    } catch (e) {
      const m = voteErrorKey(e);
      setError(t(m.key, m.params));
    }
  };

  return (
    <div data-testid={`award-category-${category.id}`}>
      {category.description && <p className={styles.description}>{localized(category.description, locale)}</p>}
      <div className={styles.meta}>
        <span className={badgeClass()}>{t(`awards.winnerBy.${category.winnerBy}`)}</span>
        {category.hallExhibitionId && (
          <Link className={buttonClass('ghost')} to={`/exhibitions/${encodeURIComponent(category.hallExhibitionId)}`} data-testid="award-hall-link">
            {t('awards.hallLink')}
          </Link>
        )}
        {voting && signedIn === true && (
          <span className={styles.left} data-testid="award-votes-left" data-left={left}>
            {left > 0 ? t('awards.votesLeft', { count: left }) : t('awards.noVotesLeft')}
          </span>
        )}
        {voting && signedIn === false && (
          <Link className={buttonClass('primary')} to={signInHref(location.pathname + location.search)} data-testid="award-sign-in-to-vote">
            {t('awards.signInToVote')}
          </Link>
        )}
        {showTally && <span className={cx(textStyles.small, textStyles.muted)}>{t('awards.totalVotes', { count: result.totalVotes ?? 0 })}</span>}
      </div>
      {error && (
        <p className={calloutClass('error')} role="alert" data-testid="award-vote-error">
          {error}
        </p>
      )}
      {category.entries.length === 0 ? (
        <p className={textStyles.muted}>{t('awards.noNominees')}</p>
      ) : (
        <div className={styles.grid}>
          {category.entries.map((entry) => {
            const voted = mine?.includes(entry.id) ?? false;
            const busy = sending.has(`${category.id}/${entry.id}`);
            const votes = tallies.get(entry.id);
            return (
              <NomineeCard
                key={entry.id}
                entryId={entry.id}
                work={entry.work}
                mine={voted}
                tally={showTally && votes !== null && votes !== undefined ? { votes, total: result.totalVotes } : null}
              >
                {voting && signedIn === true && (
                  <button
                    type="button"
                    className={buttonClass(!voted && 'primary')}
                    data-testid={`award-vote-${entry.id}`}
                    disabled={voted || busy || left === 0}
                    aria-pressed={voted}
                    onClick={() => void vote(entry.id)}
                  >
                    {busy ? t('awards.sending') : voted ? t('awards.voted') : t('awards.vote')}
                  </button>
                )}
              </NomineeCard>
            );
          })}
        </div>
      )}
      {hasRanking(result) && result && <ResultsList result={result} />}
    </div>
  );
}
