import { useFrame } from '@react-three/fiber';
import type { ExhibitionLayout, LightingPreset, Scene, Work } from '@yunzhan/shared';
import { useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { Vector3 } from 'three';
import type { Locale } from '../i18n/dictionary';
import { frameWork, type FramingOptions, type ViewerPose } from './camera-framing';
import { seatBoxes, plinthBoxes, screenFrameBoxes, speakerBoxes } from './furniture';
import { HallArchitecture } from './hall-architecture';
import { HallDetailPool } from './hall-detail-pool';
import { HallLights } from './hall-lights';
import { HallModels } from './hall-models';
import { HallQualityProvider } from './hall-quality';
import { HallSpotlights } from './hall-spotlights';
import { HallStatsProbe } from './hall-stats';
import { HallVideo } from './hall-video';
import { HallWorks } from './hall-works';
import { InstancedBoxes } from './instanced-boxes';
import { presetLook } from './lighting-preset';
import { nearestPoses } from './nearest';
import { placementPoses, type PlacementPose } from './placement-pose';
import { qualitySettings, type QualitySettings } from './quality';
import { useLabelAtlas } from './use-label-atlas';
import { useWorkAtlas } from './use-work-atlas';
import { isPicture } from './work-transforms';

/** Imperative access to a mounted hall (camera moves, the editor's gizmos, VR teleports). */
export interface HallHandle {
  /** A placement's pose (plan normal, size, centre), or null if it is not in the layout. */
  getPose(placementId: string): PlacementPose | null;
  /** World position of a work's centre (on its face) and its outward world normal. */
  getWorldFrame(placementId: string): { position: Vector3; normal: Vector3 } | null;
  /** Where to stand to look at a work (in front of it, facing it). */
  frame(placementId: string, options?: FramingOptions): ViewerPose | null;
}

/** Props of HallScene. */
export interface HallSceneProps {
  scene: Scene;
  /** Placements and tour; its `lighting` applies unless `lighting` overrides it. */
  layout: ExhibitionLayout;
  works: readonly Work[];
  /** Language of the wall labels. */
  locale: Locale;
  /** Lighting preset; default: the layout's. */
  lighting?: LightingPreset;
  /** Placement whose frame is highlighted. */
  selectedId?: string | null;
  /** A work (picture, label, model, speaker) was clicked or tapped, not dragged. */
  onWorkPick?: (placementId: string) => void;
  /** The floor was clicked or tapped at plan point `[x, z]`. */
  onFloorPick?: (point: [number, number]) => void;
  /**
   * Video placement playing in place. Default (undefined): the selected video work, else the
   * nearest within `videoRadius` of the camera. null: none.
   */
  activeVideoId?: string | null;
  /** Distance within which a video work starts playing by itself, metres. Default 3. */
  videoRadius?: number;
  /**
   * Rendering quality (lights, materials, atlas and detail sizes); the Canvas owner applies its
   * antialias and pixel ratio. Default: the high tier.
   */
  quality?: QualitySettings;
  /** How many times run-time adaptation stepped `quality` down (published with the stats). Default 0. */
  qualityStep?: number;
  /** High-resolution textures for the nearest works, at most the quality's. Default: the quality's. */
  detailTextures?: number;
  /** Real spotlights for the nearest spotlit works, at most the quality's. Default: the quality's. */
  spotlights?: number;
  /** Receives the playing video element (for sound controls), null when none. */
  onVideo?: (video: HTMLVideoElement | null) => void;
  /** Publish `window.__yunzhanHall`. Default true. */
  stats?: boolean;
  ref?: Ref<HallHandle>;
}

/**
 * A whole exhibition hall from data, to put inside a react-three-fiber Canvas: architecture,
 * lights with the lighting preset, furniture, and the works (atlased and instanced, sharp
 * textures near the camera, real spotlights on the nearest, one video in place, GLB models).
 * It owns no camera or controls: the visitor page, the editor and VR bring their own.
 */
export function HallScene({
  scene,
  layout,
  works,
  locale,
  lighting,
  selectedId = null,
  onWorkPick,
  onFloorPick,
  activeVideoId,
  videoRadius = 3,
  quality = qualitySettings('high'),
  qualityStep = 0,
  detailTextures,
  spotlights,
  onVideo,
  stats = true,
  ref,
}: HallSceneProps) {
  const detailCount = Math.min(detailTextures ?? quality.detailTextures, quality.detailTextures);
  const spotCount = Math.min(spotlights ?? quality.spotlights, quality.spotlights);
  const placements = layout.placements;
  const poses = useMemo(() => placementPoses(scene, placements), [scene, placements]);
  const worksById = useMemo(() => new Map(works.map((w) => [w.id, w])), [works]);
  const placedWorks = useMemo(() => {
    const ids = new Set(placements.map((p) => p.workId));
    return works.filter((w) => ids.has(w.id));
  }, [works, placements]);
  const pictureWorks = useMemo(
    () => placedWorks.filter((w) => placements.some((p) => p.workId === w.id && isPicture(p, w))),
    [placedWorks, placements],
  );
  const pictures = useWorkAtlas(pictureWorks, quality.atlasTilePx, quality.atlasFlushMs);
  const labels = useLabelAtlas(placedWorks, locale);
  const look = presetLook(lighting ?? layout.lighting ?? 'gallery-neutral');
  const ceiling = useMemo(() => Math.max(...scene.rooms.map((r) => r.ceilingHeight)), [scene.rooms]);

  const floorItems = useMemo(
    () =>
      placements.flatMap((p) => {
        const pose = poses.get(p.id);
        const work = worksById.get(p.workId);
        return pose && work && p.mount === 'floor' && !isPicture(p, work) ? [{ pose, work }] : [];
      }),
    [placements, poses, worksById],
  );
  const seats = useMemo(() => seatBoxes(scene.seats ?? []), [scene.seats]);
  const screens = useMemo(() => screenFrameBoxes(scene.screens ?? []), [scene.screens]);
  const plinths = useMemo(() => plinthBoxes(poses.values()), [poses]);
  const speakers = useMemo(() => speakerBoxes(floorItems.filter((i) => i.work.kind === 'audio').map((i) => i.pose)), [floorItems]);
  const models = useMemo(() => floorItems.filter((i) => i.work.kind === 'model'), [floorItems]);

  useImperativeHandle(
    ref,
    () => ({
      getPose: (id) => poses.get(id) ?? null,
      getWorldFrame: (id) => {
        const pose = poses.get(id);
        if (!pose) return null;
        return { position: new Vector3(...pose.center), normal: new Vector3(pose.normal[0], 0, pose.normal[1]) };
      },
      frame: (id, options) => {
        const pose = poses.get(id);
        return pose ? frameWork(pose, options) : null;
      },
    }),
    [poses],
  );

  // The video playing in place: chosen a few times a second, state set only when it changes.
  const videoPoses = useMemo(() => [...poses.values()].filter((pose) => worksById.get(pose.workId)?.kind === 'video'), [poses, worksById]);
  const [nearVideo, setNearVideo] = useState<string | null>(null);
  const since = useRef(0);
  useFrame((state, delta) => {
    since.current += delta;
    if (since.current < 0.25 || videoPoses.length === 0) return;
    since.current = 0;
    const nearest = nearestPoses(videoPoses, [state.camera.position.x, state.camera.position.z], 1, videoRadius)[0];
    const id = nearest?.pose.id ?? null;
    if (id !== nearVideo) setNearVideo(id);
  });
  const selectedVideo = selectedId && worksById.get(poses.get(selectedId)?.workId ?? '')?.kind === 'video' ? selectedId : null;
  const videoId = activeVideoId === undefined ? (selectedVideo ?? nearVideo) : activeVideoId;
  const videoPose = videoId ? poses.get(videoId) : undefined;
  const videoWork = videoPose ? worksById.get(videoPose.workId) : undefined;

  return (
    <HallQualityProvider settings={quality}>
      <group name="hall">
        <color attach="background" args={[scene.background ?? '#101018']} />
        <HallLights lights={scene.lights} preset={lighting ?? layout.lighting ?? 'gallery-neutral'} />
        <HallArchitecture scene={scene} onFloorPick={onFloorPick} />
        <InstancedBoxes name="seats" boxes={seats} roughness={0.9} />
        <InstancedBoxes name="screens" boxes={screens} roughness={0.5} />
        <InstancedBoxes name="plinths" boxes={plinths} roughness={0.7} onPick={onWorkPick} />
        <InstancedBoxes name="speakers" boxes={speakers} roughness={0.6} onPick={onWorkPick} />
        <HallWorks
          placements={placements}
          poses={poses}
          worksById={worksById}
          pictures={pictures}
          labels={labels}
          selectedId={selectedId}
          onPick={onWorkPick}
          poolStrength={look.spot}
        />
        <HallSpotlights placements={placements} poses={poses} count={spotCount} strength={look.spot} ceiling={ceiling} />
        {detailCount > 0 && <HallDetailPool poses={poses} worksById={worksById} size={detailCount} tilePx={quality.atlasTilePx} />}
        {videoPose && videoWork?.media.hls && <HallVideo key={videoPose.id} pose={videoPose} work={videoWork} onVideo={onVideo} />}
        <HallModels items={models} onPick={onWorkPick} />
        {stats && (
          <HallStatsProbe
            ready={pictures.ready}
            works={placements.length}
            atlasPages={pictures.atlas.pages.length}
            labelPages={labels.atlas.pages.length}
            quality={quality.tier}
            qualityStep={qualityStep}
          />
        )}
      </group>
    </HallQualityProvider>
  );
}
