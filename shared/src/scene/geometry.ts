import type { PlanRect, Vec2, Vec3 } from './primitives';
import type { Scene, Wall } from './schema';

// Plan and wall geometry of a scene, as plain numbers (no three.js), shared by the validators,
// the editor and the visitor's walk. Plans are [x, z] seen from above; yaw 0 looks along -z for
// people and faces +z for surfaces, which is what three.js's rotation.y gives both.

/** Radius of a visitor's body on the plan, in metres: how close they come to a wall. */
export const VISITOR_RADIUS = 0.25;
/** How far a hung work stands off the wall's surface, in metres (no z-fighting). */
export const HANG_OFFSET = 0.02;

/** A face of a wall: `front` looks along the wall's normal, `back` the other way. */
export type WallSide = 'front' | 'back';
/** The two ends of a wall on the plan. */
type WallLine = Pick<Wall, 'start' | 'end'>;

const DEGREES = 180 / Math.PI;
/** -0 becomes 0, so results survive a JSON round trip and compare equal. */
const clean = (x: number): number => x + 0;

/** Length of a wall on the plan, in metres. */
export function wallLength(wall: WallLine): number {
  return Math.hypot(wall.end[0] - wall.start[0], wall.end[1] - wall.start[1]);
}

/** Unit vector from the wall's start to its end; `[1, 0]` for a wall of no length. */
export function wallDirection(wall: WallLine): Vec2 {
  const length = wallLength(wall);
  if (length === 0) return [1, 0];
  return [(wall.end[0] - wall.start[0]) / length, (wall.end[1] - wall.start[1]) / length];
}

/** Unit normal of a wall's face on the plan: the front face of a wall running along +x looks along +z. */
export function wallNormal(wall: WallLine, side: WallSide = 'front'): Vec2 {
  const [dx, dz] = wallDirection(wall);
  return side === 'front' ? [clean(-dz), clean(dx)] : [clean(dz), clean(-dx)];
}

/** Yaw in degrees that turns a surface facing +z (a picture, a screen) to face along `normal`. */
export function yawFacing(normal: Vec2): number {
  return clean(Math.atan2(normal[0], normal[1]) * DEGREES);
}

/**
 * The world point at wall coordinates `u` (metres from the start), `v` (metres above the floor),
 * `offset` metres in front of the given face (default: just off its surface, thickness / 2 + 0.02),
 * and the yaw that turns a picture facing +z to face out of that side.
 */
export function wallPoint(
  wall: Pick<Wall, 'start' | 'end' | 'thickness'>,
  side: WallSide,
  u: number,
  v: number,
  offset = wall.thickness / 2 + HANG_OFFSET,
): { position: Vec3; yawDeg: number } {
  const [dx, dz] = wallDirection(wall);
  const normal = wallNormal(wall, side);
  return {
    position: [
      clean(wall.start[0] + dx * u + normal[0] * offset),
      v,
      clean(wall.start[1] + dz * u + normal[1] * offset),
    ],
    yawDeg: yawFacing(normal),
  };
}

/**
 * Wall coordinates of a world point (the inverse of wallPoint, for dragging a work in the editor):
 * `u` along the wall from its start, `v` its height, and `depth`, how far it is in front of the
 * given face's surface (negative: behind the surface).
 */
export function wallCoordinates(
  wall: Pick<Wall, 'start' | 'end' | 'thickness'>,
  side: WallSide,
  point: Vec3,
): { u: number; v: number; depth: number } {
  const [dx, dz] = wallDirection(wall);
  const normal = wallNormal(wall, side);
  const rx = point[0] - wall.start[0];
  const rz = point[2] - wall.start[1];
  return {
    u: clean(rx * dx + rz * dz),
    v: point[1],
    depth: clean(rx * normal[0] + rz * normal[1] - wall.thickness / 2),
  };
}

/** The door openings of a wall as `[from, to]` intervals along it, sorted, clipped to the wall. */
export function doorOpenings(wall: Pick<Wall, 'start' | 'end' | 'doors'>): [number, number][] {
  const length = wallLength(wall);
  return wall.doors
    .map((d): [number, number] => [Math.max(0, d.offset - d.width / 2), Math.min(length, d.offset + d.width / 2)])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
}

/** A solid piece of wall between door openings: a box around the line `start`–`end`. */
export interface CollisionSegment {
  wallId: string;
  start: Vec2;
  end: Vec2;
  /** Half the wall's thickness, in metres. */
  halfThickness: number;
}

/** Every wall split at its door openings into solid segments, for walking and floor placements. */
export function collisionSegments(scene: Pick<Scene, 'walls'>): CollisionSegment[] {
  const segments: CollisionSegment[] = [];
  for (const wall of scene.walls) {
    const length = wallLength(wall);
    if (length === 0) continue;
    const [dx, dz] = wallDirection(wall);
    const at = (u: number): Vec2 => [wall.start[0] + dx * u, wall.start[1] + dz * u];
    let from = 0;
    for (const [a, b] of [...doorOpenings(wall), [length, length] as [number, number]]) {
      if (a > from) segments.push({ wallId: wall.id, start: at(from), end: at(a), halfThickness: wall.thickness / 2 });
      from = Math.max(from, b);
    }
  }
  return segments;
}

/** The point of a segment's box nearest to `p` (p itself when it is inside the box). */
export function closestPointOnSegment(segment: CollisionSegment, p: Vec2): Vec2 {
  const { start, end, halfThickness } = segment;
  const length = Math.hypot(end[0] - start[0], end[1] - start[1]);
  const dx = (end[0] - start[0]) / length;
  const dz = (end[1] - start[1]) / length;
  const rx = p[0] - start[0];
  const rz = p[1] - start[1];
  const s = Math.min(length, Math.max(0, rx * dx + rz * dz));
  const w = Math.min(halfThickness, Math.max(-halfThickness, -rx * dz + rz * dx));
  return [start[0] + dx * s - dz * w, start[1] + dz * s + dx * w];
}

/** Distance in metres from `p` to the surface of a segment's box; 0 inside it. */
export function segmentClearance(segment: CollisionSegment, p: Vec2): number {
  const c = closestPointOnSegment(segment, p);
  return Math.hypot(p[0] - c[0], p[1] - c[1]);
}

/** Whether `p` lies in `rect` (edges included), grown by `margin` metres on every side. */
export function rectContains(rect: PlanRect, p: Vec2, margin = 0): boolean {
  return (
    p[0] >= rect.min[0] - margin && p[0] <= rect.max[0] + margin && p[1] >= rect.min[1] - margin && p[1] <= rect.max[1] + margin
  );
}

/** Whether `p` lies in the union of the scene's walkable rectangles (walls not considered). */
export function insideWalkable(scene: Pick<Scene, 'walkable'>, p: Vec2): boolean {
  return scene.walkable.some((r) => rectContains(r, p));
}

// Slack on the clearance test, so a position left exactly at contact by sliding counts as free.
const CONTACT_SLACK = 1e-7;
// How far beyond contact a blocked visitor is pushed back out, so the next slide starts clear.
const PUSH_SKIN = 1e-6;
const MAX_STEPS = 20_000;

/** A scene's walls and floor, prepared for many walkability questions. */
class Collider {
  readonly segments: CollisionSegment[];
  constructor(private readonly scene: Pick<Scene, 'walls' | 'walkable'>) {
    this.segments = collisionSegments(scene);
  }

  free(p: Vec2, radius: number): boolean {
    if (!insideWalkable(this.scene, p)) return false;
    return this.segments.every((s) => segmentClearance(s, p) >= radius - CONTACT_SLACK);
  }

  /** Whether the straight path from `a` to `b` crosses the centre line of a solid segment. */
  crosses(a: Vec2, b: Vec2): boolean {
    return this.segments.some((s) => segmentsIntersect(a, b, s.start, s.end));
  }

  canMove(a: Vec2, b: Vec2, radius: number): boolean {
    return this.free(b, radius) && !this.crosses(a, b);
  }

  /** Pushes `p` out of every segment it is within `radius` of, away from where the visitor came from. */
  pushOut(p: Vec2, radius: number): Vec2 {
    let q: Vec2 = [p[0], p[1]];
    for (let round = 0; round < 4; round++) {
      let moved = false;
      for (const s of this.segments) {
        const c = closestPointOnSegment(s, q);
        const gap = Math.hypot(q[0] - c[0], q[1] - c[1]);
        if (gap >= radius || gap === 0) continue;
        const push = (radius + PUSH_SKIN - gap) / gap;
        q = [q[0] + (q[0] - c[0]) * push, q[1] + (q[1] - c[1]) * push];
        moved = true;
      }
      if (!moved) break;
    }
    return q;
  }
}

/** Whether segments a–b and c–d cross or touch (collinear overlaps excluded). */
function segmentsIntersect(a: Vec2, b: Vec2, c: Vec2, d: Vec2): boolean {
  const cross = (o: Vec2, p: Vec2, q: Vec2) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * Whether a visitor of `radius` metres (default VISITOR_RADIUS) may stand at `p`: inside the
 * union of the walkable rectangles and at least `radius` from the surface of every wall.
 */
export function isWalkable(scene: Pick<Scene, 'walls' | 'walkable'>, p: Vec2, radius = VISITOR_RADIUS): boolean {
  return new Collider(scene).free(p, radius);
}

/**
 * Moves a visitor of `radius` metres from `from` towards `to` and returns where they end up: the
 * farthest reachable point, sliding along walls and the edge of the walkable area, never through
 * a wall. The move is taken in steps of at most half the radius, so a long, fast move cannot
 * tunnel through a thin wall. A visitor who starts somewhere not walkable only moves if `to` is.
 */
export function slideMove(scene: Pick<Scene, 'walls' | 'walkable'>, from: Vec2, to: Vec2, radius = VISITOR_RADIUS): Vec2 {
  const collider = new Collider(scene);
  const total: Vec2 = [to[0] - from[0], to[1] - from[1]];
  const distance = Math.hypot(total[0], total[1]);
  if (distance === 0) return from;
  if (!collider.free(from, radius)) return collider.canMove(from, to, radius) ? to : from;
  const maxStep = radius > 0 ? Math.min(radius / 2, 0.25) : 0.05;
  const steps = Math.min(MAX_STEPS, Math.ceil(distance / maxStep));
  const step: Vec2 = [total[0] / steps, total[1] / steps];
  let position = from;
  let blocked = false;
  for (let i = 0; i < steps; i++) {
    const target: Vec2 = [position[0] + step[0], position[1] + step[1]];
    if (collider.canMove(position, target, radius)) {
      position = target;
      continue;
    }
    blocked = true;
    const next = slideStep(collider, position, step, radius);
    if (next === null) break;
    position = next;
  }
  // An unobstructed move lands exactly on its target, free of rounding in the steps.
  if (!blocked) return to;
  return [clean(position[0]), clean(position[1])];
}

/**
 * One blocked step of slideMove: as far along `step` as is free, then the rest of the step slid
 * along the wall in the way (pushed back out of it) or along an axis (the edge of the walkable
 * floor); whichever gets farthest in the step's direction. Null when it cannot move at all.
 */
function slideStep(collider: Collider, p: Vec2, step: Vec2, radius: number): Vec2 | null {
  const f = partWay(collider, p, step, radius);
  const start: Vec2 = [p[0] + step[0] * f, p[1] + step[1] * f];
  const rest: Vec2 = [step[0] * (1 - f), step[1] * (1 - f)];
  const slide = (d: Vec2): Vec2 | null => {
    const target: Vec2 = [start[0] + d[0], start[1] + d[1]];
    if (collider.canMove(start, target, radius)) return target;
    const pushed = collider.pushOut(target, radius);
    return collider.canMove(start, pushed, radius) ? pushed : null;
  };
  const length = Math.hypot(step[0], step[1]);
  const progress = (q: Vec2) => ((q[0] - p[0]) * step[0] + (q[1] - p[1]) * step[1]) / length;
  const candidates = [start, slide(rest), slide([rest[0], 0]), slide([0, rest[1]])].filter(
    (q): q is Vec2 => q !== null && progress(q) > 1e-12,
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((best, q) => (progress(q) > progress(best) ? q : best));
}

/** The largest t in [0, 1] for which `p + t·step` is free and reachable, found by bisection. */
function partWay(collider: Collider, p: Vec2, step: Vec2, radius: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (collider.canMove(p, [p[0] + step[0] * mid, p[1] + step[1] * mid], radius)) lo = mid;
    else hi = mid;
  }
  return lo;
}
