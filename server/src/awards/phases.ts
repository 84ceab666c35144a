import { AWARD_PHASES, AwardSchedule, InvalidStateError, phaseAt, phaseIndex, type AwardPhase, type ScheduledPhase } from '@yunzhan/shared';

/**
 * The schedule after an organiser starts phase `to` at `now`: its date becomes now and any earlier
 * phase dated later than now is pulled back to now (never forward); later phases keep their dates.
 * INVALID_STATE when `to` is the current phase or an earlier one.
 */
export function advanceSchedule(schedule: AwardSchedule, to: ScheduledPhase, now: number): AwardSchedule {
  const current = phaseAt(schedule, now);
  if (phaseIndex(to) <= phaseIndex(current)) throw new InvalidStateError(`The programme is already in ${current}; it can only move to a later phase`);
  const at = new Date(now).toISOString();
  const next = { ...schedule };
  for (const p of AWARD_PHASES.slice(1, phaseIndex(to) + 1) as ScheduledPhase[]) {
    if (p === to || Date.parse(next[p]) > now) next[p] = at;
  }
  // Later phases are already after now (else the current phase would be later than `to`).
  return AwardSchedule.parse(next);
}

/** Whether `phase` is `from` or later (and, with `to`, no later than `to`). */
export function phaseWithin(phase: AwardPhase, from: AwardPhase, to: AwardPhase = 'results'): boolean {
  return phaseIndex(phase) >= phaseIndex(from) && phaseIndex(phase) <= phaseIndex(to);
}
