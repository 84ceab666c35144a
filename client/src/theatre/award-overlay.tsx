import type { NomineeWork } from '@yunzhan/shared';
import { TrophyIcon } from '../awards/trophy-icon';
import type { ShownReveal } from '../awards/reveal-state';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import './award-overlay.css';

interface AwardOverlayProps {
  reveal: ShownReveal;
  /** Hides the overlay until the next reveal. */
  onClose: () => void;
  /** Leaves out the pictures (the 3D stage shows them), so the scene stays visible. */
  compact?: boolean;
}

/**
 * The award reveal over the player: programme and category, the nominees' cards and, at the
 * winner stage, the winner's card with a trophy. Only the cards and the close button take the
 * pointer; drags and clicks elsewhere reach the player (and the 3D view) underneath.
 */
export function AwardOverlay({ reveal, onClose, compact = false }: AwardOverlayProps) {
  const { t, locale } = useI18n();
  const winner = reveal.stage === 'winner' ? reveal.winner : null;
  return (
    <section
      className={`award-overlay award-overlay--${reveal.stage}${compact ? ' award-overlay--compact' : ''}`}
      data-testid="award-overlay"
      data-stage={reveal.stage}
      data-programme-id={reveal.programmeId}
      data-category-id={reveal.categoryId}
      aria-label={t('awards.overlay.label')}
    >
      <div className="award-overlay__panel">
        <button type="button" className="award-overlay__close" data-testid="award-overlay-close" aria-label={t('awards.overlay.close')} onClick={onClose}>
          ×
        </button>
        <p className="award-overlay__programme">{localized(reveal.programmeTitle, locale)}</p>
        <h2 className="award-overlay__category" data-testid="award-overlay-category">
          {localized(reveal.categoryTitle, locale)}
        </h2>
        {winner && (
          <div className="award-overlay__winner" data-testid="award-overlay-winner" data-entry-id={winner.entryId}>
            <TrophyIcon size={56} className="award-overlay__trophy" />
            <div className="award-overlay__winner-text">
              <span className="award-overlay__eyebrow">{t('awards.overlay.winner')}</span>
              <strong className="award-overlay__winner-title">{localized(winner.work.title, locale)}</strong>
              {winner.work.creator && <span className="award-overlay__creator">{winner.work.creator}</span>}
            </div>
            {winner.work.imageUrl && <img className="award-overlay__winner-image" src={winner.work.imageUrl} alt="" />}
          </div>
        )}
        {!winner && <p className="award-overlay__eyebrow">{t('awards.overlay.nominees')}</p>}
        <ul className="award-overlay__nominees">
          {reveal.nominees.map((n) => (
            <OverlayNominee key={n.entryId} entryId={n.entryId} work={n.work} isWinner={winner?.entryId === n.entryId} />
          ))}
        </ul>
      </div>
    </section>
  );
}

function OverlayNominee({ entryId, work, isWinner }: { entryId: string; work: NomineeWork; isWinner: boolean }) {
  const { locale } = useI18n();
  const title = localized(work.title, locale);
  return (
    <li
      className={isWinner ? 'award-overlay__nominee award-overlay__nominee--winner' : 'award-overlay__nominee'}
      data-testid="award-overlay-nominee"
      data-entry-id={entryId}
      data-winner={isWinner}
    >
      {work.imageUrl ? <img src={work.imageUrl} alt="" /> : <span className="award-overlay__no-image" aria-hidden="true" />}
      <span className="award-overlay__nominee-title">{title}</span>
      {isWinner && <TrophyIcon size={18} className="award-overlay__mini-trophy" />}
    </li>
  );
}
