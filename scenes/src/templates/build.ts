import { wallLength, type SceneInput } from '@yunzhan/shared';

// Small builders that keep the hand-written templates short: walls whose hanging areas are laid
// out from margins, tiers and doors instead of by hand.

/** A wall as a template writes it (defaults not applied). */
export type WallInput = SceneInput['walls'][number];
/** A door as a template writes it. */
export type DoorInput = NonNullable<WallInput['doors']>[number];
/** A hanging area as a template writes it. */
export type HangingAreaInput = NonNullable<WallInput['hangingAreas']>[number];

/** How `wall` lays out its hanging areas. */
export interface WallSpec {
  id: string;
  start: [number, number];
  end: [number, number];
  height: number;
  colour: string;
  /** Metres. Default 0.2. */
  thickness?: number;
  doors?: DoorInput[];
  /** Faces that get hanging areas. Default none. */
  sides?: ('front' | 'back')[];
  /** Bands of wall, `[bottom, top]` in metres above the floor, that get hanging areas. Default one band 0.6–3.0 m. */
  tiers?: [number, number][];
  /** Bare wall kept at each end (corners), metres. Default 0.4. */
  margin?: number;
  /** Bare wall kept each side of a door, metres. Default 0.3. */
  doorMargin?: number;
}

/** Shortest stretch of wall worth a hanging area, in metres. */
const MIN_AREA_LENGTH = 0.8;

/**
 * A wall with hanging areas on the given faces: each tier runs from `margin` to the far end less
 * `margin`, split around every door the tier reaches down to (with `doorMargin` kept bare).
 * Area ids are `<wall id>-<f|b><tier>-<piece>`.
 */
export function wall(spec: WallSpec): WallInput {
  const { sides = [], tiers = [[0.6, 3]], margin = 0.4, doorMargin = 0.3, doors = [] } = spec;
  const length = wallLength(spec);
  const hangingAreas: HangingAreaInput[] = [];
  for (const side of sides)
    tiers.forEach(([bottom, top], tier) => {
      const cuts = doors
        .filter((d) => d.height > bottom)
        .map((d) => [d.offset - d.width / 2 - doorMargin, d.offset + d.width / 2 + doorMargin] as const)
        .sort((a, b) => a[0] - b[0]);
      let from = margin;
      const pieces: [number, number][] = [];
      for (const [a, b] of [...cuts, [length - margin, Infinity] as const]) {
        if (a - from >= MIN_AREA_LENGTH) pieces.push([from, a]);
        from = Math.max(from, b);
      }
      pieces.forEach(([a, b], piece) =>
        hangingAreas.push({ id: `${spec.id}-${side[0]}${tier}-${piece}`, side, from: round(a), to: round(b), bottom, top }),
      );
    });
  return {
    id: spec.id,
    start: spec.start,
    end: spec.end,
    height: spec.height,
    thickness: spec.thickness ?? 0.2,
    colour: spec.colour,
    doors,
    hangingAreas,
  };
}

/** Rounds to the millimetre, so stored templates carry no float noise. */
export const round = (x: number): number => Math.round(x * 1000) / 1000 + 0;

/**
 * The four walls round a rectangular room, centre lines on its edges, front faces inwards:
 * `<prefix>-north` (the -z side) runs west to east, then east, south and west clockwise as seen
 * from above. `each` adds doors, faces and tiers per wall.
 */
export function roomWalls(
  prefix: string,
  min: [number, number],
  max: [number, number],
  common: Omit<WallSpec, 'id' | 'start' | 'end'>,
  each: Partial<Record<'north' | 'east' | 'south' | 'west', Partial<WallSpec>>> = {},
): WallInput[] {
  const corners: [number, number][] = [min, [max[0], min[1]], max, [min[0], max[1]]];
  return (['north', 'east', 'south', 'west'] as const).map((name, i) =>
    wall({ ...common, ...each[name], id: `${prefix}-${name}`, start: corners[i] as [number, number], end: corners[(i + 1) % 4] as [number, number] }),
  );
}
