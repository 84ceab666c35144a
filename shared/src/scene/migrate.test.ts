import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { wallLength, wallNormal, wallPoint } from './geometry';
import { migrateScene, parseScene, SCENE_MIGRATIONS } from './migrate';
import { SCENE_FORMAT_VERSION, Scene } from './schema';
import { twoRooms, twoRoomsInput } from './test-fixtures';
import { validateScene } from './validate';

/** A small v1 theatre document, written by hand the way scenes/src/theatre.ts writes one. */
function v1Theatre() {
  return {
    formatVersion: 1,
    id: 'small-theatre',
    name: 'Small theatre',
    room: { width: 12, depth: 20, height: 6, wallColour: '#222233', floorColour: '#333333', ceilingColour: '#111111' },
    stage: { width: 8, height: 0.8, frontZ: -6, colour: '#443322', curtainColour: '#660011' },
    screen: { position: [0, 3, -9.5], width: 6.4, height: 3.6, frameColour: '#000000' },
    seating: {
      rows: 5,
      seatsPerRow: 8,
      seatSpacing: 0.6,
      rowSpacing: 1,
      risePerRow: 0.2,
      firstRowZ: -3,
      aisleWidth: 1,
      seatColour: '#771122',
      stepColour: '#222222',
    },
    lights: [
      { type: 'hemisphere', intensity: 1, colour: '#ffffff', groundColour: '#000000' },
      { type: 'point', position: [0, 5, 0], intensity: 40, colour: '#ffddaa', distance: 0 },
    ],
    camera: {
      position: [2, 2.5, 4],
      target: [2, 3, -9.5],
      fovDeg: 55,
      minDistance: 10,
      maxDistance: 15,
      maxAzimuthDeg: 10,
      minPolarDeg: 85,
      maxPolarDeg: 95,
    },
  };
}

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}
const issuesOf = (error: AppError) => (error.details as { issues: { path: string; message: string }[] }).issues;

describe('migrateScene from format version 1', () => {
  const scene = migrateScene(v1Theatre());

  it('produces a current-version theatre that passes the cross-field rules', () => {
    expect(scene.formatVersion).toBe(SCENE_FORMAT_VERSION);
    expect(scene.kind).toBe('theatre');
    expect(scene.name).toEqual({ 'zh-CN': 'Small theatre', en: 'Small theatre' });
    expect(validateScene(scene)).toEqual([]);
  });

  it('turns the room box into one room and four walls whose inner faces are the old box', () => {
    expect(scene.rooms).toHaveLength(1);
    expect(scene.rooms[0]!.floor).toEqual({ min: [-6, -10], max: [6, 10] });
    expect(scene.rooms[0]!.ceilingHeight).toBe(6);
    expect(scene.walls).toHaveLength(4);
    for (const wall of scene.walls) {
      expect(wall.height).toBe(6);
      expect(wall.colour).toBe('#222233');
      // The middle of each wall's front face lies on the v1 box and looks at the room's centre.
      const { position } = wallPoint(wall, 'front', wallLength(wall) / 2, 1, wall.thickness / 2);
      const onBox = Math.abs(Math.abs(position[0]) - 6) < 1e-9 || Math.abs(Math.abs(position[2]) - 10) < 1e-9;
      expect(onBox).toBe(true);
      const n = wallNormal(wall, 'front');
      expect(n[0] * -position[0] + n[1] * -position[2]).toBeGreaterThan(0);
    }
  });

  it('keeps the stage as a curtained platform, the screen facing the audience, and the seats', () => {
    expect(scene.platforms).toEqual([
      { id: 'stage', area: { min: [-4, -10], max: [4, -6] }, height: 0.8, colour: '#443322', curtainColour: '#660011' },
    ]);
    expect(scene.screens).toEqual([{ id: 'screen', position: [0, 3, -9.5], yawDeg: 0, width: 6.4, height: 3.6, frameColour: '#000000' }]);
    expect(scene.seats).toEqual([
      {
        id: 'audience',
        origin: [0, 0, -3],
        yawDeg: 0,
        rows: 5,
        seatsPerRow: 8,
        seatSpacing: 0.6,
        rowSpacing: 1,
        risePerRow: 0.2,
        aisleWidth: 1,
        seatColour: '#771122',
        stepColour: '#222222',
      },
    ]);
    expect(scene.lights).toEqual(v1Theatre().lights);
  });

  it('lets visitors stand in front of the stage and spawns them under the camera, looking at its target', () => {
    expect(scene.walkable).toEqual([{ min: [-6, -6], max: [6, 10] }]);
    expect(scene.spawnPoints).toEqual([{ id: 'audience', position: [2, 0, 4], yawDeg: 0 }]);
    expect(scene.viewpoint).toEqual(v1Theatre().camera);
  });

  it('turns the spawn towards a camera target off to one side', () => {
    const doc = v1Theatre();
    doc.camera.target = [-2, 3, 4];
    // Looking along -x is a quarter turn to the left: yaw +90°.
    expect(migrateScene(doc).spawnPoints[0]!.yawDeg).toBeCloseTo(90, 9);
  });

  it('gives a migrated scene that survives a JSON round trip unchanged', () => {
    expect(Scene.parse(JSON.parse(JSON.stringify(scene)))).toEqual(scene);
    expect(migrateScene(JSON.parse(JSON.stringify(scene)))).toEqual(scene);
  });

  it('names the bad field of a v1 document by its v1 path', () => {
    const doc = v1Theatre();
    doc.room.width = -12;
    const error = thrown(() => migrateScene(doc));
    expect(error.code).toBe('SCENE_INVALID');
    expect(issuesOf(error).map((i) => i.path)).toEqual(['room.width']);
  });
});

describe('migrateScene', () => {
  it('reads a current-version document as it is, with defaults applied', () => {
    expect(migrateScene(twoRoomsInput())).toEqual(twoRooms());
  });

  it('has a migration for every older version it claims to read', () => {
    expect(SCENE_MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: SCENE_FORMAT_VERSION - 1 }, (_, i) => i + 1));
  });

  it('refuses a document without formatVersion, naming the field', () => {
    const { formatVersion: _, ...doc } = twoRoomsInput();
    const error = thrown(() => migrateScene(doc));
    expect(error.code).toBe('SCENE_INVALID');
    expect(issuesOf(error)).toEqual([{ path: 'formatVersion', message: 'formatVersion is missing' }]);
  });

  it('refuses an unknown formatVersion, naming the field', () => {
    for (const version of [3, 0, 1.5, '2']) {
      const error = thrown(() => migrateScene({ ...twoRoomsInput(), formatVersion: version }));
      expect(error.code).toBe('SCENE_INVALID');
      expect(issuesOf(error)[0]!.path).toBe('formatVersion');
      expect(error.message).toMatch(/^Invalid scene formatVersion: unknown format version/);
    }
  });

  it('refuses something that is not a document at all', () => {
    for (const doc of [null, 'scene', [1, 2], 42]) expect(thrown(() => migrateScene(doc)).code).toBe('SCENE_INVALID');
  });

  it('names a bad nested field by its full path', () => {
    const doc = twoRoomsInput();
    doc.walls[5]!.doors![0]!.offset = -1;
    const error = thrown(() => migrateScene(doc));
    expect(error.code).toBe('SCENE_INVALID');
    expect(issuesOf(error).map((i) => i.path)).toEqual(['walls.5.doors.0.offset']);
    expect(error.message).toMatch(/^Invalid scene walls\.5\.doors\.0\.offset: /);
  });
});

describe('parseScene', () => {
  it('applies the cross-field rules after migrating, naming the field they break', () => {
    const doc = twoRoomsInput();
    doc.walls[5]!.doors![0]!.offset = 5.9;
    expect(() => migrateScene(doc)).not.toThrow();
    const error = thrown(() => parseScene(doc));
    expect(error.code).toBe('SCENE_INVALID');
    expect(issuesOf(error).map((i) => i.path)).toContain('walls.5.doors.0.offset');
  });

  it('reads a v1 theatre into a sound scene', () => {
    expect(parseScene(v1Theatre()).id).toBe('small-theatre');
  });
});
