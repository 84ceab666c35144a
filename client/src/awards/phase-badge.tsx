import type { AwardPhase } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';

/** A small label for a programme's current phase. */
export function PhaseBadge({ phase }: { phase: AwardPhase }) {
  const { t } = useI18n();
  return (
    <span className={`badge award-phase award-phase--${phase}`} data-testid="award-phase" data-phase={phase}>
      {phase === 'voting' && <span className="badge__dot" aria-hidden="true" />}
      {t(`awards.phase.${phase}`)}
    </span>
  );
}
