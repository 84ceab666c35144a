import {
  EYE_LEVEL,
  defaultWorkSize,
  nearestFreeSpot,
  snapWallPosition,
  validateLayout,
  wallRectBounds,
  wallCoordinates,
  wallLength,
  wallNormal,
  type ExhibitionLayout,
  type LayoutProblem,
  type Scene,
  type Vec3,
  type Wall,
  type WallPlacement,
  type WallSide,
  type Work,
} from '@yunzhan/shared';

// From a pointer ray to a placement on a wall, with the shared geometry only (no three.js): the
// ray meets the nearest wall face it looks at; the hit becomes wall coordinates (wallCoordinates);
// the work gets its real size (defaultWorkSize) and is snapped (snapWallPosition), and the
// result is checked with validateLayout, so the editor and the server agree on what fits.

/** A ray in world space: `direction` need not be unit length. */
export interface Ray {
  origin: Vec3;
  direction: Vec3;
}

/** Where a ray meets a wall face. */
export interface WallHit {
  wallId: string;
  side: WallSide;
  u: number;
  v: number;
  /** Distance along the ray, in units of `direction`. */
  distance: number;
}

const EPS = 1e-9;

/** Where `ray` meets one face of `wall` (its surface, thickness / 2 off the centre line), or null. */
export function rayWallFace(ray: Ray, wall: Pick<Wall, 'id' | 'start' | 'end' | 'thickness' | 'height'>, side: WallSide): WallHit | null {
  const [nx, nz] = wallNormal(wall, side);
  // Only a face turned towards the ray can be hit.
  const facing = ray.direction[0] * nx + ray.direction[2] * nz;
  if (facing >= -EPS) return null;
  const depth = wallCoordinates(wall, side, ray.origin).depth;
  const t = -depth / facing;
  if (t < 0) return null;
  const point: Vec3 = [ray.origin[0] + ray.direction[0] * t, ray.origin[1] + ray.direction[1] * t, ray.origin[2] + ray.direction[2] * t];
  const { u, v } = wallCoordinates(wall, side, point);
  if (u < -EPS || u > wallLength(wall) + EPS || v < -EPS || v > wall.height + EPS) return null;
  return { wallId: wall.id, side, u, v, distance: t };
}

/** The nearest wall face `ray` meets (either side of every wall), or null when it meets none. */
export function intersectWalls(scene: Pick<Scene, 'walls'>, ray: Ray): WallHit | null {
  let best: WallHit | null = null;
  for (const wall of scene.walls)
    for (const side of ['front', 'back'] as const) {
      const hit = rayWallFace(ray, wall, side);
      if (hit && (!best || hit.distance < best.distance)) best = hit;
    }
  return best;
}

/** The size a work starts at on a wall, metres: real size from its dimensions, else from its pixels. */
export function workSize(work: Pick<Work, 'metadata' | 'media'>): { width: number; height: number } {
  const { width, height } = work.media;
  return defaultWorkSize(work.metadata.dimensions, width && height ? width / height : undefined);
}

/** A new wall placement of `work` at a spot, with the schema's defaults. */
function newPlacement(id: string, work: Pick<Work, 'id'>, wallId: string, side: WallSide, rect: { u: number; v: number; width: number; height: number }): WallPlacement {
  return {
    id,
    workId: work.id,
    mount: 'wall',
    wallId,
    side,
    ...rect,
    rotationDeg: 0,
    label: 'right',
    spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
  };
}

/** A placement that fits, or the problem that stops it. */
export type PlacementResult = { ok: true; placement: WallPlacement } | { ok: false; problem: Pick<LayoutProblem, 'code' | 'message'> };

/** The first problem validateLayout finds with placement `id` in `layout`, if any. */
export function problemWith(scene: Scene, layout: Pick<ExhibitionLayout, 'placements' | 'tour'>, id: string): LayoutProblem | null {
  return validateLayout(scene, layout).find((p) => p.placementId === id) ?? null;
}

/** Checks a candidate placement against the layout (the work placed once, no overlap, on the wall). */
function checked(scene: Scene, layout: ExhibitionLayout, placement: WallPlacement): PlacementResult {
  const problem = problemWith(scene, { placements: [...layout.placements.filter((p) => p.id !== placement.id), placement], tour: [] }, placement.id);
  return problem ? { ok: false, problem } : { ok: true, placement };
}

/**
 * A work dropped where a ray meets a wall: real size, centre at the hit snapped (grid, eye
 * level, neighbours' centre lines) into the face's hanging area. Refused with PLACEMENT_OFF_WALL
 * when the face has no room for it, PLACEMENT_OVERLAP when it would overlap a neighbour,
 * PLACEMENT_INVALID when the work is already placed.
 */
export function dropOnWall(scene: Scene, layout: ExhibitionLayout, work: Pick<Work, 'id' | 'metadata' | 'media'>, hit: WallHit, id: string): PlacementResult {
  const size = workSize(work);
  const spot = { wallId: hit.wallId, side: hit.side, u: hit.u, v: hit.v, rotationDeg: 0, ...size };
  const snapped = snapWallPosition(scene, layout, spot);
  if (!snapped) return { ok: false, problem: { code: 'PLACEMENT_OFF_WALL', message: `no hanging area of wall "${hit.wallId}" (${hit.side}) holds the work` } };
  return checked(scene, layout, newPlacement(id, work, hit.wallId, hit.side, { ...snapped, ...size }));
}

/**
 * A work placed on a wall face without pointing (the accessible path): at eye level in the
 * middle of the face's widest hanging area, or the nearest free spot on that face.
 */
export function placeOnWall(scene: Scene, layout: ExhibitionLayout, work: Pick<Work, 'id' | 'metadata' | 'media'>, wallId: string, side: WallSide, id: string): PlacementResult {
  const wall = scene.walls.find((w) => w.id === wallId);
  const areas = wall?.hangingAreas.filter((a) => a.side === side) ?? [];
  const widest = areas.reduce<(typeof areas)[number] | null>((best, a) => (!best || a.to - a.from > best.to - best.from ? a : best), null);
  if (!wall || !widest) return { ok: false, problem: { code: 'PLACEMENT_OFF_WALL', message: `wall "${wallId}" has no hanging area on its ${side} face` } };
  const size = workSize(work);
  const spot = { wallId, side, u: (widest.from + widest.to) / 2, v: EYE_LEVEL, rotationDeg: 0, ...size };
  const free = nearestFreeSpot(scene, layout, spot);
  if (!free) return { ok: false, problem: { code: 'PLACEMENT_OVERLAP', message: `no free room for the work on wall "${wallId}" (${side})` } };
  return checked(scene, layout, newPlacement(id, work, wallId, side, { ...free, ...size }));
}

/**
 * Where a hung work goes when dragged to the point a ray meets its own wall face: snapped, the
 * work itself ignored as a neighbour. Null when the ray misses that face or no area holds it.
 */
export function dragAlongWall(scene: Scene, layout: ExhibitionLayout, placement: WallPlacement, ray: Ray): { u: number; v: number } | null {
  const wall = scene.walls.find((w) => w.id === placement.wallId);
  if (!wall) return null;
  const hit = rayWallFace(ray, wall, placement.side);
  if (!hit) return null;
  return snapWallPosition(scene, layout, { ...placement, u: hit.u, v: hit.v }, { ignoreId: placement.id });
}

/** The wall faces works can hang on, for the wall picker: `wallId` and `side` of each. */
export function hangableFaces(scene: Pick<Scene, 'walls'>): { wallId: string; side: WallSide }[] {
  return scene.walls.flatMap((w) =>
    (['front', 'back'] as const).filter((side) => w.hangingAreas.some((a) => a.side === side)).map((side) => ({ wallId: w.id, side })),
  );
}

/** Whether `ray` meets a hung work's face (its turned box on the wall), so a drag may start there. */
export function hitsPlacement(scene: Pick<Scene, 'walls'>, placement: WallPlacement, ray: Ray): boolean {
  const wall = scene.walls.find((w) => w.id === placement.wallId);
  const hit = wall ? rayWallFace(ray, wall, placement.side) : null;
  if (!hit) return false;
  const [u0, u1, v0, v1] = wallRectBounds(placement);
  return hit.u >= u0 && hit.u <= u1 && hit.v >= v0 && hit.v <= v1;
}
