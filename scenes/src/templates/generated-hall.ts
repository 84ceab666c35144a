import {
  AppError,
  EYE_LEVEL,
  ExhibitionLayout,
  parseScene,
  type Scene,
  type SceneInput,
} from '@yunzhan/shared';
import { roomWalls, wall, type WallInput } from './build';

// A hall generated for a number of works (benchmarks, load tests): a rectangular room with rows
// of free-standing partitions, grown until its hanging areas hold every work at 1 m wide.

/** Most works a generated hall is built for (a layout's limit). */
export const MAX_GENERATED_WORKS = 500;
/** Width of the slot one work takes on a wall, gap included, in metres. */
const SLOT = 1.5;
/** Size of the works generateHallLayout hangs, in metres. */
const WORK_WIDTH = 1;
const WORK_HEIGHT = 0.8;
const HEIGHT = 4.5;
const PARTITION_LENGTH = 6;
const AISLE = 3;
const ROW_SPACING = 5;

/** How many works of 1 m fit a hanging area `length` metres long, 0.5 m apart. */
const slotsIn = (length: number) => Math.max(0, Math.floor((length + SLOT - WORK_WIDTH) / SLOT));

/** The hall with `grid` × `grid` partitions. */
function hallDocument(workCount: number, grid: number): SceneInput {
  const width = Math.max(14, grid * (PARTITION_LENGTH + AISLE) + AISLE);
  const depth = Math.max(10, (grid + 1) * ROW_SPACING);
  const [hx, hz] = [width / 2, depth / 2];
  const partitions: WallInput[] = [];
  for (let row = 1; row <= grid; row++)
    for (let col = 0; col < grid; col++) {
      const x0 = -hx + AISLE + col * (PARTITION_LENGTH + AISLE);
      const z = -hz + row * ROW_SPACING;
      partitions.push(
        wall({ id: `partition-${row}-${col + 1}`, start: [x0, z], end: [x0 + PARTITION_LENGTH, z], height: 3.5, thickness: 0.3, colour: '#f2f1ed', sides: ['front', 'back'], tiers: [[0.6, 3]], margin: 0.2 }),
      );
    }
  const points = (grid === 0 ? [[0, 0]] : [[-hx / 2, -hz / 2], [hx / 2, -hz / 2], [-hx / 2, hz / 2], [hx / 2, hz / 2]]).map(([x = 0, z = 0]) => ({
    type: 'point' as const,
    position: [x, 4.2, z] as [number, number, number],
    intensity: 80,
    colour: '#fff8ee',
    distance: 20,
  }));
  return {
    formatVersion: 2,
    id: `generated-hall-${workCount}`,
    kind: 'gallery',
    name: { 'zh-CN': `生成展厅（${workCount} 件）`, en: `Generated hall (${workCount} works)` },
    rooms: [
      {
        id: 'hall',
        name: { 'zh-CN': '展厅', en: 'Hall' },
        floor: { min: [-hx, -hz], max: [hx, hz] },
        ceilingHeight: HEIGHT,
        floorColour: '#bdb8ae',
        floorFinish: 'concrete',
        ceilingColour: '#fafaf8',
      },
    ],
    walls: [
      ...roomWalls(
        'hall',
        [-hx, -hz],
        [hx, hz],
        { height: HEIGHT, colour: '#f4f3ef', sides: ['front'], tiers: [[0.6, 3.4]] },
        { south: { doors: [{ id: 'entrance', offset: hx, width: 2.4, height: 3 }] } },
      ),
      ...partitions,
    ],
    lights: [
      { type: 'hemisphere', intensity: 1.2, colour: '#ffffff', groundColour: '#b8b4ac' },
      { type: 'ambient', intensity: 0.35, colour: '#ffffff' },
      { type: 'directional', position: [6, 12, 8], target: [0, 0, 0], intensity: 1, colour: '#ffffff', castShadow: true },
      ...points,
    ],
    spawnPoints: [{ id: 'entrance', position: [0, 0, hz - 1.5], yawDeg: 0 }],
    walkable: [{ min: [-hx, -hz], max: [hx, hz] }],
  };
}

/** How many 1 m works the hanging areas of a scene hold, 0.5 m apart. */
export function hallCapacity(scene: Pick<Scene, 'walls'>): number {
  return scene.walls.reduce((sum, w) => sum + w.hangingAreas.reduce((n, a) => n + slotsIn(a.to - a.from), 0), 0);
}

/**
 * A gallery big enough to hang `workCount` works of about 1 m (0.5 m apart): one room with an
 * n × n grid of free-standing partitions hung on both faces, n as small as will do. Its id is
 * `generated-hall-<workCount>`. Throws BAD_REQUEST unless 0 ≤ workCount ≤ 500.
 */
export function generateHallScene(workCount: number): Scene {
  if (!Number.isInteger(workCount) || workCount < 0 || workCount > MAX_GENERATED_WORKS)
    throw new AppError('BAD_REQUEST', `a generated hall holds 0 to ${MAX_GENERATED_WORKS} works, not ${workCount}`);
  for (let grid = 0; ; grid++) {
    const scene = parseScene(hallDocument(workCount, grid));
    if (hallCapacity(scene) >= workCount) return scene;
  }
}

/**
 * A layout for a generated hall that hangs the given works (1 × 0.8 m each, at eye level) in
 * its hanging areas, wall by wall, evenly within each area. Throws PLACEMENT_OFF_WALL when they do not fit.
 */
export function generateHallLayout(scene: Scene, workIds: string[]): ExhibitionLayout {
  const placements: ExhibitionLayout['placements'] = [];
  let next = 0;
  for (const w of scene.walls)
    for (const area of w.hangingAreas) {
      const length = area.to - area.from;
      const slots = Math.min(slotsIn(length), workIds.length - next);
      const start = area.from + (length - (slots * SLOT - (SLOT - WORK_WIDTH))) / 2;
      for (let s = 0; s < slots; s++, next++)
        placements.push({
          id: `p-${next + 1}`,
          workId: workIds[next] as string,
          label: 'right',
          spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
          mount: 'wall',
          wallId: w.id,
          side: area.side,
          u: start + WORK_WIDTH / 2 + s * SLOT,
          v: Math.min(area.top - WORK_HEIGHT / 2, Math.max(area.bottom + WORK_HEIGHT / 2, EYE_LEVEL)),
          width: WORK_WIDTH,
          height: WORK_HEIGHT,
          rotationDeg: 0,
        });
    }
  if (next < workIds.length)
    throw new AppError('PLACEMENT_OFF_WALL', `${scene.id} holds ${next} works of ${WORK_WIDTH} m, not ${workIds.length}`);
  return ExhibitionLayout.parse({ templateId: scene.id, placements });
}
