import { useEffect, useState } from 'react';
import { SRGBColorSpace, VideoTexture } from 'three';

/**
 * A THREE.VideoTexture of `video` (sRGB), like drei's useVideoTexture but for an element the
 * caller owns (the HLS player's). The texture is created in an effect and disposed on unmount or
 * when the element changes, which also stops its requestVideoFrameCallback loop.
 */
export function useVideoTexture(video: HTMLVideoElement | null): VideoTexture | null {
  const [texture, setTexture] = useState<VideoTexture | null>(null);
  useEffect(() => {
    if (!video) {
      setTexture(null);
      return;
    }
    const created = new VideoTexture(video);
    created.colorSpace = SRGBColorSpace;
    setTexture(created);
    return () => {
      created.dispose();
      setTexture(null);
    };
  }, [video]);
  return texture;
}
