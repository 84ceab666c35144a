import { ExhibitionLayout, validateLayout, type Work } from '@yunzhan/shared';
import { getTemplate } from '@yunzhan/scenes';
import { describe, expect, it } from 'vitest';
import { applyCommand } from './layout-commands';
import { historyReducer, initialHistory } from './layout-history';
import { dragOnFloor, floorSize, hitsFloorPlacement, placeOnFloor, rayFloor } from './floor-placement';

// The white cube: one room from (-7, -5) to (7, 5); a 0.3 m partition from x -2.5 to 2.5 along
// z = 0 runs through the room's centre; the entrance is a 2 m door in the south wall at x 0.
const scene = getTemplate('white-cube');
const empty = ExhibitionLayout.parse({ templateId: 'white-cube' });
const model = (id: string, dimensions?: { widthCm: number; heightCm: number; depthCm?: number }) =>
  ({ id, kind: 'model', metadata: dimensions ? { dimensions } : {} }) as unknown as Pick<Work, 'id' | 'metadata'>;

describe('floor size', () => {
  it('takes the larger of width and depth, clamped, and the height', () => {
    expect(floorSize(model('wk_aaaaaaaa', { widthCm: 60, heightCm: 150, depthCm: 90 }))).toEqual({ footprint: 0.9, height: 1.5 });
    expect(floorSize(model('wk_aaaaaaaa', { widthCm: 10, heightCm: 20 }))).toEqual({ footprint: 0.4, height: 0.2 });
    expect(floorSize(model('wk_aaaaaaaa', { widthCm: 900, heightCm: 200 }))).toEqual({ footprint: 3, height: 2 });
    expect(floorSize(model('wk_aaaaaaaa'))).toEqual({ footprint: 0.8, height: 1 });
  });
});

describe('place on the floor', () => {
  it('stands a work without a point at a valid free spot near the room centre (off the partition)', () => {
    const result = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { placement } = result;
    expect(placement).toMatchObject({ mount: 'floor', footprint: 0.8, height: 1, plinth: true, yawDeg: 0 });
    // The centre is in the partition; the nearest free spot is just clear of it.
    expect(Math.abs(placement.position[1])).toBeGreaterThan(0.5);
    expect(Math.abs(placement.position[1])).toBeLessThan(1.5);
    expect(validateLayout(scene, { ...empty, placements: [placement] })).toEqual([]);
  });

  it('stands a work at a free dropped point, snapped to 0.05 m', () => {
    const result = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1', [3.02, 2.48]);
    expect(result.ok && result.placement.position).toEqual([3, 2.5]);
  });

  it('moves a point inside a wall to a free spot nearby, or refuses one far outside the hall', () => {
    const moved = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1', [1, 0]);
    expect(moved.ok).toBe(true);
    if (moved.ok) {
      expect(moved.placement.position).not.toEqual([1, 0]);
      expect(validateLayout(scene, { ...empty, placements: [moved.placement] })).toEqual([]);
    }
    const refused = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1', [40, 40]);
    expect(refused.ok).toBe(false);
  });

  it('keeps two models apart and refuses a work placed twice', () => {
    const first = placeOnFloor(scene, empty, model('wk_aaaaaaaa', { widthCm: 120, heightCm: 100 }), 'p-1', [3, 2.5]);
    if (!first.ok) throw new Error('first refused');
    const layout = { ...empty, placements: [first.placement] };
    const second = placeOnFloor(scene, layout, model('wk_bbbbbbbb', { widthCm: 120, heightCm: 100 }), 'p-2', [3, 2.5]);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.placement.position).not.toEqual([3, 2.5]);
    expect(validateLayout(scene, { ...layout, placements: [first.placement, second.placement] })).toEqual([]);
    expect(placeOnFloor(scene, layout, model('wk_aaaaaaaa'), 'p-3')).toMatchObject({ ok: false, problem: { code: 'PLACEMENT_INVALID' } });
  });
});

describe('drag on the floor', () => {
  const placed = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1', [3, 2.5]);
  if (!placed.ok) throw new Error('refused');
  const layout = { ...empty, placements: [placed.placement] };

  it('moves to a snapped free point, ignoring itself, and refuses walls and door passages', () => {
    expect(dragOnFloor(scene, layout, placed.placement, [3.12, 2.61])).toEqual({ position: [3.1, 2.6] });
    expect(dragOnFloor(scene, layout, placed.placement, [0, 0])).toBeNull();
    expect(dragOnFloor(scene, layout, placed.placement, [0, 4.6])).toBeNull();
  });

  it('meets the floor plane and the footprint from a ray', () => {
    expect(rayFloor({ origin: [3, 5, 2.5], direction: [0, -1, 0] })).toEqual([3, 2.5]);
    expect(rayFloor({ origin: [3, 5, 2.5], direction: [0, 1, 0] })).toBeNull();
    expect(hitsFloorPlacement(placed.placement, { origin: [3.2, 5, 2.7], direction: [0, -1, 0] })).toBe(true);
    expect(hitsFloorPlacement(placed.placement, { origin: [4, 5, 2.5], direction: [0, -1, 0] })).toBe(false);
  });
});

describe('floor edits through the command history', () => {
  it('places, moves and turns a model, then undoes and redoes each step', () => {
    const placed = placeOnFloor(scene, empty, model('wk_aaaaaaaa'), 'p-1', [3, 2.5]);
    if (!placed.ok) throw new Error('refused');
    const l1 = applyCommand(scene, empty, { type: 'place', placement: placed.placement });
    const l2 = applyCommand(scene, l1, { type: 'update', placementId: 'p-1', patch: { position: [3.5, 2.5], yawDeg: 45, plinth: false } });
    expect(l2.placements[0]).toMatchObject({ mount: 'floor', position: [3.5, 2.5], yawDeg: 45, plinth: false });
    expect(validateLayout(scene, l2)).toEqual([]);
    let h = historyReducer(historyReducer(initialHistory(empty), { type: 'edit', layout: l1 }), { type: 'edit', layout: l2 });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present.placements[0]).toMatchObject({ position: [3, 2.5], yawDeg: 0, plinth: true });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present.placements).toEqual([]);
    h = historyReducer(historyReducer(h, { type: 'redo' }), { type: 'redo' });
    expect(h.present).toBe(l2);
  });
});
