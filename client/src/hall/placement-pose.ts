import { wallDirection, wallLength, wallNormal, wallPoint, type Placement, type Scene, type Wall } from '@yunzhan/shared';

// Where each placement sits in the world, computed once per layout. Everything else (instanced
// matrices, camera framing, the mini-map, spotlights) reads these poses.

/** Height of a plinth under a floor-mounted work, in metres. */
export const PLINTH_HEIGHT = 0.9;
/** Depth of a picture frame, in metres. */
export const FRAME_DEPTH = 0.04;

/** A placement's position and orientation in the world. */
export interface PlacementPose {
  id: string;
  workId: string;
  mount: Placement['mount'];
  /** Centre of the work on the wall's surface (wall works) or of its bounding box (floor works), metres. */
  center: [number, number, number];
  /** Unit direction the work faces, on the plan `[x, z]`. */
  normal: [number, number];
  /** Rotation about +y that turns an object's +z towards `normal`, radians. */
  yaw: number;
  /** Rotation in the wall's plane, radians (wall works). */
  roll: number;
  /** Size of the work's face in metres. */
  width: number;
  height: number;
  /** Floor works: side of the plinth's square footprint and the plinth's height (0 without one). */
  footprint: number;
  plinthHeight: number;
  /** Unit plan direction to the right of a viewer facing the work (labels go this way). */
  tangent: [number, number];
}

/** A wall's unit tangent (start → end), front normal and length on the plan. */
export function wallAxes(wall: Pick<Wall, 'start' | 'end'>): { tangent: [number, number]; normal: [number, number]; length: number } {
  const [tx, tz] = wallDirection(wall);
  const [nx, nz] = wallNormal(wall, 'front');
  return { tangent: [tx, tz], normal: [nx, nz], length: wallLength(wall) };
}

/** Rotation about +y that turns +z towards the plan direction `normal`. */
export function yawOf(normal: readonly [number, number]): number {
  return Math.atan2(normal[0], normal[1]);
}

/** The pose of one placement, or null when its wall is not in the scene. */
export function placementPose(scene: Pick<Scene, 'walls'>, placement: Placement): PlacementPose | null {
  if (placement.mount === 'wall') {
    const wall = scene.walls.find((w) => w.id === placement.wallId);
    if (!wall) return null;
    // On the face's surface: the frame's own depth stands it off the wall.
    const face = wallPoint(wall, placement.side, placement.u, placement.v, wall.thickness / 2);
    const normal = wallNormal(wall, placement.side);
    const [tx, tz] = wallDirection(wall);
    // Seen from the back, the wall's start-to-end direction runs to the viewer's left.
    const sign = placement.side === 'front' ? 1 : -1;
    return {
      id: placement.id,
      workId: placement.workId,
      mount: 'wall',
      center: [face.position[0], face.position[1], face.position[2]],
      normal: [normal[0], normal[1]],
      yaw: (face.yawDeg * Math.PI) / 180,
      roll: ((placement.rotationDeg ?? 0) * Math.PI) / 180,
      width: placement.width,
      height: placement.height,
      footprint: 0,
      plinthHeight: 0,
      tangent: [tx * sign, tz * sign],
    };
  }
  const yaw = ((placement.yawDeg ?? 0) * Math.PI) / 180;
  const normal: [number, number] = [Math.sin(yaw), Math.cos(yaw)];
  const plinthHeight = placement.plinth === false ? 0 : PLINTH_HEIGHT;
  return {
    id: placement.id,
    workId: placement.workId,
    mount: 'floor',
    center: [placement.position[0], plinthHeight + placement.height / 2, placement.position[1]],
    normal,
    yaw,
    roll: 0,
    width: placement.footprint,
    height: placement.height,
    footprint: placement.footprint,
    plinthHeight,
    tangent: [normal[1], -normal[0]],
  };
}

/** Poses of every placement whose wall exists, keyed by placement id. */
export function placementPoses(scene: Pick<Scene, 'walls'>, placements: readonly Placement[]): Map<string, PlacementPose> {
  const poses = new Map<string, PlacementPose>();
  for (const placement of placements) {
    const pose = placementPose(scene, placement);
    if (pose) poses.set(pose.id, pose);
  }
  return poses;
}
