import { AwardSchedule, phaseAt, type AwardPhase, type ScheduledPhase } from '@yunzhan/shared';
import { z } from 'zod';
import type { FieldMessage } from '../../forms/field-messages';
import type { PlacedProblem } from '../../forms/schema-resolver';
import { browserOffset, isoToLocalInput, localInputToIso, type OffsetAt } from './datetime-local';
import { SCHEDULED_PHASES } from './programme-form';

// The organiser's "Edit dates" form: five datetime-local values prefilled from the programme's
// schedule, turned into ISO dates and checked with the shared AwardSchedule schema (dates never go
// backwards) before PATCH /api/awards/:id sends them.

/** The phase dates as the inputs hold them (datetime-local values in the browser's zone). */
export type ScheduleForm = Record<ScheduledPhase, string>;

/** The form prefilled from a schedule. */
export function scheduleFormOf(schedule: AwardSchedule, offsetAt: OffsetAt = browserOffset): ScheduleForm {
  return Object.fromEntries(SCHEDULED_PHASES.map((p) => [p, isoToLocalInput(schedule[p], offsetAt)])) as ScheduleForm;
}

/**
 * The schedule the form stands for: ISO dates with offset (a blank or impossible date stays as
 * typed, so the schema flags it). An input still showing `original`'s date keeps that date exactly,
 * seconds included (the inputs show minutes), so that saving one phase never moves the others.
 */
export function scheduleOfForm(form: ScheduleForm, offsetAt: OffsetAt = browserOffset, original?: AwardSchedule): Record<ScheduledPhase, string> {
  return Object.fromEntries(
    SCHEDULED_PHASES.map((p) => [p, original && form[p] === isoToLocalInput(original[p], offsetAt) ? original[p] : (localInputToIso(form[p], offsetAt) ?? form[p])]),
  ) as Record<ScheduledPhase, string>;
}

/**
 * The form's schema: the datetime-local inputs, converted (scheduleOfForm) and piped into the
 * shared AwardSchedule, so issues keep the phase names as their paths. `original`: see scheduleOfForm.
 */
export function scheduleFormSchema(original?: AwardSchedule, offsetAt: OffsetAt = browserOffset) {
  const inputs = Object.fromEntries(SCHEDULED_PHASES.map((p) => [p, z.string()])) as Record<ScheduledPhase, z.ZodString>;
  return z
    .object(inputs)
    .transform((form) => scheduleOfForm(form, offsetAt, original))
    .pipe(AwardSchedule);
}

/** The schedule's problems in words: a date that goes backwards, a date that is not one. */
export function scheduleWords({ code }: PlacedProblem): FieldMessage | undefined {
  if (code === 'custom') return { key: 'awardsAdmin.form.scheduleOrder' };
  if (code === 'invalid_format' || code === 'invalid_type') return { key: 'form.error.date' };
  return undefined;
}

/** The phase the programme would be in at `now` with the form's dates; null while they are invalid. */
export function previewPhase(form: ScheduleForm, now: number = Date.now(), offsetAt: OffsetAt = browserOffset, original?: AwardSchedule): AwardPhase | null {
  const checked = scheduleFormSchema(original, offsetAt).safeParse(form);
  return checked.success ? phaseAt(checked.data, now) : null;
}
