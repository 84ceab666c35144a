import type { Locale } from './locale';

// "3 minutes ago", "in 2 hours", "昨天": Intl.RelativeTimeFormat in the largest unit that fits.

const UNITS: ReadonlyArray<[unit: Intl.RelativeTimeFormatUnit, seconds: number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const formats = new Map<Locale, Intl.RelativeTimeFormat>();

/** How far `iso` is from `now` in `locale`'s words ('' for a time that does not parse). */
export function formatRelative(locale: Locale, iso: string, now: Date): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  let format = formats.get(locale);
  if (!format) {
    // numeric 'auto' says "yesterday" / "昨天" rather than "1 day ago".
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formats.set(locale, format);
  }
  const seconds = (then - now.getTime()) / 1000;
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return format.format(Math.round(seconds / size), unit);
}
