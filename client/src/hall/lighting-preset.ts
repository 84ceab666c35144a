import type { LightingPreset } from '@yunzhan/shared';

// A curator picks one of four moods; it scales the template's lights and tints them towards a
// colour temperature, so every hall template works with every preset.

/** How a preset changes the scene's lights. */
export interface PresetLook {
  /** Multiplier of every light's intensity. */
  intensity: number;
  /** Extra multiplier for ambient and hemisphere fill (the evening dims it more). */
  fill: number;
  /** RGB tint (0..1) multiplied into each light's colour: the colour temperature. */
  tint: [number, number, number];
  /** Multiplier of per-work spotlights' intensity (stronger when the room is dim). */
  spot: number;
  /** Tone-mapping exposure of the renderer. */
  exposure: number;
}

/** Approximate RGB of a black body at `kelvin` (Tanner Helland's fit), 0..1 per channel. */
export function kelvinToRgb(kelvin: number): [number, number, number] {
  const t = kelvin / 100;
  const clamp = (x: number) => Math.min(255, Math.max(0, x)) / 255;
  const r = t <= 66 ? 255 : 329.698727446 * Math.pow(t - 60, -0.1332047592);
  const g = t <= 66 ? 99.4708025861 * Math.log(t) - 161.1195681661 : 288.1221695283 * Math.pow(t - 60, -0.0755148492);
  const b = t >= 66 ? 255 : t <= 19 ? 0 : 138.5177312231 * Math.log(t - 10) - 305.0447927307;
  return [clamp(r), clamp(g), clamp(b)];
}

/** A colour temperature's tint mixed with white by `amount` (0: white, 1: the full tint). */
function softTint(kelvin: number, amount: number): [number, number, number] {
  const [r, g, b] = kelvinToRgb(kelvin);
  return [1 + (r - 1) * amount, 1 + (g - 1) * amount, 1 + (b - 1) * amount];
}

/** The look of each preset. */
export function presetLook(preset: LightingPreset): PresetLook {
  switch (preset) {
    case 'warm':
      return { intensity: 0.95, fill: 0.9, tint: softTint(3000, 0.6), spot: 1.1, exposure: 1 };
    case 'daylight':
      return { intensity: 1.2, fill: 1.15, tint: kelvinToRgb(6500), spot: 0.8, exposure: 1.05 };
    case 'evening':
      return { intensity: 0.55, fill: 0.4, tint: softTint(2700, 0.75), spot: 1.4, exposure: 0.95 };
    case 'gallery-neutral':
    default:
      return { intensity: 1, fill: 1, tint: [1, 1, 1], spot: 1, exposure: 1 };
  }
}

/** Multiplies a `#rrggbb` colour by a tint, returning `#rrggbb`. */
export function tintColour(hex: string, tint: readonly [number, number, number]): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  return `#${channels
    .map((c, i) => Math.round(c * (tint[i] ?? 1)).toString(16).padStart(2, '0'))
    .join('')}`;
}
