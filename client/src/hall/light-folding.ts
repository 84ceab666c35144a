import type { SceneLight } from '@yunzhan/shared';
import { Color } from 'three';

// The low tier's light rig: every light a fragment shader loops over costs software GL and weak
// GPUs per pixel, so the fill is folded into one hemisphere light, one directional light stays,
// the template's spotlights go, and only the nearest few point lights are alive at a time.

type Light = SceneLight;
/** A scene point light. */
export type ScenePointLight = Extract<SceneLight, { type: 'point' }>;

/** The lights to render as they are, and the point lights to share a small pool (or null). */
export interface FoldedLights {
  fixed: Light[];
  /** Point lights served by `poolSize` real lights moved to the nearest; null: all in `fixed`. */
  pooled: { lights: ScenePointLight[]; poolSize: number } | null;
}

/** `a` × `ka` + `b` × `kb` in linear colour, as a `#rrggbb` colour and an intensity. */
function mix(a: string, ka: number, b: string, kb: number): { colour: Color; intensity: number } {
  const colour = new Color(a).multiplyScalar(ka).add(new Color(b).multiplyScalar(kb));
  const intensity = Math.max(colour.r, colour.g, colour.b);
  if (intensity > 0) colour.multiplyScalar(1 / intensity);
  return { colour, intensity };
}

/**
 * Folds `lights` for a cheaper rig. With `fold`: ambient lights are added into the first
 * hemisphere light (exactly: a hemisphere's sky and ground colours both gain the ambient term),
 * only the first directional light stays and spotlights are dropped. With `pointLights` set and
 * exceeded, the point lights go to a pool of that many real lights.
 */
export function foldLights(lights: readonly Light[], options: { fold: boolean; pointLights: number | null }): FoldedLights {
  const points = lights.filter((l): l is ScenePointLight => l.type === 'point');
  const pool = options.pointLights !== null && points.length > options.pointLights;
  let fixed = lights.filter((l) => !(pool && l.type === 'point'));
  if (options.fold) {
    const hemisphere = fixed.find((l) => l.type === 'hemisphere');
    const ambients = fixed.filter((l) => l.type === 'ambient');
    const firstDirectional = fixed.find((l) => l.type === 'directional');
    fixed = fixed.filter((l) => l.type !== 'spot' && (l.type !== 'directional' || l === firstDirectional) && !(hemisphere && l.type === 'ambient'));
    if (hemisphere?.type === 'hemisphere' && ambients.length > 0) {
      let sky = { colour: new Color(hemisphere.colour), intensity: hemisphere.intensity };
      let ground = { colour: new Color(hemisphere.groundColour), intensity: hemisphere.intensity };
      for (const a of ambients) {
        if (a.type !== 'ambient') continue;
        sky = mix(`#${sky.colour.getHexString()}`, sky.intensity, a.colour, a.intensity);
        ground = mix(`#${ground.colour.getHexString()}`, ground.intensity, a.colour, a.intensity);
      }
      // One intensity for both: scale the dimmer side's colour down instead.
      const intensity = Math.max(sky.intensity, ground.intensity);
      const scaled = (side: { colour: Color; intensity: number }) => `#${side.colour.clone().multiplyScalar(intensity > 0 ? side.intensity / intensity : 0).getHexString()}`;
      const folded: Light = { type: 'hemisphere', intensity, colour: scaled(sky), groundColour: scaled(ground) };
      fixed = fixed.map((l) => (l === hemisphere ? folded : l));
    }
  }
  return { fixed, pooled: pool ? { lights: points, poolSize: options.pointLights ?? 0 } : null };
}
