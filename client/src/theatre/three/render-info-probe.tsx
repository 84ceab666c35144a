import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { WebGLInfo } from 'three';

declare global {
  interface Window {
    /** Bench hook: the 3D view's `renderer.info` (draw calls, triangles, textures of the last frame). */
    __yunzhanRenderInfo?: WebGLInfo | null;
  }
}

/** Publishes the renderer's statistics for the bench while the 3D view is mounted. */
export function RenderInfoProbe() {
  const gl = useThree((state) => state.gl);
  useEffect(() => {
    window.__yunzhanRenderInfo = gl.info;
    return () => {
      window.__yunzhanRenderInfo = null;
    };
  }, [gl]);
  return null;
}
