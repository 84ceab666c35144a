import { useEffect, useRef } from 'react';

// Screen-reader announcements of things that arrive on their own (chat messages, an award
// reveal), through a polite live region that is always in the page (a region inserted together
// with its text is often not read). A burst is not read line by line: at most one announcement
// per interval, saying how many arrived and the latest.

/** Shortest time between two announcements, in milliseconds. Default 4000. */
export const ANNOUNCE_INTERVAL_MS = 4000;

/** What a batch of arrivals is announced as: the one item, or the count and the latest. */
export function announcementFor<T>(items: readonly T[], one: (item: T) => string, many: (count: number, latest: T) => string): string | null {
  const latest = items[items.length - 1];
  if (latest === undefined) return null;
  return items.length === 1 ? one(latest) : many(items.length, latest);
}

/**
 * Collects arrivals and hands them on in batches: `push` adds one; `onBatch` gets what came in,
 * at once when nothing was announced for `intervalMs`, else when the interval has passed.
 */
export function useThrottledBatches<T>(onBatch: (items: T[]) => void, intervalMs = ANNOUNCE_INTERVAL_MS): (item: T) => void {
  const pending = useRef<T[]>([]);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handler = useRef(onBatch);
  handler.current = onBatch;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const flush = () => {
    timer.current = null;
    last.current = Date.now();
    const items = pending.current;
    pending.current = [];
    if (items.length > 0) handler.current(items);
  };
  const push = useRef((item: T) => {
    pending.current.push(item);
    if (timer.current) return;
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    timer.current = setTimeout(flush, wait);
  });
  return push.current;
}

/** A visually hidden polite live region reading `text` (kept in the page, empty when idle). */
export function LiveAnnouncement({ text, testId }: { text: string; testId?: string }) {
  return (
    <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {text}
    </p>
  );
}
