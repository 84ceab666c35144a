import { describe, expect, it } from 'vitest';
import { formatOffset, isoToLocalInput, localInputToIso, type OffsetAt } from './datetime-local';

const shanghai: OffsetAt = () => 480;
const newYork: OffsetAt = () => -300;
const india: OffsetAt = () => 330;

describe('datetime-local conversion', () => {
  it('writes offsets with a sign, hours and minutes', () => {
    expect(formatOffset(480)).toBe('+08:00');
    expect(formatOffset(-330)).toBe('-05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });

  it('turns a wall-clock input into ISO with the zone offset', () => {
    expect(localInputToIso('2026-05-01T09:30', shanghai)).toBe('2026-05-01T09:30:00+08:00');
    expect(localInputToIso('2026-05-01T09:30', newYork)).toBe('2026-05-01T09:30:00-05:00');
    expect(localInputToIso('2026-05-01T09:30:15', india)).toBe('2026-05-01T09:30:15+05:30');
  });

  it('keeps the instant: the ISO string parses back to the same moment', () => {
    const iso = localInputToIso('2026-05-01T09:30', shanghai)!;
    expect(new Date(iso).toISOString()).toBe('2026-05-01T01:30:00.000Z');
  });

  it('refuses blank and impossible dates', () => {
    expect(localInputToIso('', shanghai)).toBeNull();
    expect(localInputToIso('2026-02-30T10:00', shanghai)).toBeNull();
    expect(localInputToIso('2026-05-01T25:00', shanghai)).toBeNull();
    expect(localInputToIso('soon', shanghai)).toBeNull();
  });

  it('shows an ISO time as the wall clock of the zone', () => {
    expect(isoToLocalInput('2026-05-01T01:30:00.000Z', shanghai)).toBe('2026-05-01T09:30');
    expect(isoToLocalInput('2026-05-01T09:30:00+08:00', newYork)).toBe('2026-04-30T20:30');
    expect(isoToLocalInput('not a date', shanghai)).toBe('');
  });

  it('round-trips input to ISO and back', () => {
    for (const zone of [shanghai, newYork, india]) {
      expect(isoToLocalInput(localInputToIso('2026-12-31T23:59', zone)!, zone)).toBe('2026-12-31T23:59');
    }
  });

  it('uses the offset in force at that time of year', () => {
    // A zone on +1 in winter and +2 from April (a stand-in for daylight saving).
    const seasonal: OffsetAt = (d) => (d.getUTCMonth() >= 3 && d.getUTCMonth() < 9 ? 120 : 60);
    expect(localInputToIso('2026-01-10T12:00', seasonal)).toBe('2026-01-10T12:00:00+01:00');
    expect(localInputToIso('2026-06-10T12:00', seasonal)).toBe('2026-06-10T12:00:00+02:00');
  });
});
