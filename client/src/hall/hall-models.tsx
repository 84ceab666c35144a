import { useGLTF } from '@react-three/drei';
import type { ThreeEvent } from '@react-three/fiber';
import type { Work } from '@yunzhan/shared';
import { Suspense, useEffect, useMemo } from 'react';
import { Box3, type Material, type Mesh, type Object3D, Vector3 } from 'three';
import { ErrorBoundary } from '../app/error-boundary';
import { isDragClick } from './atlas-instances';
import type { PlacementPose } from './placement-pose';
import { isSameOriginPath } from './work-images';

/** Frees what a loaded model owns: geometries, materials and their textures. */
function disposeObject(root: Object3D): void {
  root.traverse((object) => {
    const mesh = object as Mesh;
    if (!mesh.isMesh) return;
    mesh.geometry?.dispose();
    const materials: Material[] = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const material of materials) {
      for (const value of Object.values(material)) if (value && typeof value === 'object' && 'isTexture' in value) (value as { dispose(): void }).dispose();
      material.dispose();
    }
  });
}

function Model({ url, pose, onPick }: { url: string; pose: PlacementPose; onPick?: (() => void) | undefined }) {
  // No Draco or meshopt decoders: drei's defaults fetch Draco's from a CDN and compile meshopt's
  // WebAssembly, both refused by the page's Content-Security-Policy (script-src 'self').
  const gltf = useGLTF(url, false, false);
  // Scaled to stand on the plinth within the footprint and the placement's height.
  const fitted = useMemo(() => {
    const object = gltf.scene.clone(true);
    const bounds = new Box3().setFromObject(object);
    const size = bounds.getSize(new Vector3());
    const horizontal = Math.max(size.x, size.z, 1e-6);
    const scale = Math.min((pose.footprint * 0.85) / horizontal, pose.height / Math.max(size.y, 1e-6));
    object.scale.setScalar(scale);
    const centre = bounds.getCenter(new Vector3());
    object.position.set(-centre.x * scale, -bounds.min.y * scale, -centre.z * scale);
    return object;
  }, [gltf, pose.footprint, pose.height]);
  useEffect(
    () => () => {
      disposeObject(gltf.scene);
      useGLTF.clear(url);
    },
    [gltf, url],
  );
  return (
    <group
      name="model-work"
      userData={{ placementId: pose.id }}
      position={[pose.center[0], pose.plinthHeight, pose.center[2]]}
      rotation-y={pose.yaw}
      onClick={(event: ThreeEvent<MouseEvent>) => {
        if (isDragClick(event) || !onPick) return;
        event.stopPropagation();
        onPick();
      }}
    >
      <primitive object={fitted} />
    </group>
  );
}

/**
 * 3D model works (GLB, same-origin URLs only) standing on their plinths, each loaded through
 * drei's caching GLTF loader; a model that fails to load is left out (its plinth stays).
 */
export function HallModels({ items, onPick }: { items: ReadonlyArray<{ pose: PlacementPose; work: Work }>; onPick?: ((placementId: string) => void) | undefined }) {
  return (
    <group name="models">
      {items.map(({ pose, work }) =>
        isSameOriginPath(work.media.model) ? (
          <ErrorBoundary key={pose.id} fallback={null}>
            <Suspense fallback={null}>
              <Model url={work.media.model} pose={pose} onPick={onPick ? () => onPick(pose.id) : undefined} />
            </Suspense>
          </ErrorBoundary>
        ) : null,
      )}
    </group>
  );
}
