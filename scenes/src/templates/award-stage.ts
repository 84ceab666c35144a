import { parseScene, type Scene, type SceneInput } from '@yunzhan/shared';
import { roomWalls } from './build';

const HEIGHT = 12;
const STAGE_HEIGHT = 1.2;
const SEAT = { seatSpacing: 0.6, rowSpacing: 1, risePerRow: 0.15, seatColour: '#6d1a2a', stepColour: '#241f2a' };

/**
 * The award stage: a 30 × 24 m hall, 12 m high, with a 20 m wide stage against the north wall, a
 * lower podium in front of it where winners stand, a 12.8 m screen over the stage, three seat
 * blocks (the side ones turned towards the stage) and a doorway at the back. Like the theatre it
 * has a viewpoint for the seated audience.
 */
export const AWARD_STAGE: Scene = parseScene({
  formatVersion: 2,
  id: 'award-stage',
  kind: 'award-stage',
  name: { 'zh-CN': '颁奖舞台', en: 'Award stage' },
  description: {
    'zh-CN': '宽大的舞台、领奖台和巨幅屏幕，三组观众席面向舞台。',
    en: 'A wide stage, a winners’ podium and a large screen, with three seat blocks facing the stage.',
  },
  rooms: [
    {
      id: 'hall',
      name: { 'zh-CN': '颁奖大厅', en: 'Award hall' },
      floor: { min: [-15, -12], max: [15, 12] },
      ceilingHeight: HEIGHT,
      floorColour: '#2a1e2a',
      floorFinish: 'carpet',
      ceilingColour: '#0b0b12',
    },
  ],
  walls: roomWalls(
    'hall',
    [-15, -12],
    [15, 12],
    { height: HEIGHT, colour: '#1e1f2b', thickness: 0.3 },
    { south: { doors: [{ id: 'entrance', offset: 15, width: 3, height: 3.5 }] } },
  ),
  platforms: [
    { id: 'stage', area: { min: [-10, -12], max: [10, -6] }, height: STAGE_HEIGHT, colour: '#1c1c28', curtainColour: '#5b1020' },
    { id: 'podium', area: { min: [-2, -6], max: [2, -4.5] }, height: 0.6, colour: '#b08d3c' },
  ],
  screens: [{ id: 'main', position: [0, 7, -11.7], yawDeg: 0, width: 12.8, height: 7.2, frameColour: '#0a0a0d' }],
  seats: [
    { id: 'centre', origin: [0, 0, -1], yawDeg: 0, rows: 8, seatsPerRow: 14, aisleWidth: 1.2, ...SEAT },
    { id: 'left', origin: [-10, 0, 0], yawDeg: -20, rows: 6, seatsPerRow: 8, aisleWidth: 0, ...SEAT },
    { id: 'right', origin: [10, 0, 0], yawDeg: 20, rows: 6, seatsPerRow: 8, aisleWidth: 0, ...SEAT },
  ],
  lights: [
    { type: 'hemisphere', intensity: 0.6, colour: '#8890b0', groundColour: '#1a1820' },
    { type: 'ambient', intensity: 0.2, colour: '#ffffff' },
    // Key light on the stage, and a narrow one on the podium.
    { type: 'spot', position: [0, 11, -2], target: [0, STAGE_HEIGHT, -9], intensity: 900, colour: '#fff1d6', angleDeg: 30, penumbra: 0.5, distance: 0, castShadow: true },
    { type: 'spot', position: [0, 11, 0], target: [0, 0.6, -5.2], intensity: 500, colour: '#ffe6b0', angleDeg: 12, penumbra: 0.4, distance: 0 },
    // The screen's cool spill, and dimmed house lights over the seats.
    { type: 'point', position: [0, 6, -10], intensity: 30, colour: '#b8c4ff', distance: 14 },
    { type: 'point', position: [-6, 10, 4], intensity: 60, colour: '#ffd6a0', distance: 0 },
    { type: 'point', position: [6, 10, 4], intensity: 60, colour: '#ffd6a0', distance: 0 },
  ],
  spawnPoints: [
    { id: 'entrance', position: [0, 0, 9.5], yawDeg: 0 },
    { id: 'front', position: [0, 0, -3.5], yawDeg: 0 },
  ],
  // The floor less the stage and the podium.
  walkable: [
    { min: [-15, -4.5], max: [15, 12] },
    { min: [-15, -12], max: [-10, -4.5] },
    { min: [10, -12], max: [15, -4.5] },
    { min: [-10, -6], max: [-2, -4.5] },
    { min: [2, -6], max: [10, -4.5] },
  ],
  viewpoint: {
    position: [0, 3.2, 7],
    target: [0, 5, -11.7],
    fovDeg: 55,
    minDistance: 15,
    maxDistance: 21,
    maxAzimuthDeg: 20,
    minPolarDeg: 80,
    maxPolarDeg: 100,
  },
  background: '#05050a',
} satisfies SceneInput);
