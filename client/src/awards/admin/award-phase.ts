import { AWARD_PHASES, phaseIndex, type AwardPhase, type AwardSchedule, type ScheduledPhase } from '@yunzhan/shared';

// The organiser's timeline: where each phase stands against the current one, and which phase
// the "advance" button starts.

/** A phase on the timeline: its start (null for draft) and whether it is past, now or to come. */
export interface TimelineStep {
  phase: AwardPhase;
  startsAt: string | null;
  state: 'past' | 'current' | 'future';
}

/** Every phase with its start date and its state relative to `current`. */
export function timeline(schedule: AwardSchedule, current: AwardPhase): TimelineStep[] {
  const now = phaseIndex(current);
  return AWARD_PHASES.map((phase) => ({
    phase,
    startsAt: phase === 'draft' ? null : schedule[phase],
    state: phaseIndex(phase) < now ? 'past' : phaseIndex(phase) === now ? 'current' : 'future',
  }));
}

/** The phase after `current`, which "advance" starts now; null after results. */
export function nextPhase(current: AwardPhase): ScheduledPhase | null {
  const next = AWARD_PHASES[phaseIndex(current) + 1];
  return next && next !== 'draft' ? next : null;
}

/**
 * Milliseconds from `now` until the next phase date, so that the page can follow the schedule
 * while it stays open; null when no date is still to come.
 */
export function msUntilNextPhase(schedule: AwardSchedule, now: number = Date.now()): number | null {
  const later = AWARD_PHASES.slice(1)
    .map((p) => Date.parse(schedule[p as ScheduledPhase]) - now)
    .filter((ms) => ms > 0);
  return later.length > 0 ? Math.min(...later) : null;
}
