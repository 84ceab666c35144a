import { parseScene, type Scene, type SceneInput } from '@yunzhan/shared';
import { roomWalls } from './build';

const HEIGHT = 7;
/** Salon hang: a lower tier at eye level and an upper tier above it. */
const TIERS: [number, number][] = [
  [0.6, 2.9],
  [3.1, 5.8],
];

/**
 * A long classical gallery: a 40 × 10 m hall, 7 m high, with warm red walls, a wooden floor and a
 * row of five skylights down the middle that let the daylight in. The long walls hang in two
 * tiers; the west end wall takes large works; visitors enter through a tall doorway in the east wall.
 */
export const CLASSICAL_GALLERY: Scene = parseScene({
  formatVersion: 2,
  id: 'classical-gallery',
  kind: 'gallery',
  name: { 'zh-CN': '古典长廊', en: 'Classical gallery' },
  description: {
    'zh-CN': '四十米长的古典展廊，暖色墙面、木地板和一排天窗，长墙可上下两层挂画。',
    en: 'A 40 m classical hall with warm walls, a wooden floor and a row of skylights; the long walls hang in two tiers.',
  },
  rooms: [
    {
      id: 'hall',
      name: { 'zh-CN': '长廊', en: 'Long gallery' },
      floor: { min: [-20, -5], max: [20, 5] },
      ceilingHeight: HEIGHT,
      floorColour: '#7a5533',
      floorFinish: 'wood',
      ceilingColour: '#efe7da',
      skylights: [-16, -8, 0, 8, 16].map((x) => ({ min: [x - 2, -1.5] as [number, number], max: [x + 2, 1.5] as [number, number] })),
    },
  ],
  walls: roomWalls(
    'hall',
    [-20, -5],
    [20, 5],
    { height: HEIGHT, colour: '#8c3b2e', thickness: 0.4, sides: ['front'], tiers: TIERS, margin: 0.6 },
    {
      east: { doors: [{ id: 'entrance', offset: 5, width: 3, height: 4.2 }], tiers: [[0.6, 2.9], [4.5, 5.8]] },
      west: { tiers: [[0.6, 5.8]] },
    },
  ),
  lights: [
    { type: 'hemisphere', intensity: 1, colour: '#e6eef7', groundColour: '#5a3d26' },
    { type: 'ambient', intensity: 0.3, colour: '#fff0dc' },
    // Daylight falling through the skylights.
    { type: 'directional', position: [8, 25, 4], target: [0, 0, 0], intensity: 3, colour: '#fff5e6', castShadow: true },
    { type: 'point', position: [-16, 6.2, 0], intensity: 60, colour: '#ffd9a8', distance: 16 },
    { type: 'point', position: [-6, 6.2, 0], intensity: 60, colour: '#ffd9a8', distance: 16 },
    { type: 'point', position: [6, 6.2, 0], intensity: 60, colour: '#ffd9a8', distance: 16 },
    { type: 'point', position: [16, 6.2, 0], intensity: 60, colour: '#ffd9a8', distance: 16 },
  ],
  // By the entrance, looking down the hall to the west.
  spawnPoints: [{ id: 'entrance', position: [17.5, 0, 0], yawDeg: 90 }],
  walkable: [{ min: [-20, -5], max: [20, 5] }],
  background: '#cfe0f0',
} satisfies SceneInput);
