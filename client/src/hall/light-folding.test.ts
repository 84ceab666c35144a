import type { SceneLight } from '@yunzhan/shared';
import { Color } from 'three';
import { describe, expect, it } from 'vitest';
import { foldLights } from './light-folding';

const gallery: SceneLight[] = [
  { type: 'hemisphere', intensity: 1, colour: '#e6eef7', groundColour: '#5a3d26' },
  { type: 'ambient', intensity: 0.3, colour: '#fff0dc' },
  { type: 'directional', position: [8, 25, 4], target: [0, 0, 0], intensity: 3, colour: '#fff5e6', castShadow: true },
  { type: 'directional', position: [-8, 25, 4], target: [0, 0, 0], intensity: 1, colour: '#ffffff' },
  { type: 'spot', position: [0, 5, 0], target: [0, 0, 0], intensity: 50, colour: '#ffffff', angleDeg: 30, penumbra: 0.5, distance: 0 },
  ...[-16, -6, 6, 16].map((x): SceneLight => ({ type: 'point', position: [x, 6.2, 0], intensity: 60, colour: '#ffd9a8', distance: 16 })),
];

describe('foldLights', () => {
  it('leaves the rig alone without folding or a point light limit', () => {
    const { fixed, pooled } = foldLights(gallery, { fold: false, pointLights: null });
    expect(fixed).toEqual(gallery);
    expect(pooled).toBeNull();
  });

  it('pools point lights beyond the limit only', () => {
    expect(foldLights(gallery, { fold: false, pointLights: 4 }).pooled).toBeNull();
    const { fixed, pooled } = foldLights(gallery, { fold: false, pointLights: 2 });
    expect(pooled?.poolSize).toBe(2);
    expect(pooled?.lights).toHaveLength(4);
    expect(fixed.some((l) => l.type === 'point')).toBe(false);
  });

  it('folds ambient into the hemisphere and keeps one directional, no spots', () => {
    const { fixed } = foldLights(gallery, { fold: true, pointLights: 2 });
    expect(fixed.map((l) => l.type)).toEqual(['hemisphere', 'directional']);
    const hemisphere = fixed[0];
    if (hemisphere?.type !== 'hemisphere') throw new Error('no hemisphere');
    // Sky irradiance is unchanged: 1 × sky + 0.3 × ambient, in linear colour.
    const want = new Color('#e6eef7').multiplyScalar(1).add(new Color('#fff0dc').multiplyScalar(0.3));
    const got = new Color(hemisphere.colour).multiplyScalar(hemisphere.intensity);
    expect(got.r).toBeCloseTo(want.r, 2);
    expect(got.g).toBeCloseTo(want.g, 2);
    expect(got.b).toBeCloseTo(want.b, 2);
    const wantGround = new Color('#5a3d26').add(new Color('#fff0dc').multiplyScalar(0.3));
    const gotGround = new Color(hemisphere.groundColour).multiplyScalar(hemisphere.intensity);
    expect(gotGround.r).toBeCloseTo(wantGround.r, 2);
    expect(gotGround.b).toBeCloseTo(wantGround.b, 2);
  });

  it('keeps an ambient light when there is no hemisphere to fold it into', () => {
    const { fixed } = foldLights([{ type: 'ambient', intensity: 1, colour: '#ffffff' }], { fold: true, pointLights: 2 });
    expect(fixed.map((l) => l.type)).toEqual(['ambient']);
  });
});
