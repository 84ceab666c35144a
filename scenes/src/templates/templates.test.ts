import { isWalkable, migrateScene, Scene, slideMove, validateScene, type Vec2 } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { THEATRE } from '../theatre';
import { generateHallScene } from './generated-hall';
import { getTemplate, listTemplates, SCENE_TEMPLATES } from './registry';

/** The cells of a 0.25 m grid a visitor can walk to from `start`, moving between neighbouring cells. */
function reachable(scene: Scene, start: Vec2, step = 0.25): Vec2[] {
  const seen = new Set<string>();
  const cells: Vec2[] = [];
  const queue: [number, number][] = [[0, 0]];
  const at = ([i, j]: [number, number]): Vec2 => [start[0] + i * step, start[1] + j * step];
  seen.add('0,0');
  while (queue.length > 0) {
    const cell = queue.shift()!;
    const p = at(cell);
    cells.push(p);
    for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const next: [number, number] = [cell[0] + di, cell[1] + dj];
      const key = next.join(',');
      if (seen.has(key)) continue;
      const q = at(next);
      if (!isWalkable(scene, q)) continue;
      const end = slideMove(scene, p, q);
      if (Math.hypot(end[0] - q[0], end[1] - q[1]) > 1e-9) continue;
      seen.add(key);
      queue.push(next);
    }
  }
  return cells;
}

const templates = Object.entries(SCENE_TEMPLATES);

describe.each(templates)('template %s', (id, scene) => {
  it('is a current-version scene under its own id', () => {
    expect(Scene.safeParse(scene).success).toBe(true);
    expect(scene.id).toBe(id);
  });

  it('keeps every cross-field rule', () => {
    expect(validateScene(scene)).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(Scene.parse(JSON.parse(JSON.stringify(scene)))).toEqual(scene);
  });

  it('lets a visitor walk from the first spawn point into every room and reach every other spawn point', () => {
    const [first, ...others] = scene.spawnPoints;
    const cells = reachable(scene, [first!.position[0], first!.position[2]]);
    for (const room of scene.rooms) {
      const { min, max } = room.floor;
      expect(cells.some(([x, z]) => x > min[0] && x < max[0] && z > min[1] && z < max[1]), room.id).toBe(true);
    }
    for (const spawn of others)
      expect(cells.some(([x, z]) => Math.hypot(x - spawn.position[0], z - spawn.position[2]) < 0.25), spawn.id).toBe(true);
  });

  it('keeps the lights cheap: at most two shadow casters, and at most eight lights but for the v1 theatre', () => {
    const casters = scene.lights.filter((l) => (l.type === 'spot' || l.type === 'directional') && l.castShadow);
    expect(casters.length).toBeLessThanOrEqual(2);
    // The theatre is the v1 theatre migrated, nine lights as the theatre page has always drawn.
    expect(scene.lights.length).toBeLessThanOrEqual(id === 'theatre' ? 9 : 8);
  });
});

describe('gallery templates', () => {
  const galleries = templates.filter(([, s]) => s.kind === 'gallery');

  it('are the white cube, the classical gallery and the three-room suite', () => {
    expect(galleries.map(([id]) => id).sort()).toEqual(['classical-gallery', 'three-room-suite', 'white-cube']);
  });

  it('give every room hanging space on its walls', () => {
    for (const [, scene] of galleries) {
      const hangingLength = scene.walls.flatMap((w) => w.hangingAreas).reduce((sum, a) => sum + (a.to - a.from), 0);
      expect(hangingLength).toBeGreaterThan(30 * scene.rooms.length);
    }
  });

  it('hang the white cube’s partition on both faces', () => {
    const partition = SCENE_TEMPLATES['white-cube'].walls.find((w) => w.id === 'partition');
    expect(new Set(partition?.hangingAreas.map((a) => a.side))).toEqual(new Set(['front', 'back']));
  });

  it('light the classical gallery through a row of skylights and hang its long walls in two tiers', () => {
    const gallery = SCENE_TEMPLATES['classical-gallery'];
    expect(gallery.rooms[0]!.skylights.length).toBeGreaterThanOrEqual(3);
    expect(gallery.lights.some((l) => l.type === 'directional')).toBe(true);
    const north = gallery.walls.find((w) => w.id === 'hall-north')!;
    expect(new Set(north.hangingAreas.map((a) => a.bottom)).size).toBe(2);
    expect(north.hangingAreas.map((a) => a.to - a.from).every((length) => length > 38)).toBe(true);
  });

  it('join the three rooms of the suite with doors that lead from one to the next', () => {
    const suite = SCENE_TEMPLATES['three-room-suite'];
    expect(suite.rooms).toHaveLength(3);
    const leadsTo = suite.walls.flatMap((w) => w.doors).flatMap((d) => (d.leadsTo ? [d.leadsTo] : []));
    expect(leadsTo.sort()).toEqual(['room-2', 'room-3']);
  });
});

describe('seated templates', () => {
  it('makes the theatre template the v1 theatre migrated', () => {
    expect({ ...SCENE_TEMPLATES.theatre, name: { 'zh-CN': 'Theatre', en: 'Theatre' } }).toEqual(migrateScene(THEATRE));
    expect(SCENE_TEMPLATES.theatre.name['zh-CN']).toBe('剧场');
    expect(SCENE_TEMPLATES.theatre.screens[0]!.position).toEqual(THEATRE.screen.position);
  });

  it('gives the award stage a wide stage, a podium, a screen over the stage and seat blocks facing it', () => {
    const award = SCENE_TEMPLATES['award-stage'];
    const stage = award.platforms.find((p) => p.id === 'stage')!;
    expect(stage.area.max[0] - stage.area.min[0]).toBeGreaterThanOrEqual(16);
    expect(award.platforms.some((p) => p.id === 'podium')).toBe(true);
    const screen = award.screens[0]!;
    expect(screen.position[1] - screen.height / 2).toBeGreaterThan(stage.height);
    expect(screen.position[2]).toBeGreaterThan(stage.area.min[1]);
    expect(screen.position[2]).toBeLessThan(stage.area.max[1]);
    expect(award.seats.length).toBeGreaterThanOrEqual(3);
    // Seats face -z (yaw 0) give or take a turn towards the middle.
    for (const block of award.seats) expect(Math.abs(block.yawDeg)).toBeLessThan(45);
    expect(award.viewpoint).toBeDefined();
  });
});

describe('registry', () => {
  it('lists every template with its kind and name', () => {
    expect(listTemplates().map((t) => t.id)).toEqual(Object.keys(SCENE_TEMPLATES));
    expect(listTemplates().find((t) => t.id === 'award-stage')).toEqual({
      id: 'award-stage',
      kind: 'award-stage',
      name: SCENE_TEMPLATES['award-stage'].name,
    });
  });

  it('returns a template by id and a generated hall by its generated id', () => {
    expect(getTemplate('white-cube')).toBe(SCENE_TEMPLATES['white-cube']);
    expect(getTemplate('generated-hall-12')).toEqual(generateHallScene(12));
  });

  it('refuses an unknown id with NOT_FOUND', () => {
    for (const id of ['nope', 'toString', 'generated-hall-501', 'generated-hall-007']) expect(() => getTemplate(id), id).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
