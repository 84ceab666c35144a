import type { AwardProgramme, AwardSchedule } from '@yunzhan/shared';
import { phaseIndex } from '@yunzhan/shared';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { schemaResolver } from '../../forms/schema-resolver';
import { applyServerError } from '../../forms/server-errors';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { FormAlert, FormField } from '../../ui/form-field';
import { advanceProgramme, patchProgramme } from './admin-api';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { BusyButton, ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import formStyles from './award-form.module.css';
import { nextPhase, timeline } from './award-phase';
import { SCHEDULED_PHASES } from './programme-form';
import styles from './schedule-section.module.css';
import { previewPhase, scheduleFormOf, scheduleFormSchema, scheduleWords, type ScheduleForm } from './schedule-form';
import { buttonClass } from '../../ui/button';
import { calloutClass } from '../../ui/callout';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/**
 * The schedule as a timeline with the current phase marked, "Advance to <next>" (asked in a
 * confirm dialog, which shows a refusal) and "Edit dates" (the phase follows the new dates).
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
    <section className={adminStyles.section} aria-labelledby="award-schedule-heading" data-testid="award-schedule">
      <h2 id="award-schedule-heading">{t('awardsAdmin.schedule.title')}</h2>
      <ol className={styles.timeline}>
        {timeline(programme.schedule, programme.phase).map((step) => (
          <li key={step.phase} className={step.state === 'future' ? styles.step : `${styles.step} ${styles[step.state]}`} data-testid={`phase-${step.phase}`} data-state={step.state} aria-current={step.state === 'current' ? 'step' : undefined}>
            <span>{t(`awardsAdmin.phase.${step.phase}`)}</span>
            <span className={cx(text.small, text.muted)}>{step.startsAt ? formatDateTime(step.startsAt) : '–'}</span>
          </li>
        ))}
      </ol>
      {editing ? (
        <ScheduleEditor
          programme={programme}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(saved);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className={layout.row}>
          {next && (
            <button type="button" className={buttonClass('primary')} data-testid="advance" onClick={() => setConfirming(true)}>
              {t('awardsAdmin.schedule.advance', { phase: t(`awardsAdmin.phase.${next}`) })}
            </button>
          )}
          <button type="button" className={buttonClass()} data-testid="edit-schedule" onClick={() => setEditing(true)}>
            {t('awardsAdmin.schedule.edit')}
          </button>
        </div>
      )}
      {next && (
        <ConfirmDialog
          open={confirming}
          title={t('awardsAdmin.schedule.advanceTitle', { phase: t(`awardsAdmin.phase.${next}`) })}
          description={t('awardsAdmin.schedule.advanceNote')}
          confirmLabel={t('awardsAdmin.schedule.advanceConfirm')}
          cancelLabel={t('awardsAdmin.cancel')}
          busy={busy}
          busyLabel={t('awardsAdmin.working')}
          onConfirm={() => void advance()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
          testId="advance"
        >
          <ErrorNote error={error} testId="advance-error" />
        </ConfirmDialog>
      )}
    </section>
  );
}

/**
 * The "Edit dates" form: one datetime-local input per phase, checked with the shared schema
 * before PATCH /api/awards/:id `{ schedule }`; problems sit under their inputs.
 */
export function ScheduleEditor({ programme, onSaved, onCancel }: { programme: AwardProgramme; onSaved: (saved: AwardProgramme) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const resolver = useMemo(() => schemaResolver(scheduleFormSchema(programme.schedule), scheduleWords), [programme.schedule]);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<ScheduleForm, unknown, AwardSchedule>({ resolver, defaultValues: scheduleFormOf(programme.schedule) });
  const form = watch();
  // Read once per render (each keystroke); the preview only has to be right while the organiser looks at it.
  const preview = previewPhase(form, Date.now(), undefined, programme.schedule);

  // Inputs are disabled while the PATCH is out, not while the schema checks (focus goes to a problem then).
  const [saving, setSaving] = useState(false);
  const save = handleSubmit(async (schedule) => {
    setSaving(true);
    try {
      onSaved(await patchProgramme(programme.id, { schedule }));
    } catch (err) {
      applyServerError(err, setError, { fields: SCHEDULED_PHASES, rename: (path) => path.replace(/^schedule\./, '') });
    } finally {
      setSaving(false);
    }
  });

  return (
    <form className={`${formStyles.form} ${formStyles.group}`} noValidate onSubmit={(e) => void save(e)} data-testid="schedule-form" aria-busy={isSubmitting || undefined}>
      <p className={cx(text.small, text.muted)}>{t('awardsAdmin.form.scheduleHint')}</p>
      <div className={formStyles.grid}>
        {SCHEDULED_PHASES.map((phase) => (
          <FormField key={phase} id={`schedule-edit-${phase}`} testId={`schedule-${phase}`} errorTestId={`schedule-error-${phase}`} label={t(`awardsAdmin.phase.${phase}`)} error={errors[phase]}>
            {(control) => <input {...control} type="datetime-local" {...register(phase)} disabled={saving} />}
          </FormField>
        ))}
      </div>
      {preview && (
        <p className={phaseIndex(preview) < phaseIndex(programme.phase) ? calloutClass('warning') : cx(text.small, text.muted)} data-testid="schedule-preview" data-phase={preview}>
          {t(phaseIndex(preview) < phaseIndex(programme.phase) ? 'awardsAdmin.schedule.previewBack' : 'awardsAdmin.schedule.preview', { phase: t(`awardsAdmin.phase.${preview}`) })}
        </p>
      )}
      <FormAlert error={errors.root?.server} testId="schedule-error" />
      <div className={layout.row}>
        <BusyButton type="submit" className={buttonClass('primary')} busy={isSubmitting} busyLabel={t('awardsAdmin.saving')} data-testid="save-schedule">
          {t('awardsAdmin.schedule.save')}
        </BusyButton>
        <button type="button" className={buttonClass('ghost')} disabled={isSubmitting} onClick={onCancel} data-testid="cancel-schedule">
          {t('awardsAdmin.cancel')}
        </button>
      </div>
    </form>
  );
}
