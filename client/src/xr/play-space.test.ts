import { WHITE_CUBE } from '@yunzhan/scenes';
import { Group, Quaternion, Vector3 } from 'three';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XRPlaySpace } from './play-space';

// The play space without a headset: the origin is a plain Group, the head pose is fed by hand.
// The white cube: x -7..7, z -5..5, a partition along z = 0 for x -2.5..2.5.

function space() {
  vi.stubGlobal('window', {});
  const s = new XRPlaySpace(WHITE_CUBE);
  s.origin = new Group();
  return s;
}
afterEach(() => vi.unstubAllGlobals());

const published = () => (globalThis as unknown as { window: { __yunzhanXR: { originPosition: number[]; yawDeg: number; teleports: number; refused: number } } }).window.__yunzhanXR;

describe('XRPlaySpace', () => {
  it('places the play space so that the head stands where the visitor stood, looking the same way', () => {
    const s = space();
    // The head is 0.5 m right of the play space's centre, looking straight ahead.
    s.placeHead({ position: [3, 2], yaw: Math.PI / 2, pitch: 0 }, new Vector3(0.5, 1.6, 0), 0);
    s.setHeadLocal(new Vector3(0.5, 1.6, 0), new Quaternion());
    expect(s.head.x).toBeCloseTo(3);
    expect(s.head.z).toBeCloseTo(2);
    expect(s.headYaw).toBeCloseTo(Math.PI / 2);
    expect(published().yawDeg).toBeCloseTo(90);
  });

  it('teleports the head onto a walkable spot and refuses one behind the partition', () => {
    const s = space();
    s.placeHead({ position: [0, 3], yaw: 0, pitch: 0 }, new Vector3(0, 1.6, 0), 0);
    s.setHeadLocal(new Vector3(0, 1.6, 0), new Quaternion());
    expect(s.teleportTo([0, -2])).toBe(false);
    expect(published()).toMatchObject({ teleports: 0, refused: 1, originPosition: [0, 0, 3] });
    expect(s.teleportTo([-5, 1])).toBe(true);
    expect(published()).toMatchObject({ teleports: 1, originPosition: [-5, 0, 1] });
  });

  it('snap-turns about the head, which does not move', () => {
    const s = space();
    s.placeHead({ position: [1, 1], yaw: 0, pitch: 0 }, new Vector3(0.4, 1.6, 0), 0);
    s.setHeadLocal(new Vector3(0.4, 1.6, 0), new Quaternion());
    s.snapTurn(-30);
    s.setHeadLocal(new Vector3(0.4, 1.6, 0), new Quaternion());
    expect(s.head.x).toBeCloseTo(1);
    expect(s.head.z).toBeCloseTo(1);
    expect(published().yawDeg).toBeCloseTo(-30);
  });
});
