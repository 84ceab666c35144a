// Rendering quality tiers of the hall. A tier is decided once, before the Canvas exists (the
// WebGL context's antialias cannot change later), from the GPU's renderer string and the
// device's cores and memory, unless the visitor or the URL says otherwise. At run time the
// hall then only steps further down (lower resolution, fewer real lights) when frames are slow.

/** The three looks: `high` is the full look, `low` suits software GL and weak devices. */
export type QualityTier = 'high' | 'medium' | 'low';

/** Every tier, best first. */
export const QUALITY_TIERS: readonly QualityTier[] = ['high', 'medium', 'low'];

/** What a tier (or a tier stepped down at run time) renders. */
export interface QualitySettings {
  tier: QualityTier;
  /** WebGL context antialiasing (fixed when the Canvas is created). */
  antialias: boolean;
  /** Device pixel ratio range: the Canvas uses the device's ratio clamped to it. */
  dpr: [min: number, max: number];
  /** Real spotlights on the nearest spotlit works (the rest keep their painted pools). */
  spotlights: number;
  /** Most of the template's point lights alive at once (the nearest the camera); null: all. */
  pointLights: number | null;
  /** Fold ambient into hemisphere light, keep one directional and drop the template's spots. */
  foldLights: boolean;
  /** Lambert (diffuse only) instead of physically based materials. */
  cheapMaterials: boolean;
  /** High-resolution textures for the nearest works, and how many may start loading a second. */
  detailTextures: number;
  detailSwapsPerSecond: number;
  /** Longest side of a detail texture, pixels. */
  detailMaxPx: number;
  /** Longest side of a work's tile in the picture atlas, pixels. */
  atlasTilePx: number;
  /** Milliseconds between atlas page uploads while pictures arrive. */
  atlasFlushMs: number;
}

const SETTINGS: Record<QualityTier, QualitySettings> = {
  high: {
    tier: 'high',
    antialias: true,
    dpr: [1, 1.75],
    spotlights: 4,
    pointLights: null,
    foldLights: false,
    cheapMaterials: false,
    detailTextures: 6,
    detailSwapsPerSecond: 6,
    detailMaxPx: 2048,
    atlasTilePx: 192,
    atlasFlushMs: 200,
  },
  medium: {
    tier: 'medium',
    antialias: true,
    dpr: [1, 1.25],
    spotlights: 2,
    pointLights: 4,
    foldLights: false,
    cheapMaterials: false,
    detailTextures: 4,
    detailSwapsPerSecond: 3,
    detailMaxPx: 1024,
    atlasTilePx: 160,
    atlasFlushMs: 300,
  },
  low: {
    tier: 'low',
    antialias: false,
    dpr: [0.75, 1],
    spotlights: 0,
    pointLights: 2,
    foldLights: true,
    cheapMaterials: true,
    detailTextures: 3,
    detailSwapsPerSecond: 1,
    detailMaxPx: 1024,
    atlasTilePx: 128,
    atlasFlushMs: 600,
  },
};

/** The settings of `tier`. */
export function qualitySettings(tier: QualityTier): QualitySettings {
  return SETTINGS[tier];
}

/** How far the run-time monitor may step a tier down. */
export const MAX_QUALITY_STEP = 3;

/**
 * A tier's settings stepped down `step` times at run time (0: as is): first a lower resolution,
 * then the minimum resolution and no real spotlights, then the low tier's lights (two point
 * lights, folded fill). Antialiasing, materials and atlases stay (they would need a new context
 * or new textures).
 */
export function steppedSettings(base: QualitySettings, step: number): QualitySettings {
  const s = Math.max(0, Math.min(MAX_QUALITY_STEP, Math.round(step)));
  if (s === 0) return base;
  const [min, max] = base.dpr;
  const dprMax = s === 1 ? Math.max(min, Math.round(((min + max) / 2) * 100) / 100) : min;
  const out: QualitySettings = { ...base, dpr: [min, dprMax] };
  if (s >= 2) out.spotlights = 0;
  if (s >= 3) {
    out.pointLights = Math.min(out.pointLights ?? 2, 2);
    out.foldLights = true;
  }
  return out;
}

/** What the start-up choice looks at. */
export interface DeviceInfo {
  /** WEBGL_debug_renderer_info's unmasked renderer (or the plain RENDERER); null without WebGL. */
  renderer: string | null;
  /** navigator.hardwareConcurrency, when known. */
  cores?: number | undefined;
  /** navigator.deviceMemory in GiB, when known (Chromium only). */
  memoryGb?: number | undefined;
  /** A phone or tablet (user agent). */
  mobile?: boolean | undefined;
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;
const MOBILE_GPU = /adreno|mali|powervr|videocore|tegra|immortalis|xclipse|maleoon|sgx/i;

/** The tier to start with on a device: software GL or a weak machine low, phones medium. */
export function detectQuality(info: DeviceInfo): QualityTier {
  const { renderer, cores, memoryGb, mobile } = info;
  if (renderer === null || SOFTWARE_GL.test(renderer)) return 'low';
  if ((cores !== undefined && cores <= 2) || (memoryGb !== undefined && memoryGb <= 2)) return 'low';
  if (MOBILE_GPU.test(renderer) || mobile) return 'medium';
  if ((cores !== undefined && cores <= 4) || (memoryGb !== undefined && memoryGb <= 4)) return 'medium';
  return 'high';
}

/** A tier named in text (`?quality=`, a stored preference), or null for anything else. */
export function parseQuality(value: string | null | undefined): QualityTier | null {
  return value === 'high' || value === 'medium' || value === 'low' ? value : null;
}

/** The URL parameter that forces a tier. */
export const QUALITY_PARAM = 'quality';
/** Where the visitor's choice is kept (localStorage); absent: automatic. */
export const QUALITY_STORAGE_KEY = 'yunzhan.hallQuality';

/** The WebGL renderer string, from a throwaway context that is released at once; null without WebGL. */
export function probeRenderer(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

let detected: QualityTier | null = null;

/** The device's tier (probed once per page). */
export function detectedQuality(): QualityTier {
  detected ??= detectQuality({
    renderer: probeRenderer(),
    cores: navigator.hardwareConcurrency || undefined,
    memoryGb: (navigator as { deviceMemory?: number }).deviceMemory,
    mobile: (navigator as { userAgentData?: { mobile?: boolean } }).userAgentData?.mobile ?? /Mobi|Android|iPhone|iPad/i.test(navigator.userAgent),
  });
  return detected;
}

/** The visitor's stored choice, or null for automatic. */
export function storedQuality(): QualityTier | null {
  try {
    return parseQuality(window.localStorage.getItem(QUALITY_STORAGE_KEY));
  } catch {
    return null;
  }
}

/** Stores the visitor's choice (null: back to automatic). */
export function storeQuality(tier: QualityTier | null): void {
  try {
    if (tier) window.localStorage.setItem(QUALITY_STORAGE_KEY, tier);
    else window.localStorage.removeItem(QUALITY_STORAGE_KEY);
  } catch {
    // Private mode: the choice lasts until the page closes.
  }
}

/** The tier to render with: `?quality=` first, then the stored choice, else the device's. */
export function chooseQuality(search: string, preference: QualityTier | null = storedQuality()): QualityTier {
  return parseQuality(new URLSearchParams(search).get(QUALITY_PARAM)) ?? preference ?? detectedQuality();
}
