import { z } from 'zod';
import { Colour, Metres, SceneLight, Vec3 } from '@yunzhan/shared';

// Scene format version 1, the theatre's own (the full format is v2 in shared/src/scene; the
// theatre page still renders this one, and migrateScene turns it into v2). Units: metres and
// degrees. Y is up; the origin is the centre of the theatre floor; the stage is at negative z and
// the audience faces -z. Points, colours and lights are the shared scene primitives.

export { Colour, Vec3 };

/** The room's inner box, centred on the origin at floor level. */
export const Room = z.object({
  width: Metres,
  depth: Metres,
  height: Metres,
  wallColour: Colour,
  floorColour: Colour,
  ceilingColour: Colour,
});
export type Room = z.infer<typeof Room>;

/**
 * A winners' podium: a box lower than the stage, centred on x = 0 against the stage's front edge
 * (it spans z from `frontZ` to `frontZ + depth`).
 */
export const Podium = z.object({
  width: Metres,
  depth: Metres,
  /** Height of its top above the room floor, in metres. */
  height: Metres,
  colour: Colour,
});
export type Podium = z.infer<typeof Podium>;

/** The raised stage: it spans the full depth from the front wall to `frontZ`. */
export const Stage = z.object({
  width: Metres,
  /** Height of the stage floor above the room floor, in metres. */
  height: Metres,
  /** Z of the stage's front edge (the back edge is the front wall). */
  frontZ: z.number().finite(),
  colour: Colour,
  /** Colour of the curtains on either side of the screen. */
  curtainColour: Colour,
  /** A winners' podium in front of the stage (award ceremonies); none by default. */
  podium: Podium.optional(),
});
export type Stage = z.infer<typeof Stage>;

/** Tolerance of the 16:9 check on the screen. */
const ASPECT_TOLERANCE = 1e-3;

/** The projection screen; it faces +z (towards the audience). */
export const Screen = z
  .object({
    /** Centre of the picture. */
    position: Vec3,
    width: Metres,
    height: Metres,
    frameColour: Colour,
  })
  .refine((s) => Math.abs(s.width / s.height - 16 / 9) < ASPECT_TOLERANCE, {
    message: 'screen must be 16:9',
    path: ['height'],
  });
export type Screen = z.infer<typeof Screen>;

/** Rows of seats on a rake that rises away from the stage. Seats face -z. */
export const Seating = z.object({
  rows: z.number().int().min(1).max(60),
  seatsPerRow: z.number().int().min(1).max(80),
  /** Centre-to-centre distance of neighbouring seats, in metres. */
  seatSpacing: Metres,
  /** Distance between rows, in metres. */
  rowSpacing: Metres,
  /** How much higher each row's floor is than the one in front, in metres. */
  risePerRow: z.number().finite().nonnegative(),
  /** Z of the first (front) row's seats. */
  firstRowZ: z.number().finite(),
  /** Width of the central aisle, in metres (0 for none). */
  aisleWidth: z.number().finite().nonnegative(),
  seatColour: Colour,
  /** Colour of the raked floor steps. */
  stepColour: Colour,
});
export type Seating = z.infer<typeof Seating>;

/** A light: the shared scene light (three.js physical units: candela for point/spot, lux otherwise). */
export const Light = SceneLight;
export type Light = SceneLight;

/** Where the viewer's camera starts and how far the orbit controls may move it. */
export const CameraRig = z
  .object({
    /** Camera position at spawn. */
    position: Vec3,
    /** Point the camera looks at and orbits around. */
    target: Vec3,
    /** Vertical field of view, in degrees. */
    fovDeg: z.number().gt(10).lt(120),
    /** Closest the camera may get to the target, in metres. */
    minDistance: Metres,
    /** Farthest the camera may get from the target, in metres. */
    maxDistance: Metres,
    /** Largest sideways orbit either way from straight ahead (+z from the target), in degrees. */
    maxAzimuthDeg: z.number().min(0).max(90),
    /** Polar limits (angle from straight up), in degrees; 90 is level with the target. */
    minPolarDeg: z.number().min(0).max(180),
    maxPolarDeg: z.number().min(0).max(180),
  })
  .refine((c) => c.minDistance <= c.maxDistance, { message: 'minDistance > maxDistance', path: ['minDistance'] })
  .refine((c) => c.minPolarDeg <= c.maxPolarDeg, { message: 'minPolarDeg > maxPolarDeg', path: ['minPolarDeg'] });
export type CameraRig = z.infer<typeof CameraRig>;

/** A theatre scene: a room with a stage, a screen that shows the stream, seats, lights and a camera. */
export const TheatreScene = z.object({
  /** Version of this data format; bumped with a migration when it changes. */
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  room: Room,
  stage: Stage,
  screen: Screen,
  seating: Seating,
  lights: z.array(Light).min(1).max(16),
  camera: CameraRig,
});
export type TheatreScene = z.infer<typeof TheatreScene>;
