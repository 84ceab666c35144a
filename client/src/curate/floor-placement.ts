import {
  floorFootprint,
  validateLayout,
  type ExhibitionLayout,
  type FloorPlacement,
  type LayoutProblem,
  type Scene,
  type Vec2,
  type Work,
} from '@yunzhan/shared';
import type { Ray } from './drop-placement';

// Works standing on the floor (3D models on plinths), with the shared rules only (no three.js):
// a size from the work's dimensions, a spot on a 0.05 m grid, and when that spot does not fit,
// the nearest one on a 0.25 m search grid that validateLayout accepts (walkable, clear of walls
// and door passages, no overlap), so the editor and the server agree on what fits.

/** Grid the centre of a floor work snaps to, metres. */
export const FLOOR_SNAP = 0.05;
/** Step of the search for a free spot, metres. */
export const FLOOR_SEARCH_STEP = 0.25;
/** How far from a dropped point the search for a free spot goes, metres. */
export const FLOOR_DROP_REACH = 2;
/** Footprint (plinth side) when the work has no dimensions, metres. */
export const DEFAULT_FOOTPRINT = 0.8;
/** Height when the work has no dimensions, metres. */
export const DEFAULT_FLOOR_HEIGHT = 1;

const FOOTPRINT_MIN = 0.4;
const FOOTPRINT_MAX = 3;
const EPS = 1e-9;

/** A floor placement that fits, or the problem that stops it. */
export type FloorPlacementResult = { ok: true; placement: FloorPlacement } | { ok: false; problem: Pick<LayoutProblem, 'code' | 'message'> };

const snap = (x: number) => {
  const s = Math.round(x / FLOOR_SNAP) * FLOOR_SNAP;
  // Rounded to the millimetre so 0.1 + 0.2 style noise never reaches the layout.
  return Math.round(s * 1000) / 1000 || 0;
};

/** `p` on the 0.05 m grid. */
export function snapFloorPoint(p: Vec2): Vec2 {
  return [snap(p[0]), snap(p[1])];
}

/**
 * The size a work stands at: footprint from the larger of its width and depth (cm → m, clamped
 * to 0.4–3 m, 0.8 m without dimensions), height from its height (1 m without dimensions).
 */
export function floorSize(work: Pick<Work, 'metadata'>): { footprint: number; height: number } {
  const d = work.metadata.dimensions;
  if (!d) return { footprint: DEFAULT_FOOTPRINT, height: DEFAULT_FLOOR_HEIGHT };
  const side = Math.max(d.widthCm, d.depthCm ?? 0) / 100;
  return { footprint: Math.min(FOOTPRINT_MAX, Math.max(FOOTPRINT_MIN, side)), height: d.heightCm / 100 };
}

/** Where `ray` meets the floor plane (y = 0) on the plan, or null when it looks away from it. */
export function rayFloor(ray: Ray): Vec2 | null {
  const dy = ray.direction[1];
  if (dy > -EPS) return null;
  const t = -ray.origin[1] / dy;
  if (t < 0) return null;
  return [ray.origin[0] + ray.direction[0] * t, ray.origin[2] + ray.direction[2] * t];
}

/** The centre of the room holding `p`, else of the first room (the plan's origin without rooms). */
export function roomCentre(scene: Pick<Scene, 'rooms'>, p?: Vec2): Vec2 {
  const inside = p && scene.rooms.find((r) => p[0] >= r.floor.min[0] && p[0] <= r.floor.max[0] && p[1] >= r.floor.min[1] && p[1] <= r.floor.max[1]);
  const room = inside || scene.rooms[0];
  return room ? [(room.floor.min[0] + room.floor.max[0]) / 2, (room.floor.min[1] + room.floor.max[1]) / 2] : [0, 0];
}

/** Points of the search grid around `centre` within `reach`, nearest first (the centre itself first). */
export function searchPoints(centre: Vec2, reach: number, step = FLOOR_SEARCH_STEP): Vec2[] {
  const n = Math.ceil(reach / step);
  const points: { p: Vec2; d: number }[] = [];
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++) {
      const d = Math.hypot(i * step, j * step);
      if (d <= reach + EPS) points.push({ p: snapFloorPoint([centre[0] + i * step, centre[1] + j * step]), d });
    }
  // Stable order among equal distances (the sort is stable), so the result is deterministic.
  return points.sort((a, b) => a.d - b.d).map((x) => x.p);
}

/** The first problem with floor placement `candidate` among the other floor works, if any. */
function floorProblem(scene: Scene, layout: Pick<ExhibitionLayout, 'placements'>, candidate: FloorPlacement): LayoutProblem | null {
  // Wall works never meet floor works (another surface), so only the floor is checked: cheaper
  // for the search, and the same answer validateLayout gives for the whole layout.
  const others = layout.placements.filter((p) => p.mount === 'floor' && p.id !== candidate.id);
  return validateLayout(scene, { placements: [...others, candidate], tour: [] }).find((p) => p.placementId === candidate.id) ?? null;
}

/** The nearest spot to `from` (within `reach`) where `base` fits, or the last problem met. */
function nearestFit(scene: Scene, layout: Pick<ExhibitionLayout, 'placements'>, base: FloorPlacement, from: Vec2, reach: number): FloorPlacementResult {
  let last: LayoutProblem | null = null;
  for (const position of searchPoints(from, reach)) {
    const candidate = { ...base, position };
    const problem = floorProblem(scene, layout, candidate);
    if (!problem) return { ok: true, placement: candidate };
    last = problem;
  }
  return {
    ok: false,
    problem: { code: last?.code === 'PLACEMENT_OVERLAP' ? 'PLACEMENT_OVERLAP' : 'PLACEMENT_OFF_WALL', message: `no free floor within ${reach} m of the point for the work` },
  };
}

/** The farthest any point of the hall's rooms is from `p`: the search reach that covers the hall. */
function hallReach(scene: Pick<Scene, 'rooms'>, p: Vec2): number {
  return Math.max(1, ...scene.rooms.flatMap((r) => [r.floor.min, r.floor.max, [r.floor.min[0], r.floor.max[1]], [r.floor.max[0], r.floor.min[1]]].map((c) => Math.hypot(c[0]! - p[0], c[1]! - p[1]))));
}

/**
 * A work stood on the floor: at `point` (snapped to 0.05 m) when it fits there, else at the
 * nearest free spot within 2 m of it; without a point, at the free spot nearest the room's centre
 * anywhere in the hall. Refused with PLACEMENT_INVALID when the work is already placed, and
 * PLACEMENT_OFF_WALL / PLACEMENT_OVERLAP when no spot is free.
 */
export function placeOnFloor(scene: Scene, layout: ExhibitionLayout, work: Pick<Work, 'id' | 'metadata'>, id: string, point?: Vec2): FloorPlacementResult {
  if (layout.placements.some((p) => p.workId === work.id))
    return { ok: false, problem: { code: 'PLACEMENT_INVALID', message: `work "${work.id}" is already placed` } };
  const base: FloorPlacement = {
    id,
    workId: work.id,
    mount: 'floor',
    position: [0, 0],
    yawDeg: 0,
    ...floorSize(work),
    plinth: true,
    label: 'right',
    spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
  };
  if (point) return nearestFit(scene, layout, base, snapFloorPoint(point), FLOOR_DROP_REACH);
  const centre = roomCentre(scene);
  return nearestFit(scene, layout, base, centre, hallReach(scene, centre));
}

/**
 * Where a floor work goes when dragged to `point`: the snapped point when the work fits there
 * (itself ignored as a neighbour), else null (the work stays where it was).
 */
export function dragOnFloor(scene: Scene, layout: Pick<ExhibitionLayout, 'placements'>, placement: FloorPlacement, point: Vec2): { position: Vec2 } | null {
  const position = snapFloorPoint(point);
  return floorProblem(scene, layout, { ...placement, position }) ? null : { position };
}

/** Whether `ray` meets a floor work's footprint on the floor plane, so a drag may start there. */
export function hitsFloorPlacement(placement: FloorPlacement, ray: Ray): boolean {
  const p = rayFloor(ray);
  if (!p) return false;
  const corners = floorFootprint(placement);
  // Inside a convex polygon: on the same side of every edge.
  let sign = 0;
  for (let k = 0; k < corners.length; k++) {
    const a = corners[k] as Vec2;
    const b = corners[(k + 1) % corners.length] as Vec2;
    const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    if (Math.abs(cross) < EPS) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}
