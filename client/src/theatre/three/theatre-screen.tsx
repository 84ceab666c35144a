import type { Screen } from '@yunzhan/scenes';
import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { MeshStandardMaterial, PlaneGeometry, type Mesh } from 'three';
import { useDisposable } from './use-disposable';
import { useVideoTexture } from './use-video-texture';

interface TheatreScreenProps {
  screen: Screen;
  /** The player's video element (hidden in the page, playing). */
  video: HTMLVideoElement | null;
  /** Whether the video has a picture yet; until then the screen shows its blank surface. */
  hasPicture: boolean;
}

/**
 * The projection screen. The stream is a VideoTexture on an unlit plane (so it shows at its own
 * brightness), fitted inside the 16:9 screen if the picture has another shape. Before there is a
 * picture the blank screen shows instead; the two planes toggle `visible` rather than remount.
 */
export function TheatreScreen({ screen, video, hasPicture }: TheatreScreenProps) {
  const texture = useVideoTexture(video);
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const blank = useDisposable(() => new MeshStandardMaterial({ color: '#14161d', emissive: '#0b0d13', roughness: 0.35 }), []);
  const pictureRef = useRef<Mesh>(null);
  const invalidate = useThree((state) => state.invalidate);

  // The canvas renders on demand: one frame per decoded video frame (not per display refresh),
  // and none at all while the picture is still or absent.
  useEffect(() => {
    if (!video || !texture) return;
    if (typeof video.requestVideoFrameCallback !== 'function') {
      const timer = setInterval(() => invalidate(), 1000 / 30);
      return () => clearInterval(timer);
    }
    let id = 0;
    const onFrame = () => {
      invalidate();
      id = video.requestVideoFrameCallback(onFrame);
    };
    id = video.requestVideoFrameCallback(onFrame);
    return () => video.cancelVideoFrameCallback(id);
  }, [video, texture, invalidate]);

  // Refit on the video's own resize events (a rendition switch can change the size), not per frame.
  useLayoutEffect(() => {
    const fit = () => {
      const mesh = pictureRef.current;
      if (!mesh) return;
      const { videoWidth: w, videoHeight: h } = video ?? { videoWidth: 0, videoHeight: 0 };
      const screenAspect = screen.width / screen.height;
      const aspect = w > 0 && h > 0 ? w / h : screenAspect;
      if (aspect >= screenAspect) mesh.scale.set(screen.width, screen.width / aspect, 1);
      else mesh.scale.set(screen.height * aspect, screen.height, 1);
      invalidate();
    };
    fit();
    if (!video) return;
    video.addEventListener('resize', fit);
    video.addEventListener('loadedmetadata', fit);
    return () => {
      video.removeEventListener('resize', fit);
      video.removeEventListener('loadedmetadata', fit);
    };
  }, [video, texture, screen.width, screen.height, invalidate]);

  const showPicture = hasPicture && texture !== null;
  return (
    <group position={screen.position}>
      <mesh geometry={plane} material={blank} scale={[screen.width, screen.height, 1]} visible={!showPicture} />
      {texture && (
        <mesh ref={pictureRef} geometry={plane} position-z={0.005} visible={showPicture}>
          <meshBasicMaterial map={texture} toneMapped={false} />
        </mesh>
      )}
    </group>
  );
}
