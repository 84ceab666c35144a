import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { WallPlacement } from '../exhibitions';
import { validateLayout } from './placement';
import { defaultWorkSize, distributeEvenly, EYE_LEVEL, nearestFreeSpot, snapWallPosition, type WallSpot } from './placement-editor';
import { layoutOf, onWall, twoRooms } from './test-fixtures';

const scene = twoRooms();
const empty = layoutOf([]);
const spot = (u: number, v: number, more: Partial<WallSpot> = {}): WallSpot => ({
  wallId: 'a-north',
  side: 'front',
  u,
  v,
  width: 1,
  height: 1,
  rotationDeg: 0,
  ...more,
});

describe('defaultWorkSize', () => {
  it('uses the real size of a work whose dimensions are known', () => {
    expect(defaultWorkSize({ widthCm: 120, heightCm: 80 })).toEqual({ width: 1.2, height: 0.8 });
  });

  it('makes the longer side 1 m with the image proportions when the size is unknown', () => {
    expect(defaultWorkSize(undefined, 2)).toEqual({ width: 1, height: 0.5 });
    expect(defaultWorkSize(undefined, 0.5)).toEqual({ width: 0.5, height: 1 });
    expect(defaultWorkSize()).toEqual({ width: 1, height: 1 });
  });

  it('shrinks a giant work to 20 m on its longer side, keeping its proportions', () => {
    expect(defaultWorkSize({ widthCm: 5000, heightCm: 2500 })).toEqual({ width: 20, height: 10 });
  });
});

describe('snapWallPosition', () => {
  it('snaps to a 5 cm grid and to eye level when near it', () => {
    expect(snapWallPosition(scene, empty, spot(3.033, 1.61))).toEqual({ u: 3.05, v: EYE_LEVEL });
    expect(snapWallPosition(scene, empty, spot(3.033, 2.012))).toEqual({ u: 3.05, v: 2 });
  });

  it('lines a work up with a neighbour’s centre line when near it', () => {
    const layout = layoutOf([onWall('n', 'a-north', 6, { v: 1.9 })]);
    expect(snapWallPosition(scene, layout, spot(3, 1.83))).toEqual({ u: 3, v: 1.9 });
    expect(snapWallPosition(scene, layout, spot(6.07, 2.4, { height: 0.5 }))).toEqual({ u: 6, v: 2.4 });
  });

  it('does not line a work up with itself while it is dragged', () => {
    const layout = layoutOf([onWall('me', 'a-north', 6, { v: 1.9 })]);
    expect(snapWallPosition(scene, layout, spot(3, 1.83), { ignoreId: 'me' })).toEqual({ u: 3, v: 1.85 });
  });

  it('keeps a work inside the hanging area it is dragged past', () => {
    expect(snapWallPosition(scene, empty, spot(9.4, 1.5))).toEqual({ u: 9, v: 1.5 });
    expect(snapWallPosition(scene, empty, spot(-3, 5))).toEqual({ u: 1, v: 2.7 });
  });

  it('keeps a turned work’s outline inside the area', () => {
    const snapped = snapWallPosition(scene, empty, spot(9.4, 1.5, { rotationDeg: 45 }));
    expect(snapped?.u).toBeCloseTo(9.5 - Math.SQRT1_2, 9);
  });

  it('picks the nearer of two areas split by a door', () => {
    const onMiddle = { wallId: 'middle' };
    expect(snapWallPosition(scene, empty, spot(2.9, 1.5, onMiddle))).toEqual({ u: 1.5, v: 1.5 });
    expect(snapWallPosition(scene, empty, spot(3.2, 1.5, onMiddle))).toEqual({ u: 4.5, v: 1.5 });
  });

  it('finds no spot for a work too big for every area of the face', () => {
    expect(snapWallPosition(scene, empty, spot(5, 1.5, { height: 3 }))).toBeNull();
    expect(snapWallPosition(scene, empty, spot(5, 1.5, { side: 'back' }))).toBeNull();
    expect(snapWallPosition(scene, empty, spot(5, 1.5, { wallId: 'nowhere' }))).toBeNull();
  });
});

describe('nearestFreeSpot', () => {
  it('keeps the snapped spot when it is free', () => {
    expect(nearestFreeSpot(scene, empty, spot(3.03, 1.5))).toEqual({ u: 3.05, v: 1.5 });
  });

  it('moves a work dropped on a neighbour to the nearest free place beside it', () => {
    const layout = layoutOf([onWall('n', 'a-north', 5)]);
    const free = nearestFreeSpot(scene, layout, spot(5.2, 1.5));
    expect(free?.u).toBeCloseTo(6.05, 9);
    expect(free?.v).toBe(1.5);
    expect(validateLayout(scene, layoutOf([onWall('n', 'a-north', 5), onWall('m', 'a-north', free!.u)]))).toEqual([]);
  });

  it('finds nothing when the face is full', () => {
    const full = layoutOf(Array.from({ length: 8 }, (_, i) => onWall(`w${i}`, 'a-north', 1.05 + i * 1.1)));
    expect(validateLayout(scene, full)).toEqual([]);
    expect(nearestFreeSpot(scene, full, spot(5, 1.5, { height: 2.8 }))).toBeNull();
  });
});

describe('distributeEvenly', () => {
  it('spaces the works of one wall face with equal gaps at eye level, keeping their order', () => {
    const layout = layoutOf([
      onWall('a', 'a-north', 1.5, { v: 2 }),
      onWall('b', 'a-north', 4, { width: 2, height: 0.5 }),
      onWall('c', 'a-north', 8.5, { v: 1 }),
      onWall('elsewhere', 'b-north', 3),
    ]);
    const spread = distributeEvenly(scene, layout, 'a-north', 'front');
    const byId = new Map(spread.placements.map((p) => [p.id, p as WallPlacement]));
    // 9 m of area, 4 m of works: four gaps of 1.25 m.
    expect([byId.get('a')!.u, byId.get('b')!.u, byId.get('c')!.u]).toEqual([2.25, 5, 7.75]);
    expect([...byId.values()].filter((p) => p.wallId === 'a-north').every((p) => p.v === EYE_LEVEL)).toBe(true);
    expect(byId.get('elsewhere')).toEqual(layout.placements[3]);
    expect(validateLayout(scene, spread)).toEqual([]);
  });

  it('spaces works in each area of a wall split by a door separately', () => {
    const layout = layoutOf([onWall('a', 'middle', 0.9, { width: 0.5 }), onWall('b', 'middle', 5, { width: 0.5 })]);
    const spread = distributeEvenly(scene, layout, 'middle', 'front');
    const [a, b] = spread.placements.map((p) => (p as WallPlacement).u);
    expect(a).toBeCloseTo(1.15, 9);
    expect(b).toBeCloseTo(4.85, 9);
  });

  it('refuses when the works are too wide for their area', () => {
    const layout = layoutOf([onWall('a', 'middle', 1, { width: 1.6 }), onWall('b', 'middle', 1.5, { width: 1.2, v: 2.5, height: 0.5 })]);
    expect(() => distributeEvenly(scene, layout, 'middle', 'front')).toThrow(AppError);
  });

  it('leaves a layout with no works on that face as it is', () => {
    const layout = layoutOf([onWall('a', 'a-north', 2)]);
    expect(distributeEvenly(scene, layout, 'b-north', 'front')).toBe(layout);
  });
});
