import { z } from 'zod';
import { AppError } from '../errors';
import type { ExhibitionLayout, FloorPlacement, WallPlacement } from '../exhibitions';
import { collisionSegments, insideWalkable, wallDirection, wallNormal, type WallSide } from './geometry';
import type { Vec2 } from './primitives';
import type { HangingArea, Scene, Wall } from './schema';
import { boundingHalfExtents, boxCorners, convexSeparated, rotatedRect } from './shapes';

// The rules a layout must keep in its hall. Codes: PLACEMENT_OFF_WALL when a work is not wholly
// on a surface it may go on (a hanging area of its wall face, or the walkable floor clear of
// walls and door openings); PLACEMENT_OVERLAP when two works come closer than MIN_GAP;
// PLACEMENT_INVALID for everything else (unknown wall, duplicate id or work, a tour stop that
// names no placement, a plinth blocking a door).

/** Least space between two works on one wall face or on the floor, in metres. */
export const MIN_GAP = 0.05;
/** Space kept clear of plinths on each side of a door, in metres. */
export const DOOR_CLEARANCE = 0.6;
/** Slack for comparing lengths that are equal on paper, in metres. */
const EPS = 1e-6;

/** Why a placement does not fit; `path` names the field (`placements.4.u`), `other` the placement it collides with. */
export const LayoutProblem = z.object({
  code: z.enum(['PLACEMENT_OVERLAP', 'PLACEMENT_OFF_WALL', 'PLACEMENT_INVALID']),
  placementId: z.string(),
  path: z.string(),
  message: z.string(),
  other: z.string().optional(),
});
export type LayoutProblem = z.infer<typeof LayoutProblem>;

/** A layout the hall cannot hold: the code and message of the first problem, every problem in `details.problems`. */
export class PlacementError extends AppError {
  constructor(readonly problems: LayoutProblem[]) {
    const first = problems[0];
    super(first?.code ?? 'PLACEMENT_INVALID', first?.message ?? 'Invalid layout', { problems });
  }
}

/** The size and turn of a work on a wall face, in that face's u/v coordinates. */
export type WallRect = Pick<WallPlacement, 'u' | 'v' | 'width' | 'height' | 'rotationDeg'>;

/**
 * Corners of a hung work in u/v coordinates. `rotationDeg` turns the work counter-clockwise as a
 * visitor facing it sees it; u runs to the visitor's left on a back face, so it turns the other way there.
 */
export function wallRectCorners(rect: WallRect, side: WallSide): Vec2[] {
  return rotatedRect([rect.u, rect.v], rect.width, rect.height, side === 'front' ? rect.rotationDeg : -rect.rotationDeg);
}

/** The u/v box around a hung work (turned works included): `[uMin, uMax, vMin, vMax]`. */
export function wallRectBounds(rect: WallRect): [number, number, number, number] {
  const [hu, hv] = boundingHalfExtents(rect.width, rect.height, rect.rotationDeg);
  return [rect.u - hu, rect.u + hu, rect.v - hv, rect.v + hv];
}

/** Whether a hanging area wholly holds the u/v box `[uMin, uMax, vMin, vMax]`. */
export function areaHolds(area: HangingArea, [u0, u1, v0, v1]: [number, number, number, number]): boolean {
  return u0 >= area.from - EPS && u1 <= area.to + EPS && v0 >= area.bottom - EPS && v1 <= area.top + EPS;
}

/** The door's opening in u/v coordinates, as corners. */
function doorCorners(door: Wall['doors'][number]): Vec2[] {
  return boxCorners([door.offset - door.width / 2, 0], [door.offset + door.width / 2, door.height]);
}

/** The corners of a box on the plan around `wall` from `u0` to `u1`, reaching `depth` metres either side of its centre line. */
function wallBandCorners(wall: Pick<Wall, 'start' | 'end'>, u0: number, u1: number, depth: number): Vec2[] {
  const [dx, dz] = wallDirection(wall);
  const [nx, nz] = wallNormal(wall);
  const at = (u: number, w: number): Vec2 => [wall.start[0] + dx * u + nx * w, wall.start[1] + dz * u + nz * w];
  return [at(u0, -depth), at(u1, -depth), at(u1, depth), at(u0, depth)];
}

/** The footprint of a floor work on the plan, as corners (yaw turns it like three.js's rotation.y). */
export function floorFootprint(p: Pick<FloorPlacement, 'position' | 'footprint' | 'yawDeg'>): Vec2[] {
  // rotation.y turns the plan clockwise as seen from above in [x, z], hence the minus.
  return rotatedRect(p.position, p.footprint, p.footprint, -p.yawDeg);
}

const f2 = (x: number) => x.toFixed(2);

/** Checks one hung work against its wall: doors, then the hanging areas of its face. */
function checkWallPlacement(p: WallPlacement, i: number, wall: Wall): LayoutProblem | null {
  const corners = wallRectCorners(p, p.side);
  const bounds = wallRectBounds(p);
  const at = `placements.${i}`;
  const face = `wall "${wall.id}" (${p.side})`;
  for (const door of wall.doors)
    if (!convexSeparated(corners, doorCorners(door)))
      return { code: 'PLACEMENT_OFF_WALL', placementId: p.id, path: `${at}.u`, message: `"${p.id}" crosses door "${door.id}" on ${face}` };
  const areas = wall.hangingAreas.filter((a) => a.side === p.side);
  if (areas.length === 0)
    return { code: 'PLACEMENT_OFF_WALL', placementId: p.id, path: `${at}.side`, message: `${face} has no hanging area for "${p.id}"` };
  if (areas.some((a) => areaHolds(a, bounds))) return null;
  // Explain against the area the work is nearest to.
  const miss = (a: HangingArea) =>
    Math.max(0, a.from - p.u, p.u - a.to) + Math.max(0, a.bottom - p.v, p.v - a.top) +
    Math.max(0, a.from - bounds[0]) + Math.max(0, bounds[1] - a.to) + Math.max(0, a.bottom - bounds[2]) + Math.max(0, bounds[3] - a.top);
  const area = areas.reduce((best, a) => (miss(a) < miss(best) ? a : best));
  const sideways = bounds[0] < area.from - EPS || bounds[1] > area.to + EPS;
  return {
    code: 'PLACEMENT_OFF_WALL',
    placementId: p.id,
    path: `${at}.${sideways ? 'u' : 'v'}`,
    message:
      `"${p.id}" leaves hanging area "${area.id}" on ${face}: it spans u ${f2(bounds[0])}–${f2(bounds[1])} m, v ${f2(bounds[2])}–${f2(bounds[3])} m; ` +
      `the area is u ${f2(area.from)}–${f2(area.to)} m, v ${f2(area.bottom)}–${f2(area.top)} m`,
  };
}

/** Checks one floor work: on the walkable floor, clear of every wall and door. */
function checkFloorPlacement(scene: Scene, p: FloorPlacement, i: number): LayoutProblem | null {
  const corners = floorFootprint(p);
  const path = `placements.${i}.position`;
  // The footprint is on the floor when its centre and points every 0.1 m along its edges are.
  const samples: Vec2[] = [p.position];
  corners.forEach((a, k) => {
    const b = corners[(k + 1) % corners.length] as Vec2;
    const n = Math.max(1, Math.ceil(p.footprint / 0.1));
    for (let s = 0; s < n; s++) samples.push([a[0] + ((b[0] - a[0]) * s) / n, a[1] + ((b[1] - a[1]) * s) / n]);
  });
  if (!samples.every((s) => insideWalkable(scene, s)))
    return { code: 'PLACEMENT_OFF_WALL', placementId: p.id, path, message: `"${p.id}" stands outside the walkable floor` };
  for (const s of collisionSegments(scene)) {
    const length = Math.hypot(s.end[0] - s.start[0], s.end[1] - s.start[1]);
    const band = wallBandCorners(s, 0, length, s.halfThickness);
    if (!convexSeparated(corners, band))
      return { code: 'PLACEMENT_OFF_WALL', placementId: p.id, path, message: `"${p.id}" stands in wall "${s.wallId}"` };
  }
  for (const wall of scene.walls)
    for (const door of wall.doors) {
      const passage = wallBandCorners(wall, door.offset - door.width / 2, door.offset + door.width / 2, wall.thickness / 2 + DOOR_CLEARANCE);
      if (!convexSeparated(corners, passage))
        return { code: 'PLACEMENT_INVALID', placementId: p.id, path, message: `"${p.id}" blocks door "${door.id}" in wall "${wall.id}"` };
    }
  return null;
}

/** Every reason `layout` does not fit `scene` (ids, references, walls, doors, overlaps); [] when it fits. */
export function validateLayout(scene: Scene, layout: Pick<ExhibitionLayout, 'placements' | 'tour'>): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const walls = new Map(scene.walls.map((w) => [w.id, w]));
  const byId = new Map<string, number>();
  const byWork = new Map<string, string>();
  // Works that passed their own checks, grouped by surface, for the overlap pass.
  const surfaces = new Map<string, { id: string; index: number; corners: Vec2[] }[]>();
  const onSurface = (key: string, id: string, index: number, corners: Vec2[]) => {
    const list = surfaces.get(key) ?? [];
    list.push({ id, index, corners });
    surfaces.set(key, list);
  };

  layout.placements.forEach((p, i) => {
    const at = `placements.${i}`;
    const seen = byId.get(p.id);
    if (seen !== undefined)
      problems.push({ code: 'PLACEMENT_INVALID', placementId: p.id, path: `${at}.id`, message: `placement id "${p.id}" is used twice (placements ${seen} and ${i})` });
    else byId.set(p.id, i);
    const firstOfWork = byWork.get(p.workId);
    if (firstOfWork !== undefined)
      problems.push({
        code: 'PLACEMENT_INVALID',
        placementId: p.id,
        path: `${at}.workId`,
        message: `work ${p.workId} is already placed as "${firstOfWork}"; a work appears once`,
        other: firstOfWork,
      });
    else byWork.set(p.workId, p.id);

    if (p.mount === 'wall') {
      const wall = walls.get(p.wallId);
      if (!wall) {
        problems.push({ code: 'PLACEMENT_INVALID', placementId: p.id, path: `${at}.wallId`, message: `"${p.id}" hangs on wall "${p.wallId}", which this hall does not have` });
        return;
      }
      const problem = checkWallPlacement(p, i, wall);
      if (problem) problems.push(problem);
      onSurface(`wall:${wall.id}:${p.side}`, p.id, i, wallRectCorners(p, p.side));
    } else {
      const problem = checkFloorPlacement(scene, p, i);
      if (problem) problems.push(problem);
      onSurface('floor', p.id, i, floorFootprint(p));
    }
  });

  for (const [key, works] of surfaces)
    works.forEach((b, j) => {
      for (const a of works.slice(0, j))
        if (!convexSeparated(a.corners, b.corners, MIN_GAP)) {
          const where = key === 'floor' ? 'on the floor' : `on wall "${key.split(':')[1]}" (${key.split(':')[2]})`;
          problems.push({
            code: 'PLACEMENT_OVERLAP',
            placementId: b.id,
            path: `placements.${b.index}.${key === 'floor' ? 'position' : 'u'}`,
            message: `"${b.id}" overlaps "${a.id}" ${where}; works need ${MIN_GAP} m between them`,
            other: a.id,
          });
        }
    });

  layout.tour.forEach((stop, i) => {
    if (!byId.has(stop.placementId))
      problems.push({ code: 'PLACEMENT_INVALID', placementId: stop.placementId, path: `tour.${i}.placementId`, message: `tour stop ${i + 1} goes to "${stop.placementId}", which is not placed` });
  });
  return problems;
}

/** Throws a PlacementError (the first problem's code, all problems in `details.problems`) unless the layout fits. */
export function assertLayout<L extends Pick<ExhibitionLayout, 'placements' | 'tour'>>(scene: Scene, layout: L): L {
  const problems = validateLayout(scene, layout);
  if (problems.length > 0) throw new PlacementError(problems);
  return layout;
}
