import { describe, expect, it } from 'vitest';
import { phaseAt } from '@yunzhan/shared';
import { advanceSchedule, phaseWithin } from './phases';
import { scheduleIn } from './test-support';

const now = Date.parse('2026-05-01T12:00:00.000Z');

describe('phases', () => {
  it('derives the phase from the schedule: the last phase whose date has passed, draft before entries', () => {
    for (const phase of ['draft', 'entries', 'judging', 'voting', 'ceremony', 'results'] as const) {
      expect(phaseAt(scheduleIn(phase, now), now)).toBe(phase);
    }
    const s = scheduleIn('entries', now);
    expect(phaseAt(s, Date.parse(s.judging))).toBe('judging');
    expect(phaseAt(s, Date.parse(s.judging) - 1)).toBe('entries');
  });

  it('starts a later phase now, pulling earlier dates back to now and leaving later ones', () => {
    const s = scheduleIn('draft', now);
    const next = advanceSchedule(s, 'voting', now);
    const at = new Date(now).toISOString();
    expect(next).toEqual({ entries: at, judging: at, voting: at, ceremony: s.ceremony, results: s.results });
    expect(phaseAt(next, now)).toBe('voting');
  });

  it('never moves an earlier date forward', () => {
    const s = scheduleIn('judging', now);
    const next = advanceSchedule(s, 'ceremony', now);
    expect(next.entries).toBe(s.entries);
    expect(next.judging).toBe(s.judging);
    expect(next.voting).toBe(new Date(now).toISOString());
    expect(next.ceremony).toBe(new Date(now).toISOString());
    expect(phaseAt(next, now)).toBe('ceremony');
  });

  it('refuses the current or an earlier phase as INVALID_STATE', () => {
    const s = scheduleIn('voting', now);
    expect(() => advanceSchedule(s, 'voting', now)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => advanceSchedule(s, 'entries', now)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(phaseAt(advanceSchedule(s, 'results', now), now)).toBe('results');
  });

  it('tells whether a phase lies in a range', () => {
    expect(phaseWithin('voting', 'judging', 'ceremony')).toBe(true);
    expect(phaseWithin('entries', 'judging')).toBe(false);
    expect(phaseWithin('results', 'judging')).toBe(true);
  });
});
