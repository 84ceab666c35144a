import { CanvasTexture, InstancedBufferAttribute, LinearFilter, PlaneGeometry, SRGBColorSpace, type Texture } from 'three';
import { createLitMaterial, type LitMaterial } from './hall-material';

// One material kind for every atlas-textured instanced mesh (pictures, labels): the hall's lit
// material (standard, or Lambert in the low tier) whose map UVs are moved and scaled per
// instance by the `atlasRect` attribute, so the pictures are lit exactly like the rest of the hall.

/** Name of the per-instance vec4 attribute: u offset, v offset, u scale, v scale. */
export const ATLAS_RECT = 'atlasRect';

/** A lit material sampling `map` through each instance's atlas rect (Lambert when `cheap`). */
export function createAtlasMaterial(map: Texture, options: { roughness?: number; cheap?: boolean } = {}): LitMaterial {
  const material = createLitMaterial(options.cheap ?? false, { map, roughness: options.roughness ?? 0.85, metalness: 0 });
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>\nattribute vec4 ${ATLAS_RECT};`)
      .replace('#include <uv_vertex>', `#include <uv_vertex>\n#ifdef USE_MAP\n\tvMapUv = ${ATLAS_RECT}.xy + vMapUv * ${ATLAS_RECT}.zw;\n#endif`);
  };
  // Every atlas material shares one compiled program, distinct from plain standard materials.
  material.customProgramCacheKey = () => `yunzhan-atlas-rect-${material.type}`;
  return material;
}

/** A unit plane (facing +z) carrying an `atlasRect` attribute for `capacity` instances. */
export function createAtlasPlane(capacity: number): PlaneGeometry {
  const geometry = new PlaneGeometry(1, 1);
  geometry.setAttribute(ATLAS_RECT, new InstancedBufferAttribute(new Float32Array(Math.max(1, capacity) * 4), 4));
  return geometry;
}

/** A soft round light pool (radial gradient), the fake spotlight painted on walls. */
export function createPoolTexture(size = 128): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (context) {
    const gradient = context.createRadialGradient(size / 2, size / 2, 0, size / 2, size / 2, size / 2);
    gradient.addColorStop(0, 'rgba(255,255,255,0.55)');
    gradient.addColorStop(0.55, 'rgba(255,255,255,0.22)');
    gradient.addColorStop(1, 'rgba(255,255,255,0)');
    context.fillStyle = gradient;
    context.fillRect(0, 0, size, size);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  // A soft blur seen large: no mipmaps needed.
  texture.generateMipmaps = false;
  texture.minFilter = LinearFilter;
  return texture;
}
