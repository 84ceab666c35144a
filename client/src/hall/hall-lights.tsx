import { useFrame, useThree } from '@react-three/fiber';
import type { LightingPreset, SceneLight } from '@yunzhan/shared';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { DirectionalLight, PointLight, SpotLight } from 'three';
import { useHallQuality } from './hall-quality';
import { foldLights, type ScenePointLight } from './light-folding';
import { presetLook, tintColour, type PresetLook } from './lighting-preset';

type Spot = Extract<SceneLight, { type: 'spot' }>;
type Directional = Extract<SceneLight, { type: 'directional' }>;

/** Seconds between moving the pooled point lights to the nearest. */
const POINT_RETARGET_S = 0.5;

/**
 * The scene's lights with the layout's lighting preset applied (intensity and colour
 * temperature), folded as the quality tier asks (light-folding.ts).
 */
export function HallLights({ lights: sceneLights, preset }: { lights: readonly SceneLight[]; preset: LightingPreset }) {
  const look = presetLook(preset);
  const { foldLights: fold, pointLights } = useHallQuality();
  const { fixed: lights, pooled } = useMemo(() => foldLights(sceneLights, { fold, pointLights }), [sceneLights, fold, pointLights]);
  const gl = useThree((state) => state.gl);
  useLayoutEffect(() => {
    gl.toneMappingExposure = look.exposure;
  }, [gl, look.exposure]);
  return (
    <>
      {lights.map((light, i) => {
        const colour = tintColour(light.colour, look.tint);
        switch (light.type) {
          case 'ambient':
            return <ambientLight key={i} intensity={light.intensity * look.intensity * look.fill} color={colour} />;
          case 'hemisphere':
            return (
              <hemisphereLight key={i} intensity={light.intensity * look.intensity * look.fill} color={colour} groundColor={tintColour(light.groundColour, look.tint)} />
            );
          case 'point':
            return <pointLight key={i} position={light.position} intensity={light.intensity * look.intensity} color={colour} distance={light.distance} decay={2} />;
          case 'spot':
            return <TargetedSpot key={i} light={light} look={look} colour={colour} />;
          case 'directional':
            return <TargetedDirectional key={i} light={light} look={look} colour={colour} />;
        }
      })}
      {pooled && <NearestPointLights lights={pooled.lights} count={pooled.poolSize} look={look} />}
    </>
  );
}

/**
 * `count` real point lights standing in for the scene's nearest to the camera (checked twice a
 * second). Their number never changes, so walking recompiles nothing.
 */
function NearestPointLights({ lights, count, look }: { lights: readonly ScenePointLight[]; count: number; look: PresetLook }) {
  const refs = useRef<Array<PointLight | null>>([]);
  const since = useRef(POINT_RETARGET_S);
  useFrame((state, delta) => {
    since.current += delta;
    if (since.current < POINT_RETARGET_S) return;
    since.current = 0;
    const { x, y, z } = state.camera.position;
    const nearest = lights
      .map((light) => ({ light, d: (light.position[0] - x) ** 2 + (light.position[1] - y) ** 2 + (light.position[2] - z) ** 2 }))
      .sort((a, b) => a.d - b.d);
    refs.current.forEach((real, i) => {
      const chosen = nearest[i]?.light;
      if (!real) return;
      if (!chosen) {
        real.intensity = 0;
        return;
      }
      real.position.set(...chosen.position);
      real.color.set(tintColour(chosen.colour, look.tint));
      real.intensity = chosen.intensity * look.intensity;
      real.distance = chosen.distance;
    });
  });
  return (
    <group name="pooled-point-lights">
      {Array.from({ length: count }, (_, i) => (
        <pointLight
          key={i}
          ref={(light: PointLight | null) => {
            refs.current[i] = light;
          }}
          intensity={0}
          decay={2}
        />
      ))}
    </group>
  );
}

function TargetedSpot({ light, look, colour }: { light: Spot; look: PresetLook; colour: string }) {
  const ref = useRef<SpotLight>(null);
  useLayoutEffect(() => {
    ref.current?.target.position.set(...light.target);
    ref.current?.target.updateMatrixWorld();
  }, [light.target]);
  return (
    <spotLight
      ref={ref}
      position={light.position}
      intensity={light.intensity * look.intensity}
      color={colour}
      angle={(light.angleDeg * Math.PI) / 180}
      penumbra={light.penumbra}
      distance={light.distance}
      decay={2}
    />
  );
}

function TargetedDirectional({ light, look, colour }: { light: Directional; look: PresetLook; colour: string }) {
  const ref = useRef<DirectionalLight>(null);
  useLayoutEffect(() => {
    ref.current?.target.position.set(...light.target);
    ref.current?.target.updateMatrixWorld();
  }, [light.target]);
  return <directionalLight ref={ref} position={light.position} intensity={light.intensity * look.intensity} color={colour} />;
}
