import type { TourStop } from '@yunzhan/shared';

// The guided tour: stops in the curator's order, skipping any whose work is not in the hall.

/** Where the tour is: not running (null) or at a stop index. */
export type TourPosition = number | null;

/** What the visitor does with the tour. */
export type TourAction = 'start' | 'next' | 'prev' | 'stop';

/** The stops whose placement exists, in order. */
export function playableStops(stops: readonly TourStop[], placementIds: ReadonlySet<string>): TourStop[] {
  return stops.filter((stop) => placementIds.has(stop.placementId));
}

/**
 * The tour's position after `action` on a tour of `length` stops. Start goes to the first stop;
 * next past the last stop ends the tour; prev stays at the first; an empty tour never starts.
 */
export function stepTour(position: TourPosition, action: TourAction, length: number): TourPosition {
  if (length <= 0) return null;
  switch (action) {
    case 'start':
      return 0;
    case 'stop':
      return null;
    case 'next':
      if (position === null) return 0;
      return position + 1 < length ? position + 1 : null;
    case 'prev':
      if (position === null) return null;
      return Math.max(0, position - 1);
  }
}
