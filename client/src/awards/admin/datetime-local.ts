// `<input type="datetime-local">` speaks wall-clock time without a zone ("2026-05-01T09:30");
// the API speaks ISO 8601 with an offset. These convert between the two in the browser's zone
// (or a given one, for tests and for showing another zone's times).

/** Minutes east of UTC at an instant (Asia/Shanghai: 480). Default: the browser's zone. */
export type OffsetAt = (instant: Date) => number;

/** The browser's offset from UTC at an instant, in minutes east (daylight saving included). */
export const browserOffset: OffsetAt = (instant) => -instant.getTimezoneOffset();

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** `+08:00` for 480, `-05:30` for -330, `+00:00` for 0. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * A datetime-local value as ISO 8601 with the zone's offset (`2026-05-01T09:30:00+08:00`), or null
 * when it is blank or not a real date and time.
 */
export function localInputToIso(value: string, offsetAt: OffsetAt = browserOffset): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number) as [number, number, number, number, number, number];
  // Round-trip through a UTC date to refuse 2026-02-30 or 25:00.
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || probe.getUTCHours() !== hour || probe.getUTCMinutes() !== minute) return null;
  // The offset at that wall-clock time: guess with the UTC reading, then settle once (a DST edge).
  let offset = offsetAt(new Date(probe.getTime()));
  offset = offsetAt(new Date(probe.getTime() - offset * 60_000));
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${formatOffset(offset)}`;
}

/** An ISO time as a datetime-local value in the zone (`2026-05-01T09:30`); '' when it is not a date. */
export function isoToLocalInput(iso: string, offsetAt: OffsetAt = browserOffset): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const wall = new Date(ms + offsetAt(new Date(ms)) * 60_000);
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}
