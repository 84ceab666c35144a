import type { ThreeEvent } from '@react-three/fiber';
import type { Placement, Work } from '@yunzhan/shared';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { AdditiveBlending, BoxGeometry, Color, InstancedMesh, Matrix4, MeshBasicMaterial, PlaneGeometry } from 'three';
import { useDisposable } from '../theatre/three/use-disposable';
import { AtlasInstances, capacityFor, isDragClick, type AtlasInstance } from './atlas-instances';
import { createPoolTexture } from './atlas-material';
import { createLitMaterial } from './hall-material';
import { useHallQuality } from './hall-quality';
import type { CanvasAtlas } from './canvas-atlas';
import type { PlacementPose } from './placement-pose';
import type { AtlasTile } from './use-work-atlas';
import { frameMatrix, isPicture, labelMatrix, pictureMatrix, poolMatrix } from './work-transforms';

/** Colour of a selected work's frame. */
const SELECTED_FRAME = new Color('#e6b873');
const FRAME_COLOURS: Record<Work['kind'], Color> = {
  image: new Color('#3b2f25'),
  video: new Color('#0d0e12'),
  model: new Color('#3b2f25'),
  audio: new Color('#24262c'),
};

interface HallWorksProps {
  placements: readonly Placement[];
  poses: ReadonlyMap<string, PlacementPose>;
  worksById: ReadonlyMap<string, Work>;
  pictures: { atlas: CanvasAtlas; tiles: ReadonlyMap<string, AtlasTile> };
  labels: { atlas: CanvasAtlas; tiles: ReadonlyMap<string, AtlasTile> };
  selectedId: string | null;
  onPick?: (placementId: string) => void;
  /** Multiplier of the light pools' brightness (the lighting preset's spot factor). */
  poolStrength: number;
}

/** Groups instances by atlas page. */
function byPage(entries: Array<{ page: number; instance: AtlasInstance }>, pageCount: number): AtlasInstance[][] {
  const pages: AtlasInstance[][] = Array.from({ length: pageCount }, () => []);
  for (const { page, instance } of entries) pages[page]?.push(instance);
  return pages;
}

/**
 * The hung works: every frame in one InstancedMesh, pictures and labels one InstancedMesh per
 * atlas page, light pools of spotlit works in one additive InstancedMesh. A hall of 200 works
 * is about ten draw calls.
 */
export function HallWorks({ placements, poses, worksById, pictures, labels, selectedId, onPick, poolStrength }: HallWorksProps) {
  const shown = useMemo(
    () =>
      placements.flatMap((placement) => {
        const pose = poses.get(placement.id);
        const work = worksById.get(placement.workId);
        return pose && work && isPicture(placement, work) ? [{ placement, pose, work }] : [];
      }),
    [placements, poses, worksById],
  );

  const picturePages = useMemo(
    () =>
      byPage(
        shown.flatMap(({ placement, pose, work }) => {
          const tile = pictures.tiles.get(work.id);
          return tile ? [{ page: tile.page, instance: { id: placement.id, matrix: pictureMatrix(pose), uv: tile.uv } }] : [];
        }),
        pictures.atlas.pages.length,
      ),
    [shown, pictures],
  );

  const labelPages = useMemo(() => {
    const all = placements.flatMap((placement) => {
      const pose = poses.get(placement.id);
      const tile = labels.tiles.get(placement.workId);
      const matrix = pose && tile ? labelMatrix(pose, placement.label ?? 'right') : null;
      return matrix && tile ? [{ page: tile.page, instance: { id: placement.id, matrix, uv: tile.uv } }] : [];
    });
    return byPage(all, labels.atlas.pages.length);
  }, [placements, poses, labels]);

  return (
    <group name="hall-works">
      <Frames shown={shown} selectedId={selectedId} onPick={onPick} />
      {picturePages.map((instances, page) => {
        const texture = pictures.atlas.pages[page]?.texture;
        return texture && instances.length > 0 ? <AtlasInstances key={`p${page}`} name="pictures" texture={texture} instances={instances} roughness={0.8} onPick={onPick} /> : null;
      })}
      {labelPages.map((instances, page) => {
        const texture = labels.atlas.pages[page]?.texture;
        return texture && instances.length > 0 ? <AtlasInstances key={`l${page}`} name="labels" texture={texture} instances={instances} roughness={0.95} onPick={onPick} /> : null;
      })}
      <LightPools shown={shown} strength={poolStrength} />
    </group>
  );
}

type Shown = ReadonlyArray<{ placement: Placement; pose: PlacementPose; work: Work }>;

function Frames({ shown, selectedId, onPick }: { shown: Shown; selectedId: string | null; onPick?: ((id: string) => void) | undefined }) {
  const capacity = capacityFor(shown.length);
  const box = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const cheap = useHallQuality().cheapMaterials;
  const material = useDisposable(() => createLitMaterial(cheap, { roughness: 0.55, metalness: 0.05 }), [cheap]);
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const matrix = new Matrix4();
    shown.forEach(({ placement, pose, work }, i) => {
      mesh.setMatrixAt(i, frameMatrix(pose, matrix));
      mesh.setColorAt(i, placement.id === selectedId ? SELECTED_FRAME : FRAME_COLOURS[work.kind]);
    });
    mesh.count = shown.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    mesh.computeBoundingBox();
  }, [shown, selectedId, capacity]);
  const onClick = onPick
    ? (event: ThreeEvent<MouseEvent>) => {
        const id = event.instanceId === undefined ? undefined : shown[event.instanceId]?.placement.id;
        if (isDragClick(event) || !id) return;
        event.stopPropagation();
        onPick(id);
      }
    : undefined;
  return <instancedMesh key={capacity} ref={ref} name="frames" args={[box, material, capacity]} onClick={onClick} />;
}

function LightPools({ shown, strength }: { shown: Shown; strength: number }) {
  const lit = useMemo(() => shown.filter(({ placement }) => placement.spotlight?.on), [shown]);
  const capacity = capacityFor(lit.length);
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const texture = useDisposable(() => createPoolTexture(), []);
  const material = useDisposable(
    () => new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false, blending: AdditiveBlending, toneMapped: false }),
    [texture],
  );
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const matrix = new Matrix4();
    const colour = new Color();
    lit.forEach(({ placement, pose }, i) => {
      mesh.setMatrixAt(i, poolMatrix(pose, matrix));
      const spot = placement.spotlight;
      // Brighter spots paint a brighter pool; 40 cd (the default) gives a gentle glow.
      const k = Math.min(0.6, 0.16 * Math.sqrt((spot?.intensity ?? 40) / 40)) * strength;
      mesh.setColorAt(i, colour.set(spot?.colour ?? '#fff4e0').multiplyScalar(k));
    });
    mesh.count = lit.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [lit, strength, capacity]);
  return <instancedMesh key={capacity} ref={ref} name="light-pools" args={[plane, material, capacity]} visible={lit.length > 0} renderOrder={1} raycast={() => undefined} />;
}
