import { AppError, NotFoundError } from '../errors';
import type { ExhibitionLayout, WallPlacement } from '../exhibitions';
import type { WorkDimensions } from '../works';
import type { WallSide } from './geometry';
import { MIN_GAP, areaHolds, wallRectBounds, wallRectCorners, type WallRect } from './placement';
import type { HangingArea, Scene } from './schema';
import { boundingHalfExtents, convexSeparated } from './shapes';

// What the curator's editor does with a work being dragged along a wall: snapping, even spacing,
// finding room. Pure functions of the scene and layout, so the client and tests share them.

/** Height of a hung work's centre above the floor by default, in metres (museum eye level). */
export const EYE_LEVEL = 1.5;
/** Longest side of a work whose real size is unknown, in metres. */
export const FALLBACK_WORK_SIZE = 1;
/** Largest side a placed work may have, in metres (WallPlacement's limit). */
const MAX_WORK_SIZE = 20;
const EPS = 1e-6;

/**
 * The size a work starts at on a wall, in metres: its real size from `dimensions` (centimetres),
 * else 1 m on its longer side with the proportions of `pixelAspect` (width / height; square when
 * unknown). Never more than 20 m a side, keeping proportions.
 */
export function defaultWorkSize(dimensions?: WorkDimensions, pixelAspect?: number): { width: number; height: number } {
  let width: number;
  let height: number;
  if (dimensions) {
    width = dimensions.widthCm / 100;
    height = dimensions.heightCm / 100;
  } else {
    const aspect = pixelAspect !== undefined && Number.isFinite(pixelAspect) && pixelAspect > 0 ? pixelAspect : 1;
    width = aspect >= 1 ? FALLBACK_WORK_SIZE : FALLBACK_WORK_SIZE * aspect;
    height = aspect >= 1 ? FALLBACK_WORK_SIZE / aspect : FALLBACK_WORK_SIZE;
  }
  const shrink = Math.min(1, MAX_WORK_SIZE / Math.max(width, height));
  return { width: width * shrink, height: height * shrink };
}

/** A work on its way to a wall face: where it is dragged and how big and turned it is. */
export interface WallSpot extends WallRect {
  wallId: string;
  side: WallSide;
}

/** How snapWallPosition snaps. */
export interface SnapOptions {
  /** Grid step in metres. Default 0.05. */
  grid?: number;
  /** A centre within this many metres of EYE_LEVEL snaps to it. Default 0.15. */
  eyeLevelDistance?: number;
  /** A centre line within this many metres of a neighbour's lines up with it. Default 0.1. */
  alignDistance?: number;
  /** Id of the placement being moved, so it does not snap to itself. */
  ignoreId?: string;
}

/** Hanging areas of the spot's wall face that are big enough for it. */
function fittingAreas(scene: Scene, spot: WallSpot): HangingArea[] {
  const wall = scene.walls.find((w) => w.id === spot.wallId);
  if (!wall) return [];
  const [hu, hv] = boundingHalfExtents(spot.width, spot.height, spot.rotationDeg);
  return wall.hangingAreas.filter((a) => a.side === spot.side && a.to - a.from >= 2 * hu - EPS && a.top - a.bottom >= 2 * hv - EPS);
}

/** Moves the spot's centre the least distance that puts its box inside `area`. */
function clampInto(area: HangingArea, spot: WallRect): { u: number; v: number } {
  const [hu, hv] = boundingHalfExtents(spot.width, spot.height, spot.rotationDeg);
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  return { u: clamp(spot.u, area.from + hu, area.to - hu), v: clamp(spot.v, area.bottom + hv, area.top - hv) };
}

/** The other wall works on the spot's face. */
function neighbours(layout: Pick<ExhibitionLayout, 'placements'>, spot: WallSpot, ignoreId?: string): WallPlacement[] {
  return layout.placements.filter(
    (p): p is WallPlacement => p.mount === 'wall' && p.wallId === spot.wallId && p.side === spot.side && p.id !== ignoreId,
  );
}

/** Rounds to the grid and removes float noise (0.15000000000000002 → 0.15). */
const onGrid = (x: number, grid: number) => Number((Math.round(x / grid) * grid).toFixed(9));

/**
 * Where a dragged work lands: u and v on a 0.05 m grid, v on EYE_LEVEL when near it, centre lines
 * lined up with a neighbour's when near one (this wins over the grid), then moved the least
 * distance into the nearest hanging area of that face that is big enough. Null when no area of
 * that face can hold the work. Overlaps with neighbours are left to validateLayout and nearestFreeSpot.
 */
export function snapWallPosition(
  scene: Scene,
  layout: Pick<ExhibitionLayout, 'placements'>,
  spot: WallSpot,
  options: SnapOptions = {},
): { u: number; v: number } | null {
  const { grid = 0.05, eyeLevelDistance = 0.15, alignDistance = 0.1, ignoreId } = options;
  const areas = fittingAreas(scene, spot);
  if (areas.length === 0) return null;
  let u = onGrid(spot.u, grid);
  let v = Math.abs(spot.v - EYE_LEVEL) <= eyeLevelDistance ? EYE_LEVEL : onGrid(spot.v, grid);
  let bestU = alignDistance;
  let bestV = alignDistance;
  for (const n of neighbours(layout, spot, ignoreId)) {
    const du = Math.abs(n.u - spot.u);
    const dv = Math.abs(n.v - spot.v);
    if (du <= bestU) [u, bestU] = [n.u, du];
    if (dv <= bestV) [v, bestV] = [n.v, dv];
  }
  const distance = (area: HangingArea) => {
    const c = clampInto(area, { ...spot, u, v });
    return Math.hypot(c.u - u, c.v - v);
  };
  const area = areas.reduce((best, a) => (distance(a) < distance(best) ? a : best));
  return clampInto(area, { ...spot, u, v });
}

/** Whether a work at `spot` keeps MIN_GAP from every neighbour on its face. */
function clearOfNeighbours(layout: Pick<ExhibitionLayout, 'placements'>, spot: WallSpot, ignoreId?: string): boolean {
  const corners = wallRectCorners(spot, spot.side);
  return neighbours(layout, spot, ignoreId).every((n) => convexSeparated(corners, wallRectCorners(n, spot.side), MIN_GAP));
}

/**
 * The snapped spot if it is free, else the nearest free spot at the same height found by stepping
 * along the wall on the grid (any hanging area of that face that is big enough). Null when the
 * face has no room for the work.
 */
export function nearestFreeSpot(
  scene: Scene,
  layout: Pick<ExhibitionLayout, 'placements'>,
  spot: WallSpot,
  options: SnapOptions = {},
): { u: number; v: number } | null {
  const grid = options.grid ?? 0.05;
  const snapped = snapWallPosition(scene, layout, spot, options);
  if (!snapped) return null;
  if (clearOfNeighbours(layout, { ...spot, ...snapped }, options.ignoreId)) return snapped;
  const candidates: { u: number; v: number; distance: number }[] = [];
  for (const area of fittingAreas(scene, spot)) {
    const v = clampInto(area, { ...spot, ...snapped }).v;
    const [hu] = boundingHalfExtents(spot.width, spot.height, spot.rotationDeg);
    const steps = Math.floor((area.to - area.from - 2 * hu) / grid + EPS);
    for (let k = 0; k <= steps; k++) {
      const at = { ...spot, u: Number((area.from + hu + k * grid).toFixed(9)), v };
      if (areaHolds(area, wallRectBounds(at)) && clearOfNeighbours(layout, at, options.ignoreId))
        candidates.push({ u: at.u, v, distance: Math.hypot(at.u - snapped.u, v - snapped.v) });
    }
  }
  if (candidates.length === 0) return null;
  const best = candidates.reduce((a, b) => (b.distance < a.distance ? b : a));
  return { u: best.u, v: best.v };
}

/**
 * The layout with the works on one wall face spaced evenly: in each hanging area, the works whose
 * centres are nearest it keep their order and get equal gaps between them and at both ends, with
 * centres at EYE_LEVEL (or as near as the area allows). Throws NOT_FOUND for an unknown wall and
 * PLACEMENT_OFF_WALL when an area's works are too wide for it.
 */
export function distributeEvenly<L extends Pick<ExhibitionLayout, 'placements'>>(scene: Scene, layout: L, wallId: string, side: WallSide): L {
  const wall = scene.walls.find((w) => w.id === wallId);
  if (!wall) throw new NotFoundError(`wall "${wallId}"`);
  const areas = wall.hangingAreas.filter((a) => a.side === side);
  const works = neighbours(layout, { wallId, side, u: 0, v: 0, width: 1, height: 1, rotationDeg: 0 });
  if (works.length === 0) return layout;
  if (areas.length === 0) throw new AppError('PLACEMENT_OFF_WALL', `wall "${wallId}" has no hanging area on its ${side} face`);
  const groups = new Map<HangingArea, WallPlacement[]>(areas.map((a) => [a, []]));
  for (const work of works) {
    const miss = (a: HangingArea) => Math.max(0, a.from - work.u, work.u - a.to) + Math.max(0, a.bottom - work.v, work.v - a.top);
    groups.get(areas.reduce((best, a) => (miss(a) < miss(best) ? a : best)))?.push(work);
  }
  const moved = new Map<string, { u: number; v: number }>();
  for (const [area, group] of groups) {
    if (group.length === 0) continue;
    group.sort((a, b) => a.u - b.u);
    const halves = group.map((w) => boundingHalfExtents(w.width, w.height, w.rotationDeg));
    const total = halves.reduce((sum, [hu]) => sum + 2 * hu, 0);
    const gap = (area.to - area.from - total) / (group.length + 1);
    if (gap < MIN_GAP)
      throw new AppError(
        'PLACEMENT_OFF_WALL',
        `${group.length} works ${total.toFixed(2)} m wide do not fit hanging area "${area.id}" (${(area.to - area.from).toFixed(2)} m) with ${MIN_GAP} m between them`,
      );
    let cursor = area.from + gap;
    group.forEach((work, k) => {
      const [hu, hv] = halves[k] as [number, number];
      const v = Math.min(area.top - hv, Math.max(area.bottom + hv, EYE_LEVEL));
      moved.set(work.id, { u: cursor + hu, v });
      cursor += 2 * hu + gap;
    });
  }
  return {
    ...layout,
    placements: layout.placements.map((p) => {
      const to = p.mount === 'wall' && p.wallId === wallId && p.side === side ? moved.get(p.id) : undefined;
      return to ? { ...p, ...to } : p;
    }),
  };
}
