import type { Work } from '@yunzhan/shared';
import { useEffect, useMemo, useState } from 'react';
import { MeshBasicMaterial, PlaneGeometry } from 'three';
import { useVideoTexture } from '../theatre/three/use-video-texture';
import { useHlsPlayer } from '../theatre/use-hls-player';
import { useDisposable } from '../theatre/three/use-disposable';
import type { PlacementPose } from './placement-pose';
import { isSameOriginPath } from './work-images';
import { pictureMatrix } from './work-transforms';

/**
 * Plays one video work in place, over its poster: hls.js (lazily imported) into a detached,
 * muted, looping <video>, shown as a VideoTexture once it has a picture. Mount it for the one
 * active video; unmounting destroys the player and disposes the texture.
 */
export function HallVideo({ pose, work, onVideo }: { pose: PlacementPose; work: Work; onVideo?: ((video: HTMLVideoElement | null) => void) | undefined }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useEffect(() => {
    const element = document.createElement('video');
    element.muted = true;
    element.loop = true;
    element.playsInline = true;
    element.crossOrigin = 'anonymous';
    setVideo(element);
    onVideo?.(element);
    return () => {
      element.pause();
      onVideo?.(null);
      setVideo(null);
    };
  }, [onVideo]);
  const url = isSameOriginPath(work.media.hls) ? work.media.hls : null;
  const source = useMemo(() => (url ? { url, mode: 'replay' as const } : null), [url]);
  const player = useHlsPlayer(video, source);
  const texture = useVideoTexture(video);
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const material = useDisposable(() => new MeshBasicMaterial({ toneMapped: false }), []);
  useEffect(() => {
    material.map = texture;
    material.needsUpdate = true;
  }, [material, texture]);
  const matrix = useMemo(() => pictureMatrix(pose, 0.003), [pose]);
  return (
    <mesh
      name="video-in-place"
      userData={{ placementId: pose.id }}
      geometry={plane}
      material={material}
      matrixAutoUpdate={false}
      matrix={matrix}
      visible={player.hasPicture && texture !== null}
      raycast={() => undefined}
    />
  );
}
