import { useThree } from '@react-three/fiber';
import { rowFloorY, rowZ, seatLayout, type Room, type Seating } from '@yunzhan/scenes';
import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { BoxGeometry, InstancedMesh, MeshBasicMaterial, MeshStandardMaterial, Object3D } from 'three';
import { useDisposable } from './use-disposable';

// Seat proportions, in metres; the layout (rows, spacing, rake) comes from the scene data.
const CUSHION = { width: 0.52, height: 0.1, depth: 0.48, y: 0.45 };
const BACK = { width: 0.52, height: 0.62, depth: 0.08, y: 0.8, z: 0.24, tilt: 0.12 };
const PEDESTAL = { width: 0.3, height: 0.4, depth: 0.3, y: 0.2 };

type Placement = { position: [number, number, number]; scale: [number, number, number]; tiltX?: number };

/** Writes placements into an instanced mesh's matrices (once per layout change, not per frame). */
function usePlacements(ref: RefObject<InstancedMesh | null>, placements: readonly Placement[]) {
  const invalidate = useThree((state) => state.invalidate);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const dummy = new Object3D();
    placements.forEach((p, i) => {
      dummy.position.set(...p.position);
      dummy.rotation.set(p.tiltX ?? 0, 0, 0);
      dummy.scale.set(...p.scale);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
    });
    mesh.count = placements.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    invalidate();
  }, [ref, placements, invalidate]);
}

/**
 * The raked rows: every seat part and every step is one instanced mesh, so the whole audience
 * area is five draw calls whatever the number of seats.
 */
export function TheatreSeats({ seating, room }: { seating: Seating; room: Room }) {
  const box = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const upholstery = useDisposable(() => new MeshStandardMaterial({ color: seating.seatColour, roughness: 0.8 }), [seating.seatColour]);
  const metal = useDisposable(() => new MeshStandardMaterial({ color: '#18181d', roughness: 0.5, metalness: 0.4 }), []);
  const step = useDisposable(() => new MeshStandardMaterial({ color: seating.stepColour, roughness: 0.95 }), [seating.stepColour]);
  const aisleGlow = useDisposable(() => new MeshBasicMaterial({ color: '#ffb36b', toneMapped: false }), []);

  const { cushions, backs, pedestals, steps, aisleLights } = useMemo(() => {
    const seats = seatLayout(seating);
    const cushions: Placement[] = [];
    const backs: Placement[] = [];
    const pedestals: Placement[] = [];
    for (const { position: [x, y, z] } of seats) {
      cushions.push({ position: [x, y + CUSHION.y, z], scale: [CUSHION.width, CUSHION.height, CUSHION.depth] });
      backs.push({ position: [x, y + BACK.y, z + BACK.z], scale: [BACK.width, BACK.height, BACK.depth], tiltX: BACK.tilt });
      pedestals.push({ position: [x, y + PEDESTAL.y, z], scale: [PEDESTAL.width, PEDESTAL.height, PEDESTAL.depth] });
    }
    // One step per row behind the first, across the room; the last reaches the back wall.
    const steps: Placement[] = [];
    const aisleLights: Placement[] = [];
    const backWall = room.depth / 2;
    for (let row = 0; row < seating.rows; row++) {
      const front = rowZ(seating, row) - seating.rowSpacing / 2;
      const rear = row === seating.rows - 1 ? backWall : front + seating.rowSpacing;
      const height = rowFloorY(seating, row);
      if (height > 0) steps.push({ position: [0, height / 2, (front + rear) / 2], scale: [room.width, height, rear - front] });
      if (seating.aisleWidth > 0) {
        for (const side of [-1, 1]) {
          aisleLights.push({ position: [side * (seating.aisleWidth / 2 - 0.12), height + 0.015, front + 0.03], scale: [0.18, 0.03, 0.03] });
        }
      }
    }
    return { cushions, backs, pedestals, steps, aisleLights };
  }, [seating, room]);

  const cushionRef = useRef<InstancedMesh>(null);
  const backRef = useRef<InstancedMesh>(null);
  const pedestalRef = useRef<InstancedMesh>(null);
  const stepRef = useRef<InstancedMesh>(null);
  const aisleRef = useRef<InstancedMesh>(null);
  usePlacements(cushionRef, cushions);
  usePlacements(backRef, backs);
  usePlacements(pedestalRef, pedestals);
  usePlacements(stepRef, steps);
  usePlacements(aisleRef, aisleLights);

  return (
    <group>
      <instancedMesh ref={cushionRef} args={[undefined, undefined, cushions.length]} geometry={box} material={upholstery} />
      <instancedMesh ref={backRef} args={[undefined, undefined, backs.length]} geometry={box} material={upholstery} />
      <instancedMesh ref={pedestalRef} args={[undefined, undefined, pedestals.length]} geometry={box} material={metal} />
      {steps.length > 0 && <instancedMesh ref={stepRef} args={[undefined, undefined, steps.length]} geometry={box} material={step} />}
      {aisleLights.length > 0 && <instancedMesh ref={aisleRef} args={[undefined, undefined, aisleLights.length]} geometry={box} material={aisleGlow} />}
    </group>
  );
}
