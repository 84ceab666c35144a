import type { PlacementPose } from './placement-pose';

// Which works are near the visitor: decides real spotlights, sharp textures and video playback.
// Plain math, run a few times a second (not per frame).

/** Plan distance from a viewer at `[x, z]` to a work's centre, metres. */
export function planDistance(pose: Pick<PlacementPose, 'center'>, viewer: readonly [number, number]): number {
  return Math.hypot(pose.center[0] - viewer[0], pose.center[2] - viewer[1]);
}

/** Whether the viewer is on the side a work faces (a work seen from behind its wall does not count). */
export function facesViewer(pose: Pick<PlacementPose, 'center' | 'normal' | 'mount'>, viewer: readonly [number, number]): boolean {
  if (pose.mount === 'floor') return true;
  return (viewer[0] - pose.center[0]) * pose.normal[0] + (viewer[1] - pose.center[2]) * pose.normal[1] > 0;
}

/**
 * The ids of up to `count` poses nearest the viewer among `candidates`, within `maxDistance`
 * metres and facing the viewer, nearest first.
 */
export function nearestPoses(
  candidates: Iterable<PlacementPose>,
  viewer: readonly [number, number],
  count: number,
  maxDistance = Number.POSITIVE_INFINITY,
): Array<{ pose: PlacementPose; distance: number }> {
  const found: Array<{ pose: PlacementPose; distance: number }> = [];
  for (const pose of candidates) {
    const distance = planDistance(pose, viewer);
    if (distance <= maxDistance && facesViewer(pose, viewer)) found.push({ pose, distance });
  }
  found.sort((a, b) => a.distance - b.distance);
  return found.slice(0, count);
}
