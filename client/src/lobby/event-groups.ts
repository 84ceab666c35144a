import type { EventSummary } from '@yunzhan/shared';

/** The lobby's three lists. */
export interface EventGroups {
  /** Live now, most recently started first. */
  live: EventSummary[];
  /** Scheduled, soonest first. */
  upcoming: EventSummary[];
  /** Ended, most recently ended first. */
  past: EventSummary[];
}

const time = (iso: string | null | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
};

/** Sorts events into the lobby's live, upcoming and past lists. */
export function groupEvents(events: readonly EventSummary[]): EventGroups {
  const live = events.filter((e) => e.status === 'live').sort((a, b) => time(b.startedAt) - time(a.startedAt));
  const upcoming = events.filter((e) => e.status === 'scheduled').sort((a, b) => time(a.startsAt) - time(b.startsAt));
  const past = events
    .filter((e) => e.status === 'ended')
    .sort((a, b) => time(b.endedAt ?? b.startsAt) - time(a.endedAt ?? a.startsAt));
  return { live, upcoming, past };
}
