import type { ThreeEvent } from '@react-three/fiber';
import type { Scene } from '@yunzhan/shared';
import { useEffect, useMemo } from 'react';
import { MeshBasicMaterial } from 'three';
import { useDisposable } from '../theatre/three/use-disposable';
import { isDragClick } from './atlas-instances';
import { FINISH_ROUGHNESS, buildArchitecture, disposeArchitecture } from './architecture';
import { createLitMaterial } from './hall-material';
import { useHallQuality } from './hall-quality';

/**
 * Walls (with door openings), floors by finish, ceilings with skylight openings, glowing
 * skylight panes and platforms: about six draw calls for any hall. A click on a floor reports
 * the plan point (click-to-walk).
 */
export function HallArchitecture({ scene, onFloorPick }: { scene: Scene; onFloorPick?: ((point: [number, number]) => void) | undefined }) {
  const architecture = useMemo(() => buildArchitecture(scene), [scene]);
  useEffect(() => () => disposeArchitecture(architecture), [architecture]);
  const cheap = useHallQuality().cheapMaterials;
  const wall = useDisposable(() => createLitMaterial(cheap, { vertexColors: true, roughness: 0.92 }), [cheap]);
  const ceiling = useDisposable(() => createLitMaterial(cheap, { vertexColors: true, roughness: 1 }), [cheap]);
  const platform = useDisposable(() => createLitMaterial(cheap, { vertexColors: true, roughness: 0.7 }), [cheap]);
  // Daylight through the skylights: unlit, beyond tone mapping, so it reads as the sky.
  const sky = useDisposable(() => new MeshBasicMaterial({ color: '#eef4ff', toneMapped: false }), []);
  const floorMaterials = useDisposable(
    () => {
      const materials = new Map(architecture.floors.map((f) => [f.finish, createLitMaterial(cheap, { vertexColors: true, roughness: FINISH_ROUGHNESS[f.finish] })]));
      return { materials, dispose: () => materials.forEach((m) => m.dispose()) };
    },
    [architecture, cheap],
  );

  const onClick = onFloorPick
    ? (event: ThreeEvent<MouseEvent>) => {
        if (isDragClick(event)) return;
        event.stopPropagation();
        onFloorPick([event.point.x, event.point.z]);
      }
    : undefined;

  return (
    <group name="hall-architecture">
      {architecture.walls && <mesh name="walls" geometry={architecture.walls} material={wall} />}
      {architecture.floors.map((floor) => (
        <mesh key={floor.finish} name={`floor-${floor.finish}`} geometry={floor.geometry} material={floorMaterials.materials.get(floor.finish)} onClick={onClick} />
      ))}
      {architecture.ceilings && <mesh name="ceilings" geometry={architecture.ceilings} material={ceiling} />}
      {architecture.skylights && <mesh name="skylights" geometry={architecture.skylights} material={sky} />}
      {architecture.platforms && <mesh name="platforms" geometry={architecture.platforms} material={platform} />}
    </group>
  );
}
