import { useFrame } from '@react-three/fiber';
import type { Work } from '@yunzhan/shared';
import { useEffect, useMemo, useRef } from 'react';
import { LinearMipmapLinearFilter, type Mesh, PlaneGeometry, SRGBColorSpace, Texture } from 'three';
import { useDisposable } from '../theatre/three/use-disposable';
import { loadBitmap } from './canvas-atlas';
import { createLitMaterial } from './hall-material';
import { useHallQuality } from './hall-quality';
import { nearestPoses } from './nearest';
import type { PlacementPose } from './placement-pose';
import { detailRendition, isSameOriginPath } from './work-images';
import { pictureMatrix } from './work-transforms';

/** Seconds between re-deciding which works get sharp textures. */
const RETARGET_S = 0.4;
/** Works farther than this get no sharp texture (the atlas tile is enough), metres. */
const MAX_DISTANCE_M = 7;

interface Slot {
  /** Placement shown and the rendition URL loaded or loading. */
  placementId: string | null;
  url: string | null;
  texture: Texture | null;
  controller: AbortController | null;
}

/**
 * A fixed pool of `size` high-resolution textures given to the image works nearest the
 * visitor, each on its own plane just in front of the atlas picture. A closer work gets a larger
 * rendition (level of detail by distance). At most `size` extra textures exist at any time; a
 * replaced texture is disposed at once, and all are on unmount. The quality tier bounds the
 * renditions' size and how many new textures may start loading a second (each upload stalls
 * software GL), and picks the material.
 */
export function HallDetailPool({
  poses,
  worksById,
  size,
  tilePx,
}: {
  poses: ReadonlyMap<string, PlacementPose>;
  worksById: ReadonlyMap<string, Work>;
  size: number;
  /** The picture atlas's tile size: a rendition no larger is not worth a slot. */
  tilePx: number;
}) {
  const { cheapMaterials: cheap, detailMaxPx, detailSwapsPerSecond } = useHallQuality();
  const candidates = useMemo(
    () => [...poses.values()].filter((pose) => worksById.get(pose.workId)?.kind === 'image'),
    [poses, worksById],
  );
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const materials = useDisposable(() => {
    const list = Array.from({ length: size }, () => createLitMaterial(cheap, { roughness: 0.8, metalness: 0 }));
    return { list, dispose: () => list.forEach((m) => m.dispose()) };
  }, [size, cheap]);
  const meshes = useRef<Array<Mesh | null>>([]);
  const slots = useRef<Slot[]>([]);
  const since = useRef(RETARGET_S);
  // Token bucket of texture loads: refills at detailSwapsPerSecond, holds at most one pool's worth.
  const tokens = useRef(size);

  // Start clean when the pool changes; free every texture on unmount.
  useEffect(() => {
    slots.current = Array.from({ length: size }, () => ({ placementId: null, url: null, texture: null, controller: null }));
    return () => {
      for (const slot of slots.current) {
        slot.controller?.abort();
        slot.texture?.dispose();
      }
      slots.current = [];
    };
  }, [size, materials]);

  useFrame((state, delta) => {
    since.current += delta;
    tokens.current = Math.min(size, tokens.current + delta * detailSwapsPerSecond);
    if (since.current < RETARGET_S) return;
    since.current = 0;
    const viewer: [number, number] = [state.camera.position.x, state.camera.position.z];
    const wanted = new Map<string, { pose: PlacementPose; url: string }>();
    for (const { pose, distance } of nearestPoses(candidates, viewer, size, MAX_DISTANCE_M)) {
      const work = worksById.get(pose.workId);
      const rendition = work ? detailRendition(work, distance, tilePx, detailMaxPx) : null;
      if (rendition && isSameOriginPath(rendition.url)) wanted.set(pose.id, { pose, url: rendition.url });
    }
    const current = slots.current;
    const hide = (index: number) => {
      const mesh = meshes.current[index];
      if (mesh) mesh.visible = false;
    };
    // Slots already showing (or loading) a wanted rendition stay; a slot showing a wanted work at
    // another level is reused for it (the old picture stays until the new one is ready).
    const free: number[] = [];
    const reuse = new Map<string, number>();
    current.forEach((slot, i) => {
      const want = slot.placementId ? wanted.get(slot.placementId) : undefined;
      if (want && want.url === slot.url) wanted.delete(slot.placementId as string);
      else if (want && slot.placementId) reuse.set(slot.placementId, i);
      else free.push(i);
    });
    // Nearest first; the rest wait for the next round when the load budget is spent.
    for (const [placementId, { pose, url }] of wanted) {
      if (tokens.current < 1) break;
      const index = reuse.get(placementId) ?? free.shift();
      const slot = index === undefined ? undefined : current[index];
      const material = index === undefined ? undefined : materials.list[index];
      if (index === undefined || !slot || !material) continue;
      tokens.current -= 1;
      slot.controller?.abort();
      if (slot.placementId !== placementId) hide(index);
      const controller = new AbortController();
      slot.placementId = placementId;
      slot.url = url;
      slot.controller = controller;
      void loadBitmap(url, undefined, controller.signal, true)
        .then((bitmap) => {
          if (controller.signal.aborted) return bitmap.close();
          const texture = new Texture(bitmap);
          texture.flipY = false; // flipped while decoding
          texture.colorSpace = SRGBColorSpace;
          texture.minFilter = LinearMipmapLinearFilter;
          texture.anisotropy = 8;
          texture.needsUpdate = true;
          slot.texture?.dispose();
          slot.texture = texture;
          material.map = texture;
          material.needsUpdate = true;
          const mesh = meshes.current[index];
          if (mesh) {
            pictureMatrix(pose, 0.0015, mesh.matrix);
            mesh.matrixWorldNeedsUpdate = true;
            mesh.visible = true;
          }
        })
        .catch(() => undefined);
    }
    // Whatever is left over shows a work no longer near: free its texture now.
    for (const index of free) {
      const slot = current[index];
      if (!slot?.placementId) continue;
      slot.controller?.abort();
      slot.texture?.dispose();
      slot.texture = null;
      slot.placementId = null;
      slot.url = null;
      const material = materials.list[index];
      if (material) material.map = null;
      hide(index);
    }
  });

  return (
    <group name="detail-pool">
      {materials.list.map((material, i) => (
        <mesh
          key={i}
          ref={(mesh: Mesh | null) => {
            meshes.current[i] = mesh;
          }}
          geometry={plane}
          material={material}
          matrixAutoUpdate={false}
          visible={false}
          // Picking goes to the atlas picture underneath.
          raycast={() => undefined}
        />
      ))}
    </group>
  );
}
