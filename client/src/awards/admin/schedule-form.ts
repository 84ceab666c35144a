import { AwardSchedule, phaseAt, type AwardPhase, type ScheduledPhase } from '@yunzhan/shared';
import { browserOffset, isoToLocalInput, localInputToIso, type OffsetAt } from './datetime-local';
import { issueMessage, type FormError } from './programme-errors';
import { SCHEDULED_PHASES, type PathIssue } from './programme-form';

// The organiser's "Edit dates" form as plain data: five datetime-local values prefilled from the
// programme's schedule, checked with the shared AwardSchedule schema (dates never go backwards)
// before PATCH /api/awards/:id sends them, and the server's VALIDATION_FAILED issues placed on the
// same fields.

/** The phase dates as the inputs hold them (datetime-local values in the browser's zone). */
export type ScheduleForm = Record<ScheduledPhase, string>;

/** A message per phase input (only those with a problem). */
export type ScheduleErrors = Partial<Record<ScheduledPhase, FormError>>;

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
 * Issues (paths relative to the schedule, or from the server's whole-body check as
 * `schedule.<phase>`) as messages on the phase inputs; those about no single phase are `unplaced`.
 */
export function scheduleIssueErrors<I extends Omit<PathIssue, 'path'> & { path: readonly PropertyKey[] }>(issues: readonly I[]): { errors: ScheduleErrors; unplaced: I[] } {
  const errors: ScheduleErrors = {};
  const unplaced: I[] = [];
  for (const issue of issues) {
    const parts = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const path = parts[0] === 'schedule' ? parts.slice(1) : parts;
    const phase = SCHEDULED_PHASES.find((p) => p === path[0]);
    // issueMessage words schedule issues as dates ("enter a valid date", "not before the one before").
    if (phase) errors[phase] ??= issueMessage({ ...issue, path: ['schedule', ...path] });
    else unplaced.push(issue);
  }
  return { errors, unplaced };
}

/** Checks the form with the shared schema: the schedule to send, or a message per input. `original`: see scheduleOfForm. */
export function validateScheduleForm(form: ScheduleForm, offsetAt: OffsetAt = browserOffset, original?: AwardSchedule): { ok: true; schedule: AwardSchedule } | { ok: false; errors: ScheduleErrors } {
  const parsed = AwardSchedule.safeParse(scheduleOfForm(form, offsetAt, original));
  if (parsed.success) return { ok: true, schedule: parsed.data };
  return { ok: false, errors: scheduleIssueErrors(parsed.error.issues).errors };
}

/** The phase the programme would be in at `now` with the form's dates; null while they are invalid. */
export function previewPhase(form: ScheduleForm, now: number = Date.now(), offsetAt: OffsetAt = browserOffset, original?: AwardSchedule): AwardPhase | null {
  const checked = validateScheduleForm(form, offsetAt, original);
  return checked.ok ? phaseAt(checked.schedule, now) : null;
}
