import { z } from 'zod';
import { Colour, Degrees, Intensity, LocalId, LocalizedText, Metres, PlanRect, Vec2, Vec3 } from './primitives';

// Scene format version 2: every hall, the theatre and the award stage. Version 1 was the theatre's
// own format (scenes/src/theatre-schema.ts); migrate.ts turns any older document into this one.

/** The version this code writes. Bump it with a migration in migrate.ts. */
export const SCENE_FORMAT_VERSION = 2;

/** A doorway cut into a wall: `offset` is the distance from the wall's start to the door's centre. */
export const Door = z.object({
  id: LocalId,
  offset: Metres,
  width: Metres,
  height: Metres,
  /** The room it leads to, when it joins two rooms. */
  leadsTo: LocalId.optional(),
});
export type Door = z.infer<typeof Door>;

/**
 * Where works may hang on one face of a wall, in wall coordinates: `from`/`to` are metres along
 * the wall from its start, `bottom`/`top` metres above the floor.
 */
export const HangingArea = z
  .object({
    id: LocalId,
    side: z.enum(['front', 'back']),
    from: z.number().finite().nonnegative(),
    to: Metres,
    bottom: z.number().finite().nonnegative(),
    top: Metres,
  })
  .refine((a) => a.to > a.from, { message: 'to must be greater than from', path: ['to'] })
  .refine((a) => a.top > a.bottom, { message: 'top must be greater than bottom', path: ['top'] });
export type HangingArea = z.infer<typeof HangingArea>;

/**
 * A straight wall from `start` to `end` on the plan. Its front face looks along the unit normal
 * `[-(end.z - start.z), end.x - start.x] / length`: a wall running along +x faces +z. Wall
 * coordinates `u` (metres along from `start`) and `v` (metres above the floor) place doors and works.
 */
export const Wall = z.object({
  id: LocalId,
  start: Vec2,
  end: Vec2,
  height: Metres,
  thickness: Metres.default(0.2),
  colour: Colour,
  doors: z.array(Door).max(8).default([]),
  hangingAreas: z.array(HangingArea).max(8).default([]),
});
export type Wall = z.infer<typeof Wall>;

/** A skylight: an opening in the ceiling over a plan rectangle that lets daylight in. */
export const Skylight = PlanRect;

/** A room: its floor rectangle, ceiling height, surfaces. Walls are listed on the scene. */
export const SceneRoom = z.object({
  id: LocalId,
  name: LocalizedText(60),
  floor: PlanRect,
  ceilingHeight: Metres,
  floorColour: Colour,
  floorFinish: z.enum(['wood', 'concrete', 'stone', 'carpet']).default('wood'),
  ceilingColour: Colour,
  skylights: z.array(Skylight).max(16).default([]),
});
export type SceneRoom = z.infer<typeof SceneRoom>;

/** A light; intensities are three.js physical units (candela for point/spot, lux otherwise). */
export const SceneLight = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ambient'), intensity: Intensity, colour: Colour }),
  z.object({ type: z.literal('hemisphere'), intensity: Intensity, colour: Colour, groundColour: Colour }),
  z.object({
    type: z.literal('point'),
    position: Vec3,
    intensity: Intensity,
    colour: Colour,
    /** Range in metres; 0 means unlimited. */
    distance: z.number().finite().nonnegative(),
  }),
  z.object({
    type: z.literal('spot'),
    position: Vec3,
    target: Vec3,
    intensity: Intensity,
    colour: Colour,
    /** Half-angle of the cone, in degrees. */
    angleDeg: z.number().gt(0).max(90),
    /** Softness of the cone's edge, 0..1. */
    penumbra: z.number().min(0).max(1),
    /** Range in metres; 0 means unlimited. */
    distance: z.number().finite().nonnegative(),
    /** Whether it casts shadows (costly: a scene keeps at most a couple). Default false. */
    castShadow: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('directional'),
    position: Vec3,
    target: Vec3,
    intensity: Intensity,
    colour: Colour,
    /** Whether it casts shadows (costly: a scene keeps at most a couple). Default false. */
    castShadow: z.boolean().optional(),
  }),
]);
export type SceneLight = z.infer<typeof SceneLight>;

/** Where a visitor appears: a point on the floor and the direction they face (0° looks along -z). */
export const SpawnPoint = z.object({ id: LocalId, position: Vec3, yawDeg: Degrees });
export type SpawnPoint = z.infer<typeof SpawnPoint>;

/** A screen that shows a live stream or a video, centred at `position`, facing `yawDeg` (0°: +z). */
export const VideoScreen = z
  .object({ id: LocalId, position: Vec3, yawDeg: Degrees, width: Metres, height: Metres, frameColour: Colour })
  .refine((s) => Math.abs(s.width / s.height - 16 / 9) < 1e-3, { message: 'screen must be 16:9', path: ['height'] });
export type VideoScreen = z.infer<typeof VideoScreen>;

/** A block of seats in rows; seats face `yawDeg` (0°: -z, towards a stage at negative z). */
export const SeatBlock = z.object({
  id: LocalId,
  /** Centre of the front row, on the floor. */
  origin: Vec3,
  yawDeg: Degrees,
  rows: z.number().int().min(1).max(60),
  seatsPerRow: z.number().int().min(1).max(80),
  seatSpacing: Metres,
  rowSpacing: Metres,
  /** How much higher each row is than the one in front, in metres. */
  risePerRow: z.number().finite().nonnegative(),
  /** Width of a central aisle, in metres (0 for none). */
  aisleWidth: z.number().finite().nonnegative(),
  seatColour: Colour,
  stepColour: Colour,
});
export type SeatBlock = z.infer<typeof SeatBlock>;

/** A raised platform (theatre stage, award podium) over a plan rectangle. */
export const Platform = z.object({
  id: LocalId,
  area: PlanRect,
  height: Metres,
  colour: Colour,
  /** Curtains at its sides, when it is a theatre stage. */
  curtainColour: Colour.optional(),
});
export type Platform = z.infer<typeof Platform>;

/** A fixed viewpoint for seated scenes (theatre): orbit limits around a target. */
export const Viewpoint = z.object({
  position: Vec3,
  target: Vec3,
  fovDeg: z.number().gt(10).lt(120),
  minDistance: Metres,
  maxDistance: Metres,
  maxAzimuthDeg: z.number().min(0).max(90),
  minPolarDeg: z.number().min(0).max(180),
  maxPolarDeg: z.number().min(0).max(180),
});
export type Viewpoint = z.infer<typeof Viewpoint>;

/** What a scene is for: a gallery to walk through, a theatre to sit in, an award stage. */
export const SceneKind = z.enum(['gallery', 'theatre', 'award-stage']);
export type SceneKind = z.infer<typeof SceneKind>;

/** A scene, format version 2. Ids are unique within their list (checked by validateScene). */
export const Scene = z.object({
  formatVersion: z.literal(SCENE_FORMAT_VERSION),
  id: LocalId,
  kind: SceneKind,
  name: LocalizedText(60),
  description: LocalizedText(400).optional(),
  rooms: z.array(SceneRoom).min(1).max(16),
  walls: z.array(Wall).max(128),
  lights: z.array(SceneLight).min(1).max(32),
  spawnPoints: z.array(SpawnPoint).min(1).max(16),
  /** Where visitors may stand: the union of these rectangles, minus the walls. */
  walkable: z.array(PlanRect).min(1).max(32),
  screens: z.array(VideoScreen).max(8).default([]),
  seats: z.array(SeatBlock).max(16).default([]),
  platforms: z.array(Platform).max(8).default([]),
  viewpoint: Viewpoint.optional(),
  /** Background (outside, seen through doors and skylights). */
  background: Colour.default('#101018'),
});
export type Scene = z.infer<typeof Scene>;
/** A scene as written by hand or stored: defaults not yet applied. */
export type SceneInput = z.input<typeof Scene>;
