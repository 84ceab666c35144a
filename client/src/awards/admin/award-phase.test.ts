import type { AwardSchedule } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { msUntilNextPhase, nextPhase, timeline } from './award-phase';

const schedule: AwardSchedule = {
  entries: '2026-03-01T09:00:00+08:00',
  judging: '2026-03-08T09:00:00+08:00',
  voting: '2026-03-15T09:00:00+08:00',
  ceremony: '2026-03-22T09:00:00+08:00',
  results: '2026-03-29T09:00:00+08:00',
};

describe('the programme timeline', () => {
  it('marks phases before the current one past and after it future', () => {
    const steps = timeline(schedule, 'judging');
    expect(steps.map((s) => s.state)).toEqual(['past', 'past', 'current', 'future', 'future', 'future']);
    expect(steps[0]!.startsAt).toBeNull();
    expect(steps[3]!.startsAt).toBe(schedule.voting);
  });

  it('advances to the phase after the current one, and nowhere after results', () => {
    expect(nextPhase('draft')).toBe('entries');
    expect(nextPhase('voting')).toBe('ceremony');
    expect(nextPhase('results')).toBeNull();
  });

  it('counts the time until the next phase date, and nothing once every date has passed', () => {
    const now = Date.parse('2026-03-15T08:00:00+08:00');
    expect(msUntilNextPhase(schedule, now)).toBe(3_600_000);
    expect(msUntilNextPhase(schedule, Date.parse('2026-04-01T00:00:00Z'))).toBeNull();
  });
});
