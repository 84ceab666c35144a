import type { ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { InstancedBufferAttribute, InstancedMesh, Matrix4, Texture } from 'three';
import { ATLAS_RECT, createAtlasMaterial, createAtlasPlane } from './atlas-material';
import { useDisposable } from '../theatre/three/use-disposable';
import { useHallQuality } from './hall-quality';

/** One instance: its placement id, world matrix and atlas UV rect. */
export interface AtlasInstance {
  id: string;
  matrix: Matrix4;
  uv: readonly [number, number, number, number];
}

/** Room for `count` instances, rounded up so small edits (the editor) do not rebuild the mesh. */
export function capacityFor(count: number): number {
  return Math.max(8, 2 ** Math.ceil(Math.log2(Math.max(1, count))));
}

/** Pointer moves beyond this many pixels between down and up make a drag (look), not a click. */
export const CLICK_SLOP_PX = 6;

/**
 * Whether a click was the end of a drag (a look), not a pick. Clicks from VR controller and hand
 * rays (@react-three/xr's pointer events) have no screen distance and throw on `delta`: those
 * are always picks.
 */
export function isDragClick(event: { delta: number }): boolean {
  try {
    return event.delta > CLICK_SLOP_PX;
  } catch {
    return false;
  }
}

/**
 * Every instance textured from one atlas page, as a single InstancedMesh (one draw call). A
 * click reports the instance's placement id.
 */
export function AtlasInstances({
  texture,
  instances,
  roughness,
  onPick,
  name,
}: {
  texture: Texture;
  instances: readonly AtlasInstance[];
  roughness?: number;
  onPick?: (id: string) => void;
  name: string;
}) {
  const capacity = capacityFor(instances.length);
  const geometry = useDisposable(() => createAtlasPlane(capacity), [capacity]);
  const cheap = useHallQuality().cheapMaterials;
  const material = useDisposable(() => createAtlasMaterial(texture, { cheap, ...(roughness === undefined ? {} : { roughness }) }), [texture, roughness, cheap]);
  const ref = useRef<InstancedMesh>(null);
  const ids = useMemo(() => instances.map((i) => i.id), [instances]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const rects = geometry.getAttribute(ATLAS_RECT) as InstancedBufferAttribute;
    instances.forEach((instance, i) => {
      mesh.setMatrixAt(i, instance.matrix);
      rects.setXYZW(i, instance.uv[0], instance.uv[1], instance.uv[2], instance.uv[3]);
    });
    mesh.count = instances.length;
    mesh.instanceMatrix.needsUpdate = true;
    rects.needsUpdate = true;
    // Culling and picking use the instances' bounds, which changed.
    mesh.computeBoundingSphere();
    mesh.computeBoundingBox();
  }, [instances, geometry]);

  const onClick = onPick
    ? (event: ThreeEvent<MouseEvent>) => {
        if (isDragClick(event) || event.instanceId === undefined) return;
        const id = ids[event.instanceId];
        if (!id) return;
        event.stopPropagation();
        onPick(id);
      }
    : undefined;

  return <instancedMesh ref={ref} name={name} args={[geometry, material, capacity]} onClick={onClick} />;
}
