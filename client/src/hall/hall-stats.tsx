import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { Texture, type Material, type Object3D } from 'three';
import type { QualityTier } from './quality';

/** What the hall publishes for tests and the bench (`window.__yunzhanHall`). */
export interface HallStats {
  /** Draw calls of the last rendered frame. */
  drawCalls: number;
  /** Triangles of the last rendered frame. */
  triangles: number;
  /** Textures and geometries alive on the GPU. */
  textures: number;
  geometries: number;
  /**
   * Estimated GPU memory of the textures the hall's materials use, bytes: width × height × 4
   * (RGBA8), × 4/3 where mipmaps are generated. An estimate (drivers pad and may compress).
   */
  textureBytes: number;
  /**
   * Milliseconds from navigation start (performance.now()) to the first frame rendered with
   * every atlas tile loaded; null until then.
   */
  firstFrameMs: number | null;
  /** Whether every atlas tile has loaded. */
  ready: boolean;
  /** Placements in the layout and atlas pages in use (pictures, labels). */
  works: number;
  atlasPages: number;
  labelPages: number;
  /** Frames rendered per second over the last refresh period. */
  fps: number;
  /** The quality tier rendered with, and how many times run-time adaptation stepped it down. */
  quality: QualityTier;
  qualityStep: number;
  /** The renderer's pixel ratio and whether its context antialiases. */
  dpr: number;
  antialias: boolean;
  /** The camera: position in metres and yaw in radians (0 looks along -z). */
  camera: { x: number; y: number; z: number; yaw: number };
  /**
   * The video work playing in place, read from the texture the scene draws: its placement,
   * whether the element plays (not paused, enough data), its time in seconds, and whether the
   * picture is shown (the player has a frame); null when no video is mounted.
   */
  video: { placementId: string; playing: boolean; currentTime: number; shown: boolean } | null;
  /** 3D models (GLB) loaded and standing in the scene. */
  models: number;
}

declare global {
  interface Window {
    /** Test and bench hook: the hall renderer's statistics, refreshed a few times a second. */
    __yunzhanHall?: HallStats | null;
  }
}

/** Every distinct texture the materials under `root` use. */
function texturesUnder(root: Object3D): Set<Texture> {
  const textures = new Set<Texture>();
  const collect = (material: Material) => {
    for (const value of Object.values(material)) if (value instanceof Texture) textures.add(value);
    const uniforms = (material as { uniforms?: Record<string, { value: unknown }> }).uniforms;
    if (uniforms) for (const u of Object.values(uniforms)) if (u.value instanceof Texture) textures.add(u.value);
  };
  root.traverse((object) => {
    const material = (object as { material?: Material | Material[] }).material;
    if (Array.isArray(material)) material.forEach(collect);
    else if (material) collect(material);
  });
  return textures;
}

/** The in-place video (hall-video.tsx) and the loaded models (hall-models.tsx) under `root`. */
function mediaUnder(root: Object3D): Pick<HallStats, 'video' | 'models'> {
  let video: HallStats['video'] = null;
  let models = 0;
  root.traverse((object) => {
    if (object.name === 'model-work') models += 1;
    if (object.name !== 'video-in-place') return;
    const map = (object as { material?: Material & { map?: Texture | null } }).material?.map;
    const element = map?.image as HTMLVideoElement | undefined;
    const placementId = String(object.userData.placementId ?? '');
    video =
      element instanceof HTMLVideoElement
        ? { placementId, playing: !element.paused && !element.ended && element.readyState >= 3, currentTime: element.currentTime, shown: object.visible }
        : { placementId, playing: false, currentTime: 0, shown: false };
  });
  return { video, models };
}

/** Estimated GPU bytes of `textures` (see HallStats.textureBytes). */
export function textureBytes(textures: Iterable<Texture>): number {
  let bytes = 0;
  for (const texture of textures) {
    const image = texture.image as { width?: number; height?: number; videoWidth?: number; videoHeight?: number; naturalWidth?: number; naturalHeight?: number } | null;
    if (!image) continue;
    const width = image.videoWidth || image.naturalWidth || image.width || 0;
    const height = image.videoHeight || image.naturalHeight || image.height || 0;
    bytes += width * height * 4 * (texture.generateMipmaps ? 4 / 3 : 1);
  }
  return Math.round(bytes);
}

/** How often the statistics are refreshed, milliseconds. */
const PUBLISH_MS = 250;

/**
 * Publishes `renderer.info` and the hall's loading state on `window.__yunzhanHall` a few times
 * a second (never per frame React state); removed on unmount.
 */
export function HallStatsProbe({
  ready,
  works,
  atlasPages,
  labelPages,
  quality,
  qualityStep,
}: {
  ready: boolean;
  works: number;
  atlasPages: number;
  labelPages: number;
  quality: QualityTier;
  qualityStep: number;
}) {
  const gl = useThree((state) => state.gl);
  const camera = useThree((state) => state.camera);
  const scene = useThree((state) => state.scene);
  const firstFrame = useRef<number | null>(null);
  const frames = useRef(0);
  const readyRef = useRef(ready);
  readyRef.current = ready;

  // The frame after `ready` is the first drawn with every tile uploaded.
  useFrame(() => {
    frames.current += 1;
    if (firstFrame.current === null && readyRef.current) firstFrame.current = Math.round(performance.now());
  });

  useEffect(() => {
    let last = performance.now();
    const publish = () => {
      const { render, memory } = gl.info;
      const now = performance.now();
      const fps = now > last ? Math.round((frames.current * 10000) / (now - last)) / 10 : 0;
      frames.current = 0;
      last = now;
      const e = camera.matrixWorld.elements;
      const yaw = Math.atan2(e[8] ?? 0, e[10] ?? 1);
      window.__yunzhanHall = {
        drawCalls: render.calls,
        triangles: render.triangles,
        textures: memory.textures,
        geometries: memory.geometries,
        textureBytes: textureBytes(texturesUnder(scene)),
        firstFrameMs: firstFrame.current,
        ready: readyRef.current,
        works,
        atlasPages,
        labelPages,
        fps,
        quality,
        qualityStep,
        dpr: gl.getPixelRatio(),
        antialias: gl.getContext().getContextAttributes()?.antialias ?? false,
        camera: { x: camera.position.x, y: camera.position.y, z: camera.position.z, yaw },
        ...mediaUnder(scene),
      };
    };
    publish();
    const timer = setInterval(publish, PUBLISH_MS);
    return () => {
      clearInterval(timer);
      window.__yunzhanHall = null;
    };
  }, [gl, camera, scene, works, atlasPages, labelPages, quality, qualityStep]);
  return null;
}
