import type { ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useRef } from 'react';
import { BoxGeometry, Color, type InstancedMesh, type Matrix4 } from 'three';
import { useDisposable } from '../theatre/three/use-disposable';
import { capacityFor, isDragClick } from './atlas-instances';
import { createLitMaterial } from './hall-material';
import { useHallQuality } from './hall-quality';

/** One box: its matrix (unit box scaled and placed), colour and the placement it belongs to, if any. */
export interface BoxInstance {
  matrix: Matrix4;
  colour: string;
  id?: string;
}

/** Any number of coloured boxes as one InstancedMesh (one draw call). */
export function InstancedBoxes({ boxes, name, roughness = 0.8, onPick }: { boxes: readonly BoxInstance[]; name: string; roughness?: number; onPick?: ((id: string) => void) | undefined }) {
  const capacity = capacityFor(boxes.length);
  const geometry = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const cheap = useHallQuality().cheapMaterials;
  const material = useDisposable(() => createLitMaterial(cheap, { roughness }), [roughness, cheap]);
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const colour = new Color();
    boxes.forEach((box, i) => {
      mesh.setMatrixAt(i, box.matrix);
      mesh.setColorAt(i, colour.set(box.colour));
    });
    mesh.count = boxes.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    mesh.computeBoundingBox();
  }, [boxes, capacity]);
  if (boxes.length === 0) return null;
  const onClick = onPick
    ? (event: ThreeEvent<MouseEvent>) => {
        const id = event.instanceId === undefined ? undefined : boxes[event.instanceId]?.id;
        if (isDragClick(event) || !id) return;
        event.stopPropagation();
        onPick(id);
      }
    : undefined;
  return <instancedMesh key={capacity} ref={ref} name={name} args={[geometry, material, capacity]} onClick={onClick} />;
}
