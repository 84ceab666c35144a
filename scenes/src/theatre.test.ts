import { describe, expect, it } from 'vitest';
import {
  AWARD_CEREMONY,
  THEATRE,
  TheatreScene,
  insideRoom,
  orbitExtremes,
  rakeFloorYAt,
  rowHalfWidth,
  rowZ,
  seatLayout,
  spawnOrbit,
  type Vec3,
} from './index';

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): Vec3 => {
  const l = Math.hypot(...a);
  return [a[0] / l, a[1] / l, a[2] / l];
};

describe('theatre scene schema', () => {
  it('rejects a screen that is not 16:9', () => {
    const bad = { ...THEATRE, screen: { ...THEATRE.screen, height: THEATRE.screen.width / 2 } };
    const result = TheatreScene.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['screen', 'height']);
  });

  it('rejects a light of an unknown type', () => {
    const bad = { ...THEATRE, lights: [{ type: 'laser', intensity: 1, colour: '#ffffff' }] };
    expect(TheatreScene.safeParse(bad).success).toBe(false);
  });
});

// The layout rules every theatre scene keeps: the standard theatre and the award ceremony's.
describe.each([THEATRE, AWARD_CEREMONY])('theatre scene $id', (scene) => {
  it('parses with its schema', () => {
    expect(TheatreScene.safeParse(scene).success).toBe(true);
  });

  it('places every seat inside the room and off the stage', () => {
    const seats = seatLayout(scene.seating);
    expect(seats).toHaveLength(scene.seating.rows * scene.seating.seatsPerRow);
    for (const seat of seats) {
      expect(insideRoom(scene, seat.position, 0.5)).toBe(true);
      expect(seat.position[2]).toBeGreaterThan(scene.stage.frontZ + 1);
    }
  });

  it('keeps the central aisle free of seats', () => {
    for (const seat of seatLayout(scene.seating)) {
      expect(Math.abs(seat.position[0])).toBeGreaterThanOrEqual(scene.seating.aisleWidth / 2);
    }
  });

  it('puts the screen above the stage, inside the room, facing the audience', () => {
    const { position, width, height } = scene.screen;
    expect(position[1] - height / 2).toBeGreaterThan(scene.stage.height);
    expect(position[1] + height / 2).toBeLessThan(scene.room.height);
    expect(width).toBeLessThanOrEqual(scene.room.width);
    expect(position[2]).toBeLessThan(scene.stage.frontZ);
    expect(insideRoom(scene, position)).toBe(true);
  });

  it('spawns the camera in the audience with the whole screen in view in front of it', () => {
    const { camera, screen } = scene;
    expect(insideRoom(scene, camera.position, 0.5)).toBe(true);
    expect(camera.position[2]).toBeGreaterThan(scene.seating.firstRowZ);
    const forward = norm(sub(camera.target, camera.position));
    // The screen faces +z, so the camera must be on its +z side to see the picture.
    expect(camera.position[2]).toBeGreaterThan(screen.position[2]);
    // Every corner of the picture is in front of the camera and within the vertical field of
    // view (the horizontal one is wider on any landscape window).
    const halfFov = (camera.fovDeg / 2) * (Math.PI / 180);
    for (const dx of [-1, 1])
      for (const dy of [-1, 1]) {
        const corner: Vec3 = [
          screen.position[0] + (dx * screen.width) / 2,
          screen.position[1] + (dy * screen.height) / 2,
          screen.position[2],
        ];
        const toCorner = norm(sub(corner, camera.position));
        expect(dot(forward, toCorner)).toBeGreaterThan(Math.cos(halfFov * 1.5));
        const vertical = Math.abs(Math.asin(toCorner[1]) - Math.asin(forward[1]));
        expect(vertical).toBeLessThan(halfFov);
      }
  });

  it('starts the camera within its own orbit limits', () => {
    const { camera } = scene;
    const orbit = spawnOrbit(camera);
    expect(orbit.distance).toBeGreaterThanOrEqual(camera.minDistance);
    expect(orbit.distance).toBeLessThanOrEqual(camera.maxDistance);
    expect(Math.abs(orbit.azimuthDeg)).toBeLessThanOrEqual(camera.maxAzimuthDeg);
    expect(orbit.polarDeg).toBeGreaterThanOrEqual(camera.minPolarDeg);
    expect(orbit.polarDeg).toBeLessThanOrEqual(camera.maxPolarDeg);
  });

  it('keeps every orbit extreme over the seats at a seated-to-standing eye height', () => {
    const { camera, seating } = scene;
    const halfWidth = rowHalfWidth(seating);
    for (const p of [camera.position, ...orbitExtremes(camera)]) {
      expect(insideRoom(scene, p, 0.5)).toBe(true);
      expect(Math.abs(p[0])).toBeLessThanOrEqual(halfWidth);
      expect(p[2]).toBeGreaterThanOrEqual(rowZ(seating, 0) - seating.rowSpacing);
      expect(p[2]).toBeLessThanOrEqual(rowZ(seating, seating.rows - 1) + seating.rowSpacing);
      const eyeHeight = p[1] - rakeFloorYAt(seating, p[2]);
      expect(eyeHeight).toBeGreaterThan(0.9);
      expect(eyeHeight).toBeLessThan(3.2);
    }
  });
});
