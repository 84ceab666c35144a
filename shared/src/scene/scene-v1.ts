import { z } from 'zod';
import { Colour, Metres, Vec3 } from './primitives';
import { SceneLight, type SceneInput } from './schema';

// Scene format version 1 was the theatre's own format (scenes/src/theatre-schema.ts): one room box
// centred on the origin, a stage against the -z wall, a screen, raked seating, lights and an orbit
// camera. shared/ may not import scenes/, so the shape the migration reads is restated here,
// loosely: only what the migration needs, without v1's own cross-field refinements.

/** A scene document in format version 1 (the theatre format), as far as the v1 → v2 migration reads it. */
export const SceneV1 = z.object({
  formatVersion: z.literal(1),
  id: z.string(),
  name: z.string().min(1),
  room: z.object({ width: Metres, depth: Metres, height: Metres, wallColour: Colour, floorColour: Colour, ceilingColour: Colour }),
  stage: z.object({ width: Metres, height: Metres, frontZ: z.number().finite(), colour: Colour, curtainColour: Colour }),
  screen: z.object({ position: Vec3, width: Metres, height: Metres, frameColour: Colour }),
  seating: z.object({
    rows: z.number().int(),
    seatsPerRow: z.number().int(),
    seatSpacing: Metres,
    rowSpacing: Metres,
    risePerRow: z.number().finite(),
    firstRowZ: z.number().finite(),
    aisleWidth: z.number().finite(),
    seatColour: Colour,
    stepColour: Colour,
  }),
  lights: z.array(SceneLight),
  camera: z.object({
    position: Vec3,
    target: Vec3,
    fovDeg: z.number(),
    minDistance: z.number(),
    maxDistance: z.number(),
    maxAzimuthDeg: z.number(),
    minPolarDeg: z.number(),
    maxPolarDeg: z.number(),
  }),
});
export type SceneV1 = z.infer<typeof SceneV1>;

/** Thickness of the walls a v1 room gets, in metres. */
const V1_WALL_THICKNESS = 0.2;
/** -0 becomes 0, so a migrated scene survives a JSON round trip unchanged. */
const clean = (x: number): number => x + 0;

/**
 * Converts a v1 theatre into a v2 scene document (not yet parsed): one room with the v1 box as its
 * floor, four walls whose inner faces are where v1's were (front faces inwards), the stage as a
 * platform with curtains, the screen facing +z, one seat block, the lights, the audience area as
 * the walkable floor, a spawn point under the camera looking at its target, and the camera's orbit
 * limits as the viewpoint.
 */
export function sceneV1ToV2(v1: SceneV1): SceneInput {
  const { room, stage, screen, seating, camera } = v1;
  const hw = room.width / 2;
  const hd = room.depth / 2;
  const out = V1_WALL_THICKNESS / 2;
  // Corners run clockwise seen from above (-z is north), so each wall's front face looks inwards.
  const corners: [number, number][] = [
    [-hw - out, -hd - out],
    [hw + out, -hd - out],
    [hw + out, hd + out],
    [-hw - out, hd + out],
  ];
  const names = ['north', 'east', 'south', 'west'];
  const walls = corners.map((start, i) => ({
    id: `wall-${names[i]}`,
    start,
    end: corners[(i + 1) % 4] as [number, number],
    height: room.height,
    thickness: V1_WALL_THICKNESS,
    colour: room.wallColour,
  }));
  const look = [camera.target[0] - camera.position[0], camera.target[2] - camera.position[2]] as const;
  return {
    formatVersion: 2,
    id: v1.id,
    kind: 'theatre',
    name: { 'zh-CN': v1.name, en: v1.name },
    rooms: [
      {
        id: 'hall',
        name: { 'zh-CN': v1.name, en: v1.name },
        floor: { min: [-hw, -hd], max: [hw, hd] },
        ceilingHeight: room.height,
        floorColour: room.floorColour,
        floorFinish: 'carpet',
        ceilingColour: room.ceilingColour,
      },
    ],
    walls,
    lights: v1.lights,
    spawnPoints: [
      {
        id: 'audience',
        position: [camera.position[0], 0, camera.position[2]],
        yawDeg: clean((Math.atan2(-look[0], -look[1]) * 180) / Math.PI),
      },
    ],
    walkable: [{ min: [-hw, stage.frontZ], max: [hw, hd] }],
    screens: [{ id: 'screen', position: screen.position, yawDeg: 0, width: screen.width, height: screen.height, frameColour: screen.frameColour }],
    seats: [
      {
        id: 'audience',
        origin: [0, 0, seating.firstRowZ],
        yawDeg: 0,
        rows: seating.rows,
        seatsPerRow: seating.seatsPerRow,
        seatSpacing: seating.seatSpacing,
        rowSpacing: seating.rowSpacing,
        risePerRow: seating.risePerRow,
        aisleWidth: seating.aisleWidth,
        seatColour: seating.seatColour,
        stepColour: seating.stepColour,
      },
    ],
    platforms: [
      {
        id: 'stage',
        area: { min: [-stage.width / 2, -hd], max: [stage.width / 2, stage.frontZ] },
        height: stage.height,
        colour: stage.colour,
        curtainColour: stage.curtainColour,
      },
    ],
    viewpoint: { ...camera },
  };
}
