import { describe, expect, it } from 'vitest';
import {
  collisionSegments,
  isWalkable,
  segmentClearance,
  slideMove,
  VISITOR_RADIUS,
  wallCoordinates,
  wallLength,
  wallNormal,
  wallPoint,
} from './geometry';
import type { Vec2 } from './primitives';
import { Scene } from './schema';
import { twoRooms, twoRoomsInput } from './test-fixtures';

const scene = twoRooms();
const R = VISITOR_RADIUS;
/** Where a visitor stops against the a-north wall (z = 0, 0.2 m thick). */
const CONTACT_Z = 0.1 + R;

describe('wall frame', () => {
  const wall = { start: [0, 0] as Vec2, end: [4, 0] as Vec2, thickness: 0.2 };

  it('gives a wall running along +x a front face looking along +z', () => {
    expect(wallLength(wall)).toBe(4);
    expect(wallNormal(wall, 'front')).toEqual([0, 1]);
    expect(wallNormal(wall, 'back')).toEqual([0, -1]);
  });

  it('puts a work just off the surface of the face it hangs on, turned to face out of it', () => {
    const front = wallPoint(wall, 'front', 1, 1.5);
    expect(front.position.slice(0, 2)).toEqual([1, 1.5]);
    expect(front.position[2]).toBeCloseTo(0.12, 12);
    expect(front.yawDeg).toBe(0);
    const back = wallPoint(wall, 'back', 1, 1.5);
    expect(back.position[2]).toBeCloseTo(-0.12, 12);
    expect(back.yawDeg).toBe(180);
  });

  it('turns works on a wall running along +z to face -x from the front', () => {
    const { position, yawDeg } = wallPoint({ start: [10, 0], end: [10, 6], thickness: 0.2 }, 'front', 2, 1.5, 0);
    expect(position).toEqual([10, 1.5, 2]);
    expect(yawDeg).toBe(-90);
  });

  it('reads back the wall coordinates of a point it placed, on a slanted wall', () => {
    const slanted = { start: [1, 2] as Vec2, end: [4, 6] as Vec2, thickness: 0.3 };
    for (const side of ['front', 'back'] as const) {
      const { position } = wallPoint(slanted, side, 2.5, 1.7, 0.4);
      const back = wallCoordinates(slanted, side, position);
      expect(back.u).toBeCloseTo(2.5, 12);
      expect(back.v).toBe(1.7);
      // 0.4 from the centre line is 0.25 in front of a 0.3 m wall's surface.
      expect(back.depth).toBeCloseTo(0.25, 12);
    }
  });
});

describe('collision segments', () => {
  it('splits a wall at its door opening and keeps walls without doors whole', () => {
    const middle = collisionSegments(scene).filter((s) => s.wallId === 'middle');
    expect(middle.map((s) => [s.start, s.end])).toEqual([
      [[10, 0], [10, 2.2]],
      [[10, 3.8], [10, 6]],
    ]);
    expect(collisionSegments(scene).filter((s) => s.wallId === 'a-north')).toHaveLength(1);
  });

  it('measures clearance from the surface of the wall, not its centre line', () => {
    const [north] = collisionSegments(scene).filter((s) => s.wallId === 'a-north');
    expect(segmentClearance(north!, [5, 1])).toBeCloseTo(0.9, 12);
    expect(segmentClearance(north!, [5, 0.05])).toBe(0);
    // Past the end of the wall the distance is to its corner.
    expect(segmentClearance(north!, [-3, 4.1])).toBeCloseTo(5, 12);
  });
});

describe('isWalkable', () => {
  it('accepts the middle of a room and the middle of a doorway', () => {
    expect(isWalkable(scene, [5, 3])).toBe(true);
    expect(isWalkable(scene, [10, 3])).toBe(true);
  });

  it('refuses points too close to a wall, inside one, or off the walkable floor', () => {
    expect(isWalkable(scene, [5, 0.3])).toBe(false);
    expect(isWalkable(scene, [10, 1])).toBe(false);
    expect(isWalkable(scene, [5, -1])).toBe(false);
    expect(isWalkable(scene, [15, 3.2])).toBe(false);
  });

  it('lets a thinner visitor come closer to a wall', () => {
    expect(isWalkable(scene, [5, 0.3], 0.1)).toBe(true);
  });
});

describe('slideMove', () => {
  it('stops a move straight into a wall just short of it', () => {
    const [x, z] = slideMove(scene, [5, 3], [5, -2]);
    expect(x).toBe(5);
    expect(z).toBeGreaterThanOrEqual(CONTACT_Z - 1e-6);
    expect(z).toBeLessThan(CONTACT_Z + 0.01);
  });

  it('slides along a wall when the move meets it at an angle', () => {
    const [x, z] = slideMove(scene, [2, 1], [6, -1]);
    expect(x).toBeCloseTo(6, 6);
    expect(z).toBeGreaterThanOrEqual(CONTACT_Z - 1e-6);
    expect(z).toBeLessThan(CONTACT_Z + 0.01);
  });

  it('slides along a slanted wall, staying just clear of it', () => {
    const slanted = Scene.parse({
      ...twoRoomsInput(),
      walls: [{ id: 'slant', start: [0, 6], end: [6, 0], height: 3, colour: '#ffffff' }],
    });
    const end = slideMove(slanted, [1, 2], [8, 2]);
    const [segment] = collisionSegments(slanted);
    expect(segmentClearance(segment!, end)).toBeCloseTo(R, 4);
    // Pressed east into a wall running south-east, the visitor slides south-east along it.
    expect(end[1]).toBeLessThan(1);
    expect(end[0]).toBeGreaterThan(4);
  });

  it('walks through a door opening into the next room', () => {
    expect(slideMove(scene, [8, 3], [12, 3])).toEqual([12, 3]);
  });

  it('stops at the wall beside the door instead of passing through it', () => {
    const [x, z] = slideMove(scene, [8, 1], [12, 1]);
    expect(z).toBe(1);
    expect(x).toBeLessThanOrEqual(10 - 0.1 - R + 1e-6);
    expect(x).toBeGreaterThan(10 - 0.1 - R - 0.01);
  });

  it('cannot tunnel through a thin wall however long and fast the move', () => {
    const thin = Scene.parse({
      ...twoRoomsInput(),
      walls: twoRoomsInput().walls.map((w) => (w.id === 'middle' ? { ...w, thickness: 0.01, doors: [] } : w)),
    });
    for (const radius of [R, 0.05, 0]) {
      const [x] = slideMove(thin, [1, 3], [19, 3.001], radius);
      expect(x).toBeLessThan(10);
    }
    expect(slideMove(thin, [1, 3], [1e6, 3])[0]).toBeLessThan(10);
  });

  it('comes to rest in a corner it is pushed into', () => {
    const [x, z] = slideMove(scene, [3, 3], [-5, -5]);
    expect(x).toBeCloseTo(CONTACT_Z, 2);
    expect(z).toBeCloseTo(CONTACT_Z, 2);
  });

  it('slides along the edge of the walkable floor where there is no wall', () => {
    const open = Scene.parse({ ...twoRoomsInput(), walls: [] });
    const [x, z] = slideMove(open, [5, 3], [12, -4]);
    expect(x).toBeCloseTo(12, 9);
    expect(z).toBeCloseTo(0, 6);
    expect(z).toBeGreaterThanOrEqual(0);
  });

  it('always ends somewhere walkable, on a thousand random moves', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let from: Vec2 = [2, 3];
    for (let i = 0; i < 1000; i++) {
      const to: Vec2 = [from[0] + (random() - 0.5) * 12, from[1] + (random() - 0.5) * 12];
      const end = slideMove(scene, from, to);
      expect(isWalkable(scene, end)).toBe(true);
      from = end;
    }
  });

  it('leaves a visitor who starts inside a wall where they are unless the target is free', () => {
    expect(slideMove(scene, [10, 1], [10, 0.5])).toEqual([10, 1]);
    expect(slideMove(scene, [10, 1], [8, 1])).toEqual([8, 1]);
  });
});
