import { WHITE_CUBE } from '@yunzhan/scenes';
import { describe, expect, it } from 'vitest';
import { SnapTurn, TeleportAim, floorHit, originForHeadAt, resolveTeleport, turnOriginAbout, wrapDegrees } from './locomotion';

// The white cube: a 14 × 10 m room (x -7..7, z -5..5) with a 5 m partition along z = 0, x -2.5..2.5.
const R = 0.3;

describe('floorHit', () => {
  it('finds where a ray pointing down and ahead meets the floor', () => {
    const hit = floorHit([0, 1.2, 0], [0, -1.2, -3]);
    expect(hit?.[0]).toBeCloseTo(0);
    expect(hit?.[1]).toBeCloseTo(-3);
  });

  it('gives nothing for a ray pointing level or up, or landing beyond the range', () => {
    expect(floorHit([0, 1.2, 0], [0, 0, -1])).toBeNull();
    expect(floorHit([0, 1.2, 0], [0, 0.3, -1])).toBeNull();
    expect(floorHit([0, 1.2, 0], [0, -0.05, -1], 0, 10)).toBeNull();
  });
});

describe('resolveTeleport', () => {
  it('accepts a walkable spot in plain sight', () => {
    expect(resolveTeleport(WHITE_CUBE, [-5, 3], [-5, -2], R)).toEqual([-5, -2]);
  });

  it('refuses a spot inside or against a wall and one beyond the outer walls', () => {
    expect(resolveTeleport(WHITE_CUBE, [0, 3], [0, 0.05], R)).toBeNull();
    expect(resolveTeleport(WHITE_CUBE, [0, 3], [0, 7], R)).toBeNull();
  });

  it('refuses a walkable spot on the far side of a wall', () => {
    expect(resolveTeleport(WHITE_CUBE, [0, 2], [0, -2], R)).toBeNull();
    // The same spot, reached round the end of the partition, is fine.
    expect(resolveTeleport(WHITE_CUBE, [4, 2], [4, -2], R)).toEqual([4, -2]);
  });
});

describe('SnapTurn', () => {
  it('turns 30° once per push, left positive, and re-arms only when the stick comes back', () => {
    const snap = new SnapTurn();
    expect(snap.update(0.2)).toBe(0);
    expect(snap.update(0.9)).toBe(-30);
    expect(snap.update(1)).toBe(0);
    expect(snap.update(0.5)).toBe(0);
    expect(snap.update(0.1)).toBe(0);
    expect(snap.update(-0.8)).toBe(30);
  });

  it('ignores deflections inside the dead zone', () => {
    const snap = new SnapTurn();
    for (const x of [0.1, 0.35, 0.55, -0.5]) expect(snap.update(x)).toBe(0);
  });
});

describe('TeleportAim', () => {
  it('aims while the stick is held forward and jumps when it is let go', () => {
    const aim = new TeleportAim();
    expect(aim.update(0, -0.3)).toBe('idle');
    expect(aim.update(0, -0.9)).toBe('aim');
    expect(aim.update(0.1, -0.7)).toBe('aim');
    expect(aim.update(0, 0)).toBe('jump');
    expect(aim.update(0, 0)).toBe('idle');
  });

  it('is not started by a sideways push and is cancelled by one', () => {
    const aim = new TeleportAim();
    expect(aim.update(0.9, -0.7)).toBe('idle');
    expect(aim.update(0, -0.9)).toBe('aim');
    expect(aim.update(0.9, -0.2)).toBe('idle');
    expect(aim.update(0, 0)).toBe('idle');
  });
});

describe('origin moves', () => {
  it('moves the origin so that the head lands on the target', () => {
    expect(originForHeadAt([1, 1], [1.5, 0.5], [4, -2])).toEqual([3.5, -1.5]);
  });

  it('turns the origin about the head, which stays put', () => {
    const [x, z] = turnOriginAbout([0, 0], [1, 0], Math.PI / 2);
    // A quarter turn left about (1, 0): the origin, 1 m to the head's -x, swings to its +z.
    expect(x).toBeCloseTo(1);
    expect(z).toBeCloseTo(1);
  });

  it('wraps angles into (-180, 180]', () => {
    expect(wrapDegrees(190)).toBe(-170);
    expect(wrapDegrees(-180)).toBe(180);
    expect(wrapDegrees(30)).toBe(30);
  });
});
