import type { AwardProgramme } from '@yunzhan/shared';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { advanceProgramme } from './admin-api';
import { ConfirmPanel, ErrorNote } from './admin-ui';
import { nextPhase, timeline } from './award-phase';

/** The schedule as a timeline with the current phase marked, and "Advance to <next>" (confirmed). */
export function ScheduleSection({ programme, onChanged }: { programme: AwardProgramme; onChanged: (next?: AwardProgramme) => void }) {
  const { t, formatDateTime } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const next = nextPhase(programme.phase);

  const advance = async () => {
    if (!next) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await advanceProgramme(programme.id, { to: next }));
      setConfirming(false);
    } catch (e) {
      setError(toClientError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="award-admin__section" aria-labelledby="award-schedule-heading" data-testid="award-schedule">
      <h2 id="award-schedule-heading">{t('awardsAdmin.schedule.title')}</h2>
      <ol className="award-timeline">
        {timeline(programme.schedule, programme.phase).map((step) => (
          <li key={step.phase} className={`award-timeline__step award-timeline__step--${step.state}`} data-testid={`phase-${step.phase}`} data-state={step.state} aria-current={step.state === 'current' ? 'step' : undefined}>
            <span className="award-timeline__name">{t(`awardsAdmin.phase.${step.phase}`)}</span>
            <span className="award-timeline__date small muted">{step.startsAt ? formatDateTime(step.startsAt) : '–'}</span>
          </li>
        ))}
      </ol>
      <ErrorNote error={error} testId="advance-error" />
      {next &&
        (confirming ? (
          <ConfirmPanel
            testId="advance"
            question={t('awardsAdmin.schedule.advanceQuestion', { phase: t(`awardsAdmin.phase.${next}`) })}
            confirmLabel={t('awardsAdmin.schedule.advanceConfirm')}
            busy={busy}
            onConfirm={() => void advance()}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="button button--primary" data-testid="advance" onClick={() => setConfirming(true)}>
            {t('awardsAdmin.schedule.advance', { phase: t(`awardsAdmin.phase.${next}`) })}
          </button>
        ))}
    </section>
  );
}
