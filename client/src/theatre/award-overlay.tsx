import type { NomineeWork } from '@yunzhan/shared';
import { TrophyIcon } from '../awards/trophy-icon';
import type { ShownReveal } from '../awards/reveal-state';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import styles from './award-overlay.module.css';

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
      className={[styles.overlay, reveal.stage === 'winner' && styles.winnerStage, compact && styles.compact].filter(Boolean).join(' ')}
      data-testid="award-overlay"
      data-stage={reveal.stage}
      data-programme-id={reveal.programmeId}
      data-category-id={reveal.categoryId}
      aria-label={t('awards.overlay.label')}
    >
      <div className={styles.panel}>
        <button type="button" className={styles.close} data-testid="award-overlay-close" aria-label={t('awards.overlay.close')} onClick={onClose}>
          ×
        </button>
        <p className={styles.programme}>{localized(reveal.programmeTitle, locale)}</p>
        <h2 className={styles.category} data-testid="award-overlay-category">
          {localized(reveal.categoryTitle, locale)}
        </h2>
        {winner && (
          <div className={styles.winner} data-testid="award-overlay-winner" data-entry-id={winner.entryId}>
            <TrophyIcon size={56} className={styles.trophy} />
            <div className={styles.winnerText}>
              <span className={styles.eyebrow}>{t('awards.overlay.winner')}</span>
              <strong className={styles.winnerTitle}>{localized(winner.work.title, locale)}</strong>
              {winner.work.creator && <span className={styles.creator}>{winner.work.creator}</span>}
            </div>
            {winner.work.imageUrl && <img className={styles.winnerImage} src={winner.work.imageUrl} alt="" />}
          </div>
        )}
        {!winner && <p className={styles.eyebrow}>{t('awards.overlay.nominees')}</p>}
        <ul className={styles.nominees}>
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
      className={isWinner ? `${styles.nominee} ${styles.chosen}` : styles.nominee}
      data-testid="award-overlay-nominee"
      data-entry-id={entryId}
      data-winner={isWinner}
    >
      {work.imageUrl ? <img src={work.imageUrl} alt="" /> : <span className={styles.noImage} aria-hidden="true" />}
      <span className={styles.nomineeTitle}>{title}</span>
      {isWinner && <TrophyIcon size={18} className={styles.miniTrophy} />}
    </li>
  );
}
