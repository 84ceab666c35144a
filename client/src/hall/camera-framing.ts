import { yawOf, type PlacementPose } from './placement-pose';

// Where a visitor stands to look at a work: in front of it, facing it, at eye level. Used by the
// tour, deep links and (later) the editor's and VR's "go to work".

/** A visitor's pose: plan position in metres and the direction they look, radians. */
export interface ViewerPose {
  position: [number, number];
  /** Rotation about +y; 0 looks along -z (the scene's spawn convention). */
  yaw: number;
  /** Up/down tilt, radians; positive looks up. */
  pitch: number;
}

/** Options of frameWork. */
export interface FramingOptions {
  /** Preferred distance from the work's face, metres. Default 2, more for large works. */
  distance?: number;
  /** Eye height above the floor, metres. Default 1.6. */
  eyeLevel?: number;
  /** Closest acceptable distance when the preferred spot is not walkable, metres. Default 0.8. */
  minDistance?: number;
  /** Whether a plan point may be stood on (e.g. shared isWalkable); default: anywhere. */
  isWalkable?: (point: [number, number]) => boolean;
}

/** Distance at which a work of this size fills a comfortable part of the view, metres. */
export function preferredDistance(width: number, height: number): number {
  return Math.max(2, Math.max(width, height) * 1.3);
}

/**
 * The pose to view a placement from: `distance` in front of its face along its normal, looking
 * straight at it (pitched towards its centre). When that spot is not walkable it steps closer,
 * 0.25 m at a time, down to `minDistance`; if none is walkable it keeps the preferred spot.
 */
export function frameWork(pose: Pick<PlacementPose, 'center' | 'normal' | 'width' | 'height'>, options: FramingOptions = {}): ViewerPose {
  const eye = options.eyeLevel ?? 1.6;
  const preferred = options.distance ?? preferredDistance(pose.width, pose.height);
  const minDistance = Math.min(options.minDistance ?? 0.8, preferred);
  const at = (d: number): [number, number] => [pose.center[0] + pose.normal[0] * d, pose.center[2] + pose.normal[1] * d];
  let distance = preferred;
  if (options.isWalkable) {
    for (let d = preferred; d >= minDistance - 1e-9; d -= 0.25) {
      if (options.isWalkable(at(d))) {
        distance = d;
        break;
      }
    }
  }
  const yaw = yawOf(pose.normal);
  const pitch = Math.atan2(pose.center[1] - eye, distance);
  return { position: at(distance), yaw, pitch };
}

/** Plan direction a viewer with this yaw looks along. */
export function lookDirection(yaw: number): [number, number] {
  return [-Math.sin(yaw), -Math.cos(yaw)];
}

/** Plan direction to the right of a viewer with this yaw. */
export function rightDirection(yaw: number): [number, number] {
  return [Math.cos(yaw), -Math.sin(yaw)];
}

/** The angle `to` expressed within π of `from`, so interpolating turns the short way round. */
export function nearestAngle(from: number, to: number): number {
  let delta = (to - from) % (Math.PI * 2);
  if (delta > Math.PI) delta -= Math.PI * 2;
  if (delta < -Math.PI) delta += Math.PI * 2;
  return from + delta;
}
