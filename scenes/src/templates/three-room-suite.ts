import { parseScene, type Scene, type SceneInput } from '@yunzhan/shared';
import { wall } from './build';

const HEIGHT = 4.5;
/** The rooms west to east, each with its own wall colour: warm white, deep blue-grey, sage. */
const ROOMS = [
  { id: 'room-1', x: [-18, -6], name: { 'zh-CN': '第一展室', en: 'Room 1' }, wallColour: '#ece7dd', floorColour: '#a8865f' },
  { id: 'room-2', x: [-6, 6], name: { 'zh-CN': '第二展室', en: 'Room 2' }, wallColour: '#34495a', floorColour: '#8f7152' },
  { id: 'room-3', x: [6, 18], name: { 'zh-CN': '第三展室', en: 'Room 3' }, wallColour: '#7d8c72', floorColour: '#a8865f' },
] as const;
const Z_MIN = -5;
const Z_MAX = 5;
const HANG = { sides: ['front'] as ('front' | 'back')[], tiers: [[0.6, 3.2]] as [number, number][] };

/**
 * A suite of three 12 × 10 m rooms in a row, 4.5 m high, each with its own wall colour, joined by
 * 2 m doorways in the walls between them (hung on both faces). Visitors enter room 1 from the west.
 */
export const THREE_ROOM_SUITE: Scene = parseScene({
  formatVersion: 2,
  id: 'three-room-suite',
  kind: 'gallery',
  name: { 'zh-CN': '三联展室', en: 'Three-room suite' },
  description: {
    'zh-CN': '三间相连的展室，以门洞相通，每间墙色不同，适合分章节布展。',
    en: 'Three rooms in a row joined by doorways, each with its own wall colour: an exhibition in chapters.',
  },
  rooms: ROOMS.map((r) => ({
    id: r.id,
    name: r.name,
    floor: { min: [r.x[0], Z_MIN], max: [r.x[1], Z_MAX] },
    ceilingHeight: HEIGHT,
    floorColour: r.floorColour,
    floorFinish: 'wood' as const,
    ceilingColour: '#f6f4ef',
  })),
  walls: [
    // Each room's own north (front faces +z) and south (front faces -z) walls.
    ...ROOMS.flatMap((r) => [
      wall({ id: `${r.id}-north`, start: [r.x[0], Z_MIN], end: [r.x[1], Z_MIN], height: HEIGHT, colour: r.wallColour, ...HANG }),
      wall({ id: `${r.id}-south`, start: [r.x[1], Z_MAX], end: [r.x[0], Z_MAX], height: HEIGHT, colour: r.wallColour, ...HANG }),
    ]),
    wall({
      id: 'room-1-west',
      start: [-18, Z_MAX],
      end: [-18, Z_MIN],
      height: HEIGHT,
      colour: ROOMS[0].wallColour,
      doors: [{ id: 'entrance', offset: 5, width: 2.4, height: 3.2 }],
      ...HANG,
    }),
    // The walls between rooms run north to south: the front face looks west into the room before.
    wall({
      id: 'between-1-2',
      start: [-6, Z_MIN],
      end: [-6, Z_MAX],
      height: HEIGHT,
      colour: ROOMS[0].wallColour,
      doors: [{ id: 'door-1-2', offset: 5, width: 2, height: 3, leadsTo: 'room-2' }],
      ...HANG,
      sides: ['front', 'back'],
    }),
    wall({
      id: 'between-2-3',
      start: [6, Z_MIN],
      end: [6, Z_MAX],
      height: HEIGHT,
      colour: ROOMS[1].wallColour,
      doors: [{ id: 'door-2-3', offset: 5, width: 2, height: 3, leadsTo: 'room-3' }],
      ...HANG,
      sides: ['front', 'back'],
    }),
    wall({ id: 'room-3-east', start: [18, Z_MIN], end: [18, Z_MAX], height: HEIGHT, colour: ROOMS[2].wallColour, ...HANG }),
  ],
  lights: [
    { type: 'hemisphere', intensity: 1.1, colour: '#ffffff', groundColour: '#6e5a44' },
    { type: 'ambient', intensity: 0.3, colour: '#fff6ea' },
    ...ROOMS.map((r) => ({ type: 'point' as const, position: [(r.x[0] + r.x[1]) / 2, 4.2, 0] as [number, number, number], intensity: 70, colour: '#fff2de', distance: 14 })),
    { type: 'directional', position: [-6, 12, 8], target: [0, 0, 0], intensity: 0.8, colour: '#ffffff', castShadow: true },
  ],
  // Inside the entrance of room 1, looking east through the suite.
  spawnPoints: [{ id: 'entrance', position: [-16.5, 0, 0], yawDeg: -90 }],
  walkable: ROOMS.map((r) => ({ min: [r.x[0], Z_MIN] as [number, number], max: [r.x[1], Z_MAX] as [number, number] })),
} satisfies SceneInput);
