import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { Scene, type SceneInput } from './schema';
import { twoRoomsInput } from './test-fixtures';
import { assertValidScene, validateScene } from './validate';

/** The issues of the two-room scene after `change` edits its input. */
function issuesAfter(change: (doc: SceneInput) => void) {
  const doc = twoRoomsInput();
  change(doc);
  return validateScene(Scene.parse(doc));
}
const wallIndex = (doc: SceneInput, id: string) => doc.walls.findIndex((w) => w.id === id);
const middle = (doc: SceneInput) => doc.walls[wallIndex(doc, 'middle')]!;

describe('validateScene', () => {
  it('finds nothing wrong with a sound scene', () => {
    expect(issuesAfter(() => {})).toEqual([]);
  });

  it('names a repeated wall id by the path of the second wall', () => {
    const issues = issuesAfter((doc) => {
      doc.walls[1]!.id = 'a-north';
    });
    expect(issues).toEqual([{ path: 'walls.1.id', message: 'wall id "a-north" is already used at walls.0' }]);
  });

  it('treats door and hanging area ids as one list across all walls', () => {
    const issues = issuesAfter((doc) => {
      doc.walls[0]!.doors = [{ id: 'door-ab', offset: 5, width: 1, height: 2 }];
      doc.walls[0]!.hangingAreas = [{ id: 'middle-1', side: 'back', from: 1, to: 2, bottom: 1, top: 2 }];
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['walls.5.doors.0.id', 'walls.5.hangingAreas.0.id']);
  });

  it('refuses a door that runs past the end of its wall, naming its offset', () => {
    const issues = issuesAfter((doc) => {
      middle(doc).doors![0]!.offset = 5.5;
    });
    expect(issues.map((i) => i.path)).toContain('walls.5.doors.0.offset');
    expect(issues.find((i) => i.path === 'walls.5.doors.0.offset')?.message).toMatch(/4\.70–6\.30 m but wall "middle" is 6\.00 m long/);
  });

  it('refuses a door taller than its wall', () => {
    const issues = issuesAfter((doc) => {
      middle(doc).doors![0]!.height = 4;
    });
    expect(issues.map((i) => i.path)).toEqual(['walls.5.doors.0.height']);
  });

  it('refuses two doors that overlap on one wall', () => {
    const issues = issuesAfter((doc) => {
      middle(doc).hangingAreas = [];
      middle(doc).doors!.push({ id: 'door-2', offset: 4, width: 1, height: 2 });
    });
    expect(issues).toEqual([{ path: 'walls.5.doors.1.offset', message: 'door "door-2" overlaps door "door-ab"' }]);
  });

  it('refuses a door that leads to a room the scene does not have', () => {
    const issues = issuesAfter((doc) => {
      middle(doc).doors![0]!.leadsTo = 'room-z';
    });
    expect(issues.map((i) => i.path)).toEqual(['walls.5.doors.0.leadsTo']);
  });

  it('refuses a hanging area over a door but allows one above it', () => {
    const over = issuesAfter((doc) => {
      middle(doc).hangingAreas!.push({ id: 'over', side: 'back', from: 2, to: 4, bottom: 1, top: 3 });
    });
    expect(over).toEqual([{ path: 'walls.5.hangingAreas.2', message: 'hanging area "over" covers door "door-ab"' }]);
    const above = issuesAfter((doc) => {
      middle(doc).hangingAreas!.push({ id: 'above', side: 'back', from: 2, to: 4, bottom: 2.5, top: 3.3 });
    });
    expect(above).toEqual([]);
  });

  it('refuses a hanging area longer or higher than its wall', () => {
    const issues = issuesAfter((doc) => {
      doc.walls[0]!.hangingAreas = [{ id: 'long', side: 'front', from: 1, to: 10.5, bottom: 0.5, top: 3.6 }];
    });
    expect(issues.map((i) => i.path)).toEqual(['walls.0.hangingAreas.0.to', 'walls.0.hangingAreas.0.top']);
  });

  it('refuses a skylight outside its room', () => {
    const issues = issuesAfter((doc) => {
      doc.rooms[0]!.skylights = [{ min: [8, 1], max: [12, 2] }];
    });
    expect(issues).toEqual([{ path: 'rooms.0.skylights.0', message: 'skylight is not inside the floor of room "room-a"' }]);
  });

  it('refuses a spawn point inside a wall or off the walkable floor', () => {
    const inWall = issuesAfter((doc) => {
      doc.spawnPoints[0]!.position = [10, 0, 1];
    });
    expect(inWall).toEqual([{ path: 'spawnPoints.0.position', message: 'spawn point "start" is within 0.25 m of wall "middle"' }]);
    const outside = issuesAfter((doc) => {
      doc.spawnPoints[0]!.position = [25, 0, 1];
    });
    expect(outside.map((i) => i.path)).toEqual(['spawnPoints.0.position']);
  });

  it('refuses a walkable rectangle that is not on any room floor', () => {
    const issues = issuesAfter((doc) => {
      doc.walkable.push({ min: [5, 5], max: [15, 7] });
    });
    expect(issues.map((i) => i.path)).toEqual(['walkable.2']);
  });

  it('refuses a wall too short to be one', () => {
    const issues = issuesAfter((doc) => {
      doc.walls.push({ id: 'stub', start: [5, 5], end: [5, 5.05], height: 2, colour: '#000000' });
    });
    expect(issues.map((i) => i.path)).toEqual(['walls.7.end']);
  });
});

describe('assertValidScene', () => {
  it('throws SCENE_INVALID with every issue in the details', () => {
    const doc = twoRoomsInput();
    doc.walls[1]!.id = 'a-north';
    middle(doc).doors![0]!.leadsTo = 'nowhere';
    const error = (() => {
      try {
        assertValidScene(Scene.parse(doc));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    const info = (error as AppError).toInfo();
    expect(info.code).toBe('SCENE_INVALID');
    expect(info.message).toBe('Invalid scene walls.1.id: wall id "a-north" is already used at walls.0');
    expect((info.details as { issues: unknown[] }).issues).toHaveLength(2);
  });

  it('returns the scene when it is sound', () => {
    const scene = Scene.parse(twoRoomsInput());
    expect(assertValidScene(scene)).toBe(scene);
  });
});
