import type { AwardPhase } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import styles from './phase-badge.module.css';
import { badgeClass, badgeDotClass } from '../ui/badge';
import { cx } from '../ui/class-names';

/** Each phase's colours on the badge; the phases before voting keep the plain badge. */
const TONES: Readonly<Record<AwardPhase, string | undefined>> = {
  draft: undefined,
  entries: undefined,
  judging: undefined,
  voting: styles.voting,
  ceremony: styles.ceremony,
  results: styles.results,
};

/** A small label for a programme's current phase. */
export function PhaseBadge({ phase }: { phase: AwardPhase }) {
  const { t } = useI18n();
  return (
    <span className={cx(badgeClass(), TONES[phase])} data-testid="award-phase" data-phase={phase}>
      {phase === 'voting' && <span className={badgeDotClass} aria-hidden="true" />}
      {t(`awards.phase.${phase}`)}
    </span>
  );
}
