import type { Scene } from '@yunzhan/shared';
import { BoxGeometry, BufferGeometry, Color, Float32BufferAttribute, Matrix4, Path, PlaneGeometry, Shape, ShapeGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { wallAxes } from './placement-pose';
import { wallPieces } from './wall-pieces';

// The hall's static architecture merged into a few geometries with per-vertex colours, so the
// whole building is a handful of draw calls whatever the number of walls and rooms.

/** Floor finishes, each drawn with its own roughness. */
export type FloorFinish = Scene['rooms'][number]['floorFinish'];

/** Roughness of each floor finish. */
export const FINISH_ROUGHNESS: Record<FloorFinish, number> = { wood: 0.55, concrete: 0.85, stone: 0.45, carpet: 1 };

/** The merged geometries; null where the scene has none of that part. */
export interface Architecture {
  walls: BufferGeometry | null;
  /** One geometry per floor finish present. */
  floors: Array<{ finish: FloorFinish; geometry: BufferGeometry }>;
  ceilings: BufferGeometry | null;
  /** Glowing panes just above each skylight opening. */
  skylights: BufferGeometry | null;
  platforms: BufferGeometry | null;
}

const colour = new Color();

function paint(geometry: BufferGeometry, hex: string): BufferGeometry {
  colour.set(hex);
  const count = geometry.getAttribute('position').count;
  const data = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) data.set([colour.r, colour.g, colour.b], i * 3);
  geometry.setAttribute('color', new Float32BufferAttribute(data, 3));
  return geometry;
}

function merge(parts: BufferGeometry[]): BufferGeometry | null {
  if (parts.length === 0) return null;
  const merged = mergeGeometries(parts, false);
  for (const part of parts) part.dispose();
  if (!merged) return null;
  merged.computeBoundingSphere();
  merged.computeBoundingBox();
  return merged;
}

/** A box of `size` centred at `at`, turned by `yaw` about +y, painted `hex`. */
function box(size: [number, number, number], at: [number, number, number], yaw: number, hex: string): BufferGeometry {
  const geometry = new BoxGeometry(...size);
  geometry.applyMatrix4(new Matrix4().makeRotationY(yaw).setPosition(...at));
  return paint(geometry, hex);
}

/** Walls as boxes around their solid pieces: door openings are left out. */
function wallParts(scene: Scene): BufferGeometry[] {
  return scene.walls.flatMap((wall) => {
    const { tangent, length } = wallAxes(wall);
    const yaw = Math.atan2(-tangent[1], tangent[0]);
    const thickness = wall.thickness ?? 0.2;
    return wallPieces(wall, length).map((piece) => {
      const mid = (piece.from + piece.to) / 2;
      const at: [number, number, number] = [wall.start[0] + tangent[0] * mid, (piece.bottom + piece.top) / 2, wall.start[1] + tangent[1] * mid];
      // Pieces overlap by a few mm along the wall so corners and lintels close without cracks.
      return box([piece.to - piece.from + 0.002, piece.top - piece.bottom, thickness], at, yaw, wall.colour);
    });
  });
}

/** Ceilings facing down with the skylights cut out as holes. */
function ceilingParts(scene: Scene): BufferGeometry[] {
  return scene.rooms.map((room) => {
    const { min, max } = room.floor;
    const shape = new Shape();
    shape.moveTo(min[0], min[1]);
    shape.lineTo(max[0], min[1]);
    shape.lineTo(max[0], max[1]);
    shape.lineTo(min[0], max[1]);
    shape.closePath();
    for (const sky of room.skylights ?? []) {
      const hole = new Path();
      hole.moveTo(sky.min[0], sky.min[1]);
      hole.lineTo(sky.min[0], sky.max[1]);
      hole.lineTo(sky.max[0], sky.max[1]);
      hole.lineTo(sky.max[0], sky.min[1]);
      hole.closePath();
      shape.holes.push(hole);
    }
    const geometry = new ShapeGeometry(shape);
    // Shape (x, y) → world (x, ceiling, z), facing down.
    geometry.applyMatrix4(new Matrix4().makeRotationX(Math.PI / 2).setPosition(0, room.ceilingHeight, 0));
    return paint(geometry, room.ceilingColour);
  });
}

function plane(rect: { min: [number, number]; max: [number, number] }, y: number, facingUp: boolean, hex: string): BufferGeometry {
  const w = rect.max[0] - rect.min[0];
  const d = rect.max[1] - rect.min[1];
  const geometry = new PlaneGeometry(w, d);
  geometry.applyMatrix4(new Matrix4().makeRotationX(facingUp ? -Math.PI / 2 : Math.PI / 2).setPosition(rect.min[0] + w / 2, y, rect.min[1] + d / 2));
  return paint(geometry, hex);
}

/** Builds the merged architecture of `scene`. The caller owns (and disposes) the geometries. */
export function buildArchitecture(scene: Scene): Architecture {
  const finishes = new Map<FloorFinish, BufferGeometry[]>();
  for (const room of scene.rooms) {
    const finish = room.floorFinish ?? 'wood';
    const list = finishes.get(finish) ?? [];
    list.push(plane(room.floor, 0, true, room.floorColour));
    finishes.set(finish, list);
  }
  const floors = [...finishes].flatMap(([finish, parts]) => {
    const geometry = merge(parts);
    return geometry ? [{ finish, geometry }] : [];
  });
  const skylights = scene.rooms.flatMap((room) => (room.skylights ?? []).map((sky) => plane(sky, room.ceilingHeight + 0.25, false, '#ffffff')));
  const platforms = (scene.platforms ?? []).map((p) => {
    const w = p.area.max[0] - p.area.min[0];
    const d = p.area.max[1] - p.area.min[1];
    return box([w, p.height, d], [p.area.min[0] + w / 2, p.height / 2, p.area.min[1] + d / 2], 0, p.colour);
  });
  return {
    walls: merge(wallParts(scene)),
    floors,
    ceilings: merge(ceilingParts(scene)),
    skylights: merge(skylights),
    platforms: merge(platforms),
  };
}

/** Disposes every geometry of an architecture. */
export function disposeArchitecture(architecture: Architecture): void {
  architecture.walls?.dispose();
  for (const floor of architecture.floors) floor.geometry.dispose();
  architecture.ceilings?.dispose();
  architecture.skylights?.dispose();
  architecture.platforms?.dispose();
}
