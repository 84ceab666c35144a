import type { Vec2 } from './primitives';

// Convex shapes on a plane (the plan, or a wall's u/v face) as corner lists, and the separating
// axis test the placement rules use for overlaps with a minimum gap.

const RADIANS = Math.PI / 180;

/** Corners of a `width` × `height` rectangle centred on `centre`, turned counter-clockwise by `rotationDeg`. */
export function rotatedRect(centre: Vec2, width: number, height: number, rotationDeg = 0): Vec2[] {
  const c = Math.cos(rotationDeg * RADIANS);
  const s = Math.sin(rotationDeg * RADIANS);
  return [
    [-width / 2, -height / 2],
    [width / 2, -height / 2],
    [width / 2, height / 2],
    [-width / 2, height / 2],
  ].map(([x = 0, y = 0]): Vec2 => [centre[0] + x * c - y * s, centre[1] + x * s + y * c]);
}

/** Half width and half height of the axis-aligned box around a rectangle turned by `rotationDeg`. */
export function boundingHalfExtents(width: number, height: number, rotationDeg = 0): [number, number] {
  const c = Math.abs(Math.cos(rotationDeg * RADIANS));
  const s = Math.abs(Math.sin(rotationDeg * RADIANS));
  return [(width * c + height * s) / 2, (width * s + height * c) / 2];
}

/** The axis-aligned rectangle from `min` to `max` as corners. */
export function boxCorners(min: Vec2, max: Vec2): Vec2[] {
  return [min, [max[0], min[1]], max, [min[0], max[1]]];
}

/**
 * Whether two convex polygons are at least `gap` apart along some edge normal of either (the
 * separating axis test). With gap 0, polygons that only touch count as separated.
 */
export function convexSeparated(a: Vec2[], b: Vec2[], gap = 0): boolean {
  for (const poly of [a, b])
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i] as Vec2;
      const q = poly[(i + 1) % poly.length] as Vec2;
      const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (length === 0) continue;
      const axis: Vec2 = [-(q[1] - p[1]) / length, (q[0] - p[0]) / length];
      const [aMin, aMax] = project(a, axis);
      const [bMin, bMax] = project(b, axis);
      if (aMax + gap <= bMin + 1e-9 || bMax + gap <= aMin + 1e-9) return true;
    }
  return false;
}

function project(poly: Vec2[], axis: Vec2): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const p of poly) {
    const d = p[0] * axis[0] + p[1] * axis[1];
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  return [min, max];
}
