import type { AwardProgramme, ScheduledPhase } from '@yunzhan/shared';
import { phaseIndex } from '@yunzhan/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { issuesOfDetails } from '../../works/work-field-errors';
import { advanceProgramme, patchProgramme } from './admin-api';
import { BusyButton, ConfirmPanel, ErrorNote } from './admin-ui';
import { nextPhase, timeline } from './award-phase';
import { SCHEDULED_PHASES } from './programme-form';
import { previewPhase, scheduleFormOf, scheduleIssueErrors, validateScheduleForm, type ScheduleErrors, type ScheduleForm } from './schedule-form';

/**
 * The schedule as a timeline with the current phase marked, "Advance to <next>" (confirmed) and
 * "Edit dates" (the phase follows the new dates).
 */
export function ScheduleSection({ programme, onChanged }: { programme: AwardProgramme; onChanged: (next?: AwardProgramme) => void }) {
  const { t, formatDateTime } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
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
      {editing ? (
        <ScheduleEditor
          programme={programme}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(saved);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : confirming && next ? (
          <ConfirmPanel
            testId="advance"
            question={t('awardsAdmin.schedule.advanceQuestion', { phase: t(`awardsAdmin.phase.${next}`) })}
            confirmLabel={t('awardsAdmin.schedule.advanceConfirm')}
            busy={busy}
            onConfirm={() => void advance()}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <div className="row">
            {next && (
              <button type="button" className="button button--primary" data-testid="advance" onClick={() => setConfirming(true)}>
                {t('awardsAdmin.schedule.advance', { phase: t(`awardsAdmin.phase.${next}`) })}
              </button>
            )}
            <button type="button" className="button" data-testid="edit-schedule" onClick={() => setEditing(true)}>
              {t('awardsAdmin.schedule.edit')}
            </button>
          </div>
      )}
    </section>
  );
}

/**
 * The "Edit dates" form: one datetime-local input per phase, checked with the shared schema
 * before PATCH /api/awards/:id `{ schedule }`; problems sit under their inputs.
 */
function ScheduleEditor({ programme, onSaved, onCancel }: { programme: AwardProgramme; onSaved: (saved: AwardProgramme) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ScheduleForm>(() => scheduleFormOf(programme.schedule));
  const [errors, setErrors] = useState<ScheduleErrors>({});
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  // Read once per keystroke; the preview only has to be right while the organiser looks at it.
  const [now, setNow] = useState(() => Date.now());
  const preview = previewPhase(form, now, undefined, programme.schedule);

  const edit = (phase: ScheduledPhase, value: string) => {
    setForm({ ...form, [phase]: value });
    setNow(Date.now());
    if (errors[phase]) setErrors({ ...errors, [phase]: undefined });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = validateScheduleForm(form, undefined, programme.schedule);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      onSaved(await patchProgramme(programme.id, { schedule: checked.schedule }));
    } catch (err) {
      const refusal = toClientError(err);
      const placed = refusal.code === 'VALIDATION_FAILED' ? scheduleIssueErrors(issuesOfDetails(refusal.details)) : null;
      if (placed && Object.keys(placed.errors).length > 0) setErrors(placed.errors);
      if (!placed || placed.unplaced.length > 0 || Object.keys(placed.errors).length === 0) setError(refusal);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="award-form award-form__group" noValidate onSubmit={(e) => void save(e)} data-testid="schedule-form" aria-busy={busy || undefined}>
      <p className="small muted">{t('awardsAdmin.form.scheduleHint')}</p>
      <div className="award-form__grid">
        {SCHEDULED_PHASES.map((phase) => {
          const id = `schedule-edit-${phase}`;
          const problem = errors[phase];
          return (
            <div key={phase} className="field award-form__field">
              <label htmlFor={id}>{t(`awardsAdmin.phase.${phase}`)}</label>
              <input
                id={id}
                type="datetime-local"
                data-testid={`schedule-${phase}`}
                value={form[phase]}
                disabled={busy}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-error` : undefined}
                onChange={(e) => edit(phase, e.target.value)}
              />
              {problem && (
                <p className="award-form__error" id={`${id}-error`} data-testid={`schedule-error-${phase}`}>
                  {t(problem.key, problem.params)}
                  {problem.detail && (
                    <span className="muted" lang="en">
                      {' '}
                      ({problem.detail})
                    </span>
                  )}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {preview && (
        <p className={phaseIndex(preview) < phaseIndex(programme.phase) ? 'callout callout--warning' : 'small muted'} data-testid="schedule-preview" data-phase={preview}>
          {t(phaseIndex(preview) < phaseIndex(programme.phase) ? 'awardsAdmin.schedule.previewBack' : 'awardsAdmin.schedule.preview', { phase: t(`awardsAdmin.phase.${preview}`) })}
        </p>
      )}
      <ErrorNote error={error} testId="schedule-error" />
      <div className="row">
        <BusyButton type="submit" className="button button--primary" busy={busy} busyLabel={t('awardsAdmin.saving')} data-testid="save-schedule">
          {t('awardsAdmin.schedule.save')}
        </BusyButton>
        <button type="button" className="button button--ghost" disabled={busy} onClick={onCancel} data-testid="cancel-schedule">
          {t('awardsAdmin.cancel')}
        </button>
      </div>
    </form>
  );
}
