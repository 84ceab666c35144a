import { Scene, type ExhibitionLayout, type Work } from '@yunzhan/shared';

/**
 * A test hall: two 10 × 10 m rooms side by side (x 0..10 and 10..20, z 0..10) joined by a 1.6 m
 * door in the middle of the wall at x = 10, which runs from z = 0 to z = 10 (front faces -x).
 */
export function twoRooms(): Scene {
  const wall = (id: string, start: [number, number], end: [number, number], doors: unknown[] = []) => ({
    id,
    start,
    end,
    height: 4,
    thickness: 0.2,
    colour: '#eeeeee',
    doors,
  });
  const room = (id: string, minX: number) => ({
    id,
    name: { 'zh-CN': id, en: id },
    floor: { min: [minX, 0], max: [minX + 10, 10] },
    ceilingHeight: 4,
    floorColour: '#806040',
    ceilingColour: '#ffffff',
  });
  return Scene.parse({
    formatVersion: 2,
    id: 'two-rooms',
    kind: 'gallery',
    name: { 'zh-CN': '两间', en: 'Two rooms' },
    rooms: [room('west', 0), room('east', 10)],
    walls: [
      // Outer walls run so their front faces look into the rooms.
      wall('north', [0, 0], [20, 0]),
      wall('south', [20, 10], [0, 10]),
      wall('west', [0, 10], [0, 0]),
      wall('east', [20, 0], [20, 10]),
      wall('middle', [10, 0], [10, 10], [{ id: 'd1', offset: 5, width: 1.6, height: 2.4 }]),
    ],
    lights: [{ type: 'ambient', intensity: 1, colour: '#ffffff' }],
    spawnPoints: [{ id: 'entry', position: [5, 0, 8], yawDeg: 0 }],
    walkable: [{ min: [0, 0], max: [20, 10] }],
  });
}

/** A minimal image work with renditions of 256, 1024 and 2048 px. */
export function imageWork(id: string, catalogue = 'YZ-2025-000001'): Work {
  return {
    id,
    catalogueNumber: catalogue,
    kind: 'image',
    metadata: {
      title: { 'zh-CN': '作品', en: '' },
      creator: 'Someone',
      date: '1936',
      rights: { holder: 'Someone', licence: 'cc-by', credit: '' },
    },
    status: 'ready',
    assetId: 'as_000000000000',
    audioGuideAssetId: null,
    media: {
      images: [256, 1024, 2048].map((px) => ({ width: px, height: px / 2, url: `/media/${id}/${px}.webp`, bytes: 1000 })),
      hls: null,
      model: null,
      audio: null,
      width: 4000,
      height: 2000,
    },
    audioGuide: null,
    ownerId: 'u1',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };
}

/** A layout with one work on the middle wall's front (west room side) and one on its back. */
export function twoWorkLayout(): ExhibitionLayout {
  const common = { label: 'right' as const, spotlight: { on: true, intensity: 40, colour: '#fff4e0' } };
  return {
    templateId: 'two-rooms',
    lighting: 'gallery-neutral',
    placements: [
      { ...common, id: 'p-front', workId: 'wk_aaaaaaa', mount: 'wall', wallId: 'middle', side: 'front', u: 2.5, v: 1.5, width: 1.2, height: 0.8, rotationDeg: 0 },
      { ...common, id: 'p-back', workId: 'wk_bbbbbbb', mount: 'wall', wallId: 'middle', side: 'back', u: 7.5, v: 1.5, width: 1, height: 1, rotationDeg: 0 },
    ],
    tour: [
      { placementId: 'p-front', narration: { 'zh-CN': '第一站', en: 'First stop' } },
      { placementId: 'p-missing', narration: { 'zh-CN': '不存在', en: 'Missing' } },
      { placementId: 'p-back', narration: { 'zh-CN': '第二站', en: '' } },
    ],
  };
}
