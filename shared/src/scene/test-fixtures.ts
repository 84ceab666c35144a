import { ExhibitionLayout, type ExhibitionLayoutInput } from '../exhibitions';
import { Scene, type SceneInput } from './schema';

// Small hand-made scenes and layouts for the scene tests (not exported from the package).

const hang = (id: string, side: 'front' | 'back', from: number, to: number) => ({ id, side, from, to, bottom: 0.4, top: 3.2 });

/**
 * Two 10 × 6 m rooms side by side (a: x 0–10, b: x 10–20), joined by a 1.6 m door in the wall
 * between them at z 2.2–3.8; room b has a free-standing 4 m partition hung on both faces.
 */
export function twoRoomsInput(): SceneInput {
  return {
    formatVersion: 2,
    id: 'two-rooms',
    kind: 'gallery',
    name: { 'zh-CN': '两间', en: 'Two rooms' },
    rooms: [
      { id: 'room-a', name: { 'zh-CN': '甲', en: 'A' }, floor: { min: [0, 0], max: [10, 6] }, ceilingHeight: 3.5, floorColour: '#888888', ceilingColour: '#ffffff' },
      { id: 'room-b', name: { 'zh-CN': '乙', en: 'B' }, floor: { min: [10, 0], max: [20, 6] }, ceilingHeight: 3.5, floorColour: '#888888', ceilingColour: '#ffffff' },
    ],
    walls: [
      { id: 'a-north', start: [0, 0], end: [10, 0], height: 3.5, colour: '#eeeeee', hangingAreas: [hang('a-north-1', 'front', 0.5, 9.5)] },
      { id: 'b-north', start: [10, 0], end: [20, 0], height: 3.5, colour: '#eeeeee', hangingAreas: [hang('b-north-1', 'front', 0.5, 9.5)] },
      { id: 'east', start: [20, 0], end: [20, 6], height: 3.5, colour: '#eeeeee' },
      { id: 'south', start: [20, 6], end: [0, 6], height: 3.5, colour: '#eeeeee' },
      { id: 'west', start: [0, 6], end: [0, 0], height: 3.5, colour: '#eeeeee' },
      {
        id: 'middle',
        start: [10, 0],
        end: [10, 6],
        height: 3.5,
        colour: '#eeeeee',
        doors: [{ id: 'door-ab', offset: 3, width: 1.6, height: 2.4, leadsTo: 'room-b' }],
        hangingAreas: [hang('middle-1', 'front', 0.3, 2), hang('middle-2', 'front', 4, 5.7)],
      },
      { id: 'partition', start: [13, 3], end: [17, 3], height: 3.5, colour: '#eeeeee', hangingAreas: [hang('partition-f', 'front', 0.2, 3.8), hang('partition-b', 'back', 0.2, 3.8)] },
    ],
    lights: [{ type: 'ambient', intensity: 1, colour: '#ffffff' }],
    spawnPoints: [{ id: 'start', position: [2, 0, 3], yawDeg: -90 }],
    walkable: [
      { min: [0, 0], max: [10, 6] },
      { min: [10, 0], max: [20, 6] },
    ],
  };
}

/** twoRoomsInput, parsed. */
export function twoRooms(): Scene {
  return Scene.parse(twoRoomsInput());
}

let workSerial = 0;
/** A fresh, valid work id. */
export const workId = (): string => `wk_test${String(++workSerial).padStart(4, '0')}`;

/** A wall placement input on the two-room scene: 1 × 1 m at eye level unless told otherwise. */
export function onWall(id: string, wallId: string, u: number, more: Partial<{ v: number; width: number; height: number; rotationDeg: number; side: 'front' | 'back' }> = {}) {
  return { id, workId: workId(), mount: 'wall' as const, wallId, side: more.side ?? 'front', u, v: more.v ?? 1.5, width: more.width ?? 1, height: more.height ?? 1, rotationDeg: more.rotationDeg ?? 0 };
}

/** A floor placement input: a 0.6 m plinth at `position`. */
export function onFloor(id: string, position: [number, number], footprint = 0.6) {
  return { id, workId: workId(), mount: 'floor' as const, position, footprint, height: 1 };
}

/** A parsed layout for the two-room scene. */
export function layoutOf(placements: ExhibitionLayoutInput['placements'], tour: ExhibitionLayoutInput['tour'] = []): ExhibitionLayout {
  return ExhibitionLayout.parse({ templateId: 'two-rooms', placements, tour });
}
