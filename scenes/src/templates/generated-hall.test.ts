import { validateLayout, validateScene } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { generateHallLayout, generateHallScene, hallCapacity } from './generated-hall';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `wk_bench${String(i).padStart(4, '0')}`);

describe('generateHallScene', () => {
  it('builds a sound hall that holds 200 works of 1 m, and a layout hanging them all that fits it', () => {
    const scene = generateHallScene(200);
    expect(scene.id).toBe('generated-hall-200');
    expect(validateScene(scene)).toEqual([]);
    expect(hallCapacity(scene)).toBeGreaterThanOrEqual(200);
    const layout = generateHallLayout(scene, ids(200));
    expect(layout.placements).toHaveLength(200);
    expect(layout.templateId).toBe(scene.id);
    expect(validateLayout(scene, layout)).toEqual([]);
  });

  it('grows with the number of works and stays as small as will do', () => {
    const sizes = [0, 10, 60, 200, 500].map((n) => {
      const scene = generateHallScene(n);
      expect(validateScene(scene), `${n} works`).toEqual([]);
      expect(hallCapacity(scene)).toBeGreaterThanOrEqual(n);
      return scene.walls.length;
    });
    expect(sizes[0]).toBe(4);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes[4]).toBeGreaterThan(sizes[2]!);
  });

  it('fills a hall to its capacity and refuses one work more', () => {
    const scene = generateHallScene(60);
    const capacity = hallCapacity(scene);
    expect(validateLayout(scene, generateHallLayout(scene, ids(capacity)))).toEqual([]);
    expect(() => generateHallLayout(scene, ids(capacity + 1))).toThrow(expect.objectContaining({ code: 'PLACEMENT_OFF_WALL' }));
  });

  it('refuses a work count that is negative, fractional or over 500', () => {
    for (const n of [-1, 1.5, 501]) expect(() => generateHallScene(n)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
