import { isWalkable } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { frameWork, lookDirection, nearestAngle } from './camera-framing';
import { placementPoses } from './placement-pose';
import { twoRooms, twoWorkLayout } from './test-support/two-rooms';

describe('frameWork', () => {
  const scene = twoRooms();
  const poses = placementPoses(scene, twoWorkLayout().placements);

  it('stands 2 m in front of a wall work and looks straight at it', () => {
    const pose = poses.get('p-front')!;
    // The middle wall's front face is at x = 9.9 and looks along -x.
    expect(pose.center[0]).toBeCloseTo(9.9);
    expect(pose.normal[0]).toBeCloseTo(-1);
    const view = frameWork(pose);
    expect(view.position[0]).toBeCloseTo(7.9);
    expect(view.position[1]).toBeCloseTo(2.5);
    const look = lookDirection(view.yaw);
    expect(look[0]).toBeCloseTo(1);
    expect(look[1]).toBeCloseTo(0);
    // The work hangs at 1.5 m, a little below eye level.
    expect(view.pitch).toBeLessThan(0);
  });

  it('frames a work on the back of a wall from the other room', () => {
    const view = frameWork(poses.get('p-back')!);
    expect(view.position[0]).toBeCloseTo(12.1);
    expect(view.position[1]).toBeCloseTo(7.5);
    const look = lookDirection(view.yaw);
    expect(look[0]).toBeCloseTo(-1);
  });

  it('steps closer when the preferred spot is not walkable', () => {
    const pose = { ...poses.get('p-front')!, width: 4, height: 3 };
    // Preferred 5.2 m would be at x = 4.7; pretend only x > 6 is walkable.
    const view = frameWork(pose, { isWalkable: ([x]) => x > 6 });
    expect(view.position[0]).toBeGreaterThan(6);
    expect(isWalkable(scene, view.position, 0.3)).toBe(true);
  });
});

describe('nearestAngle', () => {
  it('turns the short way round', () => {
    expect(nearestAngle(0.1, Math.PI * 2 - 0.1)).toBeCloseTo(-0.1);
    expect(nearestAngle(Math.PI - 0.1, -Math.PI + 0.1)).toBeCloseTo(Math.PI + 0.1);
  });
});
