import type { Light } from '@yunzhan/scenes';
import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useRef } from 'react';
import type { DirectionalLight, SpotLight } from 'three';

/** The scene's lights, from data. Targeted lights aim at their `target`. */
export function TheatreLights({ lights }: { lights: readonly Light[] }) {
  return (
    <>
      {lights.map((light, i) => {
        switch (light.type) {
          case 'ambient':
            return <ambientLight key={i} intensity={light.intensity} color={light.colour} />;
          case 'hemisphere':
            return <hemisphereLight key={i} intensity={light.intensity} color={light.colour} groundColor={light.groundColour} />;
          case 'point':
            return <pointLight key={i} position={light.position} intensity={light.intensity} color={light.colour} distance={light.distance} decay={2} />;
          case 'spot':
            return <TargetedSpot key={i} light={light} />;
          case 'directional':
            return <TargetedDirectional key={i} light={light} />;
        }
      })}
    </>
  );
}

function TargetedSpot({ light }: { light: Extract<Light, { type: 'spot' }> }) {
  const ref = useRef<SpotLight>(null);
  const invalidate = useThree((state) => state.invalidate);
  useLayoutEffect(() => {
    const spot = ref.current;
    if (!spot) return;
    spot.target.position.set(...light.target);
    spot.target.updateMatrixWorld();
    invalidate();
  }, [light.target, invalidate]);
  return (
    <spotLight
      ref={ref}
      position={light.position}
      intensity={light.intensity}
      color={light.colour}
      angle={(light.angleDeg * Math.PI) / 180}
      penumbra={light.penumbra}
      distance={light.distance}
      decay={2}
    />
  );
}

function TargetedDirectional({ light }: { light: Extract<Light, { type: 'directional' }> }) {
  const ref = useRef<DirectionalLight>(null);
  const invalidate = useThree((state) => state.invalidate);
  useLayoutEffect(() => {
    const directional = ref.current;
    if (!directional) return;
    directional.target.position.set(...light.target);
    directional.target.updateMatrixWorld();
    invalidate();
  }, [light.target, invalidate]);
  return <directionalLight ref={ref} position={light.position} intensity={light.intensity} color={light.colour} />;
}
