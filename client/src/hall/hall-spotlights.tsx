import { useFrame } from '@react-three/fiber';
import type { Placement } from '@yunzhan/shared';
import { useMemo, useRef } from 'react';
import type { SpotLight } from 'three';
import { nearestPoses } from './nearest';
import type { PlacementPose } from './placement-pose';

/**
 * Scale from a placement's candela to the light's intensity: the fittings hang only 1-2.5 m
 * from the work (closer than a real track), so the full value washes pictures out.
 */
const SPOT_SCALE = 0.45;
/** Seconds between choosing which works get the real spotlights. */
const RETARGET_S = 0.25;

/**
 * Real SpotLights for the `count` spotlit works nearest the camera (the rest show only their
 * painted light pool). The number of lights never changes, so no material recompiles when the
 * visitor walks: unused lights just have intensity 0.
 */
export function HallSpotlights({
  placements,
  poses,
  count,
  strength,
  ceiling,
}: {
  placements: readonly Placement[];
  poses: ReadonlyMap<string, PlacementPose>;
  count: number;
  /** Multiplier of the placements' candela (the lighting preset). */
  strength: number;
  /** Height the fittings hang from, metres. */
  ceiling: number;
}) {
  const lit = useMemo(
    () => placements.flatMap((p) => (p.spotlight?.on && poses.get(p.id) ? [{ placement: p, pose: poses.get(p.id) as PlacementPose }] : [])),
    [placements, poses],
  );
  const byId = useMemo(() => new Map(lit.map((l) => [l.pose.id, l.placement])), [lit]);
  const lights = useRef<Array<SpotLight | null>>([]);
  const since = useRef(RETARGET_S);

  useFrame((state, delta) => {
    since.current += delta;
    if (since.current < RETARGET_S) return;
    since.current = 0;
    const viewer: [number, number] = [state.camera.position.x, state.camera.position.z];
    const nearest = nearestPoses(
      lit.map((l) => l.pose),
      viewer,
      count,
      25,
    );
    lights.current.forEach((light, i) => {
      if (!light) return;
      const chosen = nearest[i];
      const spot = chosen ? byId.get(chosen.pose.id)?.spotlight : undefined;
      if (!chosen || !spot) {
        light.intensity = 0;
        return;
      }
      const { pose } = chosen;
      const throwDistance = Math.max(1.2, Math.min(2.5, pose.height + 0.8));
      const y = Math.min(ceiling - 0.15, pose.center[1] + throwDistance);
      light.position.set(pose.center[0] + pose.normal[0] * throwDistance, y, pose.center[2] + pose.normal[1] * throwDistance);
      light.target.position.set(pose.center[0], pose.center[1], pose.center[2]);
      light.target.updateMatrixWorld();
      const reach = Math.hypot(throwDistance, y - pose.center[1]);
      light.angle = Math.min(Math.PI / 3, Math.atan((Math.max(pose.width, pose.height) * 0.7 + 0.15) / reach));
      light.color.set(spot.colour);
      light.intensity = spot.intensity * strength * SPOT_SCALE;
    });
  });

  return (
    <group name="work-spotlights">
      {Array.from({ length: count }, (_, i) => (
        <spotLight
          key={i}
          ref={(light: SpotLight | null) => {
            lights.current[i] = light;
          }}
          intensity={0}
          penumbra={0.6}
          decay={2}
          distance={0}
        />
      ))}
    </group>
  );
}
