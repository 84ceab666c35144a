import { EYE_LEVEL, ExhibitionLayout, type Work } from '@yunzhan/shared';
import { getTemplate } from '@yunzhan/scenes';
import { describe, expect, it } from 'vitest';
import { dragAlongWall, dropOnWall, hangableFaces, intersectWalls, placeOnWall, workSize } from './drop-placement';

const scene = getTemplate('white-cube');
const empty = ExhibitionLayout.parse({ templateId: 'white-cube' });
const work = (id: string, widthCm = 80, heightCm = 60) =>
  ({ id, metadata: { dimensions: { widthCm, heightCm } }, media: { width: 400, height: 300 } }) as unknown as Pick<Work, 'id' | 'metadata' | 'media'>;

// The partition runs from x -2.5 to 2.5 along z = 0, 0.3 m thick; its front face looks along +z.
const towardsPartition = (x: number, y: number) => ({ origin: [x, y, 3] as [number, number, number], direction: [0, 0, -1] as [number, number, number] });

describe('drop onto a wall', () => {
  it('finds the nearest face a ray looks at, in wall coordinates', () => {
    const hit = intersectWalls(scene, towardsPartition(0.5, 1.4));
    expect(hit).toMatchObject({ wallId: 'partition', side: 'front' });
    expect(hit!.u).toBeCloseTo(3, 6);
    expect(hit!.v).toBeCloseTo(1.4, 6);
    expect(hit!.distance).toBeCloseTo(2.85, 6);
  });

  it('hits the back face from the other side and nothing when looking away', () => {
    expect(intersectWalls(scene, { origin: [0, 1.5, -3], direction: [0, 0, 1] })).toMatchObject({ wallId: 'partition', side: 'back' });
    // From the middle of the room straight up: no wall.
    expect(intersectWalls(scene, { origin: [0, 1.5, 3], direction: [0, 1, 0] })).toBeNull();
  });

  it('places a dropped work at its real size, snapped to the grid and eye level', () => {
    const result = dropOnWall(scene, empty, work('wk_aaaaaaaa'), intersectWalls(scene, towardsPartition(0.52, 1.41))!, 'p-1');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.placement).toMatchObject({ wallId: 'partition', side: 'front', width: 0.8, height: 0.6, v: EYE_LEVEL, rotationDeg: 0 });
    expect(result.placement.u).toBeCloseTo(3.0, 9);
  });

  it('refuses a drop onto a work already there as an overlap', () => {
    const first = dropOnWall(scene, empty, work('wk_aaaaaaaa'), intersectWalls(scene, towardsPartition(0, 1.5))!, 'p-1');
    if (!first.ok) throw new Error('first drop refused');
    const layout = { ...empty, placements: [first.placement] };
    const second = dropOnWall(scene, layout, work('wk_bbbbbbbb'), intersectWalls(scene, towardsPartition(0.3, 1.5))!, 'p-2');
    expect(second).toMatchObject({ ok: false, problem: { code: 'PLACEMENT_OVERLAP' } });
  });

  it('refuses a work too big for the wall as off the wall', () => {
    const result = dropOnWall(scene, empty, work('wk_aaaaaaaa', 900, 300), intersectWalls(scene, towardsPartition(0, 1.5))!, 'p-1');
    expect(result).toMatchObject({ ok: false, problem: { code: 'PLACEMENT_OFF_WALL' } });
  });

  it('places without pointing at the nearest free spot of a face', () => {
    const a = placeOnWall(scene, empty, work('wk_aaaaaaaa'), 'partition', 'front', 'p-1');
    if (!a.ok) throw new Error('refused');
    expect(a.placement).toMatchObject({ u: 2.5, v: EYE_LEVEL });
    const b = placeOnWall(scene, { ...empty, placements: [a.placement] }, work('wk_bbbbbbbb'), 'partition', 'front', 'p-2');
    if (!b.ok) throw new Error('refused');
    expect(Math.abs(b.placement.u - 2.5)).toBeGreaterThanOrEqual(0.85 - 1e-9);
  });

  it('drags a hung work along its own face, snapped', () => {
    const a = placeOnWall(scene, empty, work('wk_aaaaaaaa'), 'partition', 'front', 'p-1');
    if (!a.ok) throw new Error('refused');
    const moved = dragAlongWall(scene, { ...empty, placements: [a.placement] }, a.placement, towardsPartition(-1.02, 1.6));
    expect(moved!.u).toBeCloseTo(1.5, 9);
    expect(moved!.v).toBe(EYE_LEVEL);
  });

  it('sizes a work without dimensions from its pixels and lists the hangable faces', () => {
    expect(workSize({ metadata: {}, media: { width: 200, height: 100 } } as unknown as Work)).toEqual({ width: 1, height: 0.5 });
    expect(hangableFaces(scene)).toContainEqual({ wallId: 'partition', side: 'back' });
  });
});
