import type { AwardPhase, AwardSchedule } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { phaseTimeline } from './award-logic';
import styles from './phase-timeline.module.css';

/** The programme's phases in order with their start dates; the current one is highlighted. */
export function PhaseTimeline({ schedule, phase }: { schedule: AwardSchedule; phase: AwardPhase }) {
  const { t, formatDateTime } = useI18n();
  return (
    <ol className={styles.timeline} aria-label={t('awards.timeline')} data-testid="award-timeline">
      {phaseTimeline(schedule, phase).map((step) => (
        <li
          key={step.phase}
          className={step.state === 'future' ? styles.step : `${styles.step} ${styles[step.state]}`}
          data-phase={step.phase}
          data-state={step.state}
          aria-current={step.state === 'current' ? 'step' : undefined}
        >
          <span className={styles.dot} aria-hidden="true" />
          <span className={styles.name}>{t(`awards.phase.${step.phase}`)}</span>
          {step.startsAt && (
            <time className={styles.date} dateTime={step.startsAt}>
              {formatDateTime(step.startsAt)}
            </time>
          )}
        </li>
      ))}
    </ol>
  );
}
