import { isWalkable, slideMove } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { twoRooms } from '../hall/test-support/two-rooms';
import { VISITOR_COLLISION_RADIUS, VisitorRig, keyIntent, stepVisitor, type Collide } from './visitor-rig';

const scene = twoRooms();
const collide: Collide = (from, to) => slideMove(scene, from, to, VISITOR_COLLISION_RADIUS);

function run(rig: VisitorRig, seconds: number) {
  for (let t = 0; t < seconds; t += 1 / 60) rig.update(1 / 60, collide);
}

describe('keyIntent', () => {
  it('maps WASD and the arrows to forward, strafe and turn', () => {
    expect(keyIntent(new Set(['KeyW']))).toMatchObject({ forward: 1, right: 0 });
    expect(keyIntent(new Set(['ArrowDown', 'KeyD']))).toMatchObject({ forward: -1, right: 1 });
    expect(keyIntent(new Set(['ArrowLeft'])).turn).toBe(1);
    expect(keyIntent(new Set(['KeyW', 'ArrowUp'])).forward).toBe(1);
    expect(keyIntent(new Set(['ShiftLeft'])).run).toBe(true);
  });
});

describe('stepVisitor', () => {
  it('walks along the look direction at walking speed', () => {
    // Yaw 0 looks along -z.
    const [x, z] = stepVisitor([5, 5], 0, { forward: 1, right: 0, run: false }, 1, (_, to) => to);
    expect(x).toBeCloseTo(5);
    expect(z).toBeCloseTo(3.2);
  });

  it('is no faster diagonally', () => {
    const [x, z] = stepVisitor([5, 5], 0, { forward: 1, right: 1, run: false }, 1, (_, to) => to);
    expect(Math.hypot(x - 5, z - 5)).toBeCloseTo(1.8);
  });
});

describe('VisitorRig', () => {
  it('stops at a wall instead of walking through it', () => {
    // In the west room, looking along +x (yaw -90°) at the middle wall, away from the door.
    const rig = new VisitorRig({ position: [8, 2], yaw: -Math.PI / 2, pitch: 0 });
    rig.keys.add('KeyW');
    run(rig, 3);
    expect(rig.position[0]).toBeLessThanOrEqual(9.9 - VISITOR_COLLISION_RADIUS + 1e-6);
    expect(rig.position[0]).toBeGreaterThan(9.3);
    expect(isWalkable(scene, rig.position, VISITOR_COLLISION_RADIUS)).toBe(true);
  });

  it('walks through the door into the next room', () => {
    const rig = new VisitorRig({ position: [8, 5], yaw: -Math.PI / 2, pitch: 0 });
    rig.keys.add('KeyW');
    run(rig, 3);
    expect(rig.position[0]).toBeGreaterThan(11);
  });

  it('click-to-walk arrives at a reachable point and gives up at a wall', () => {
    const rig = new VisitorRig({ position: [2, 2], yaw: 0, pitch: 0 });
    rig.walkTo([6, 7]);
    run(rig, 5);
    expect(rig.position[0]).toBeCloseTo(6, 1);
    expect(rig.position[1]).toBeCloseTo(7, 1);
    expect(rig.busy).toBe(false);

    rig.walkTo([15, 2]); // behind the middle wall, not in line with the door
    run(rig, 10);
    expect(rig.busy).toBe(false);
    expect(isWalkable(scene, rig.position, VISITOR_COLLISION_RADIUS)).toBe(true);
  });

  it('glides to a pose and ends exactly there', () => {
    const rig = new VisitorRig({ position: [2, 2], yaw: 0, pitch: 0 });
    rig.glideTo({ position: [7.9, 2.5], yaw: -Math.PI / 2, pitch: -0.05 });
    run(rig, 4);
    expect(rig.position[0]).toBeCloseTo(7.9);
    expect(rig.position[1]).toBeCloseTo(2.5);
    expect(rig.yaw).toBeCloseTo(-Math.PI / 2);
    expect(rig.busy).toBe(false);
  });

  it('cancels a glide when the visitor takes the keys', () => {
    const rig = new VisitorRig({ position: [2, 2], yaw: 0, pitch: 0 });
    rig.glideTo({ position: [8, 8], yaw: 1, pitch: 0 });
    rig.keys.add('KeyS');
    rig.update(1 / 60, collide);
    expect(rig.busy).toBe(false);
  });

  it('clamps looking up and down', () => {
    const rig = new VisitorRig({ position: [2, 2], yaw: 0, pitch: 0 });
    rig.look(0.5, 5);
    expect(rig.pitch).toBeCloseTo(1.2);
    expect(rig.yaw).toBeCloseTo(0.5);
  });
});
