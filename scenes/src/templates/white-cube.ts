import { parseScene, type Scene, type SceneInput } from '@yunzhan/shared';
import { roomWalls, wall } from './build';

const WHITE = '#f4f3ef';
const HEIGHT = 4;

/**
 * A white cube: one bright 14 × 10 m room, 4 m high, on a pale concrete floor, hung on all four
 * inner walls and on both faces of a free-standing 5 m partition in the middle. Visitors enter
 * through a 2 m doorway in the middle of the south wall.
 */
export const WHITE_CUBE: Scene = parseScene({
  formatVersion: 2,
  id: 'white-cube',
  kind: 'gallery',
  name: { 'zh-CN': '白盒子展厅', en: 'White cube' },
  description: {
    'zh-CN': '一间明亮的白色展厅，四面墙和中央隔墙的两面都可以挂作品。',
    en: 'A bright white room: works hang on all four walls and on both faces of a central partition.',
  },
  rooms: [
    {
      id: 'cube',
      name: { 'zh-CN': '白盒子', en: 'White cube' },
      floor: { min: [-7, -5], max: [7, 5] },
      ceilingHeight: HEIGHT,
      floorColour: '#c9c7c2',
      floorFinish: 'concrete',
      ceilingColour: '#fafaf8',
    },
  ],
  walls: [
    ...roomWalls(
      'cube',
      [-7, -5],
      [7, 5],
      { height: HEIGHT, colour: WHITE, sides: ['front'], tiers: [[0.6, 3.4]] },
      // The south wall runs east to west, so its middle is 7 m from its start.
      { south: { doors: [{ id: 'entrance', offset: 7, width: 2, height: 3 }] } },
    ),
    wall({ id: 'partition', start: [-2.5, 0], end: [2.5, 0], height: 3.2, thickness: 0.3, colour: WHITE, sides: ['front', 'back'], tiers: [[0.6, 2.9]], margin: 0.2 }),
  ],
  lights: [
    { type: 'hemisphere', intensity: 1.2, colour: '#ffffff', groundColour: '#b8b4ac' },
    { type: 'ambient', intensity: 0.35, colour: '#ffffff' },
    { type: 'point', position: [-3.5, 3.8, -2.5], intensity: 45, colour: '#fff8ee', distance: 12 },
    { type: 'point', position: [3.5, 3.8, -2.5], intensity: 45, colour: '#fff8ee', distance: 12 },
    { type: 'point', position: [-3.5, 3.8, 2.5], intensity: 45, colour: '#fff8ee', distance: 12 },
    { type: 'point', position: [3.5, 3.8, 2.5], intensity: 45, colour: '#fff8ee', distance: 12 },
    { type: 'directional', position: [4, 10, 6], target: [0, 0, 0], intensity: 1.2, colour: '#ffffff', castShadow: true },
  ],
  spawnPoints: [{ id: 'entrance', position: [0, 0, 3.8], yawDeg: 0 }],
  walkable: [{ min: [-7, -5], max: [7, 5] }],
  background: '#d8d8d4',
} satisfies SceneInput);
