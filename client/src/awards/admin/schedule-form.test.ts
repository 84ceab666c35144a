import type { AwardSchedule } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import type { OffsetAt } from './datetime-local';
import { previewPhase, scheduleFormOf, scheduleFormSchema, scheduleOfForm, scheduleWords } from './schedule-form';

const shanghai: OffsetAt = () => 480;
const schedule: AwardSchedule = {
  entries: '2026-05-01T01:00:00.000Z',
  judging: '2026-05-08T01:00:00.000Z',
  voting: '2026-05-15T01:00:00.000Z',
  ceremony: '2026-05-22T12:30:45.000Z',
  results: '2026-05-23T01:00:00.000Z',
};

/** The problems the form schema finds, as path → worded message (the first per path, as the form shows). */
function problems(form: Record<string, string>, original?: AwardSchedule) {
  const parsed = scheduleFormSchema(original, shanghai).safeParse(form);
  const found: Record<string, unknown> = {};
  for (const i of parsed.success ? [] : parsed.error.issues) found[i.path.join('.')] ??= scheduleWords({ path: i.path.join('.'), code: i.code });
  return found;
}

describe('the schedule form', () => {
  it('is prefilled with the dates as wall-clock times in the zone', () => {
    expect(scheduleFormOf(schedule, shanghai)).toEqual({
      entries: '2026-05-01T09:00',
      judging: '2026-05-08T09:00',
      voting: '2026-05-15T09:00',
      ceremony: '2026-05-22T20:30',
      results: '2026-05-23T09:00',
    });
  });

  it('sends edited dates with the zone offset and keeps untouched ones exactly, seconds included', () => {
    const form = { ...scheduleFormOf(schedule, shanghai), voting: '2026-05-10T18:45' };
    expect(scheduleOfForm(form, shanghai, schedule)).toEqual({ ...schedule, voting: '2026-05-10T18:45:00+08:00' });
    expect(scheduleFormSchema(schedule, shanghai).parse(form)).toEqual({ ...schedule, voting: '2026-05-10T18:45:00+08:00' });
  });

  it('puts a date that goes backwards on the later phase', () => {
    const form = { ...scheduleFormOf(schedule, shanghai), voting: '2026-05-07T09:00' };
    expect(problems(form, schedule)).toEqual({ voting: { key: 'awardsAdmin.form.scheduleOrder' } });
  });

  it('asks for a valid date where one is blank or impossible', () => {
    const form = { ...scheduleFormOf(schedule, shanghai), entries: '', results: '2026-02-30T09:00' };
    expect(problems(form)).toEqual({ entries: { key: 'form.error.date' }, results: { key: 'form.error.date' } });
  });

  it('previews the phase the new dates put the programme in, and nothing while they are invalid', () => {
    const form = scheduleFormOf(schedule, shanghai);
    expect(previewPhase(form, Date.parse('2026-05-09T00:00:00Z'), shanghai, schedule)).toBe('judging');
    expect(previewPhase({ ...form, voting: '2026-05-08T10:00' }, Date.parse('2026-05-09T00:00:00Z'), shanghai, schedule)).toBe('voting');
    expect(previewPhase({ ...form, voting: '' }, Date.parse('2026-05-09T00:00:00Z'), shanghai, schedule)).toBeNull();
  });
});
