import { describe, expect, it } from 'vitest';
import { twoWorkLayout } from '../hall/test-support/two-rooms';
import { playableStops, stepTour } from './tour';

describe('guided tour', () => {
  it('skips stops whose placement is not in the hall', () => {
    const layout = twoWorkLayout();
    const stops = playableStops(layout.tour, new Set(layout.placements.map((p) => p.id)));
    expect(stops.map((s) => s.placementId)).toEqual(['p-front', 'p-back']);
  });

  it('starts at the first stop, steps forward and back, and ends after the last', () => {
    let position = stepTour(null, 'start', 3);
    expect(position).toBe(0);
    position = stepTour(position, 'next', 3);
    expect(position).toBe(1);
    position = stepTour(position, 'prev', 3);
    expect(position).toBe(0);
    expect(stepTour(0, 'prev', 3)).toBe(0);
    expect(stepTour(2, 'next', 3)).toBeNull();
    expect(stepTour(1, 'stop', 3)).toBeNull();
  });

  it('never starts an empty tour', () => {
    expect(stepTour(null, 'start', 0)).toBeNull();
    expect(stepTour(null, 'next', 0)).toBeNull();
  });
});
