import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assertLayout, PlacementError, validateLayout } from './placement';
import { layoutOf, onFloor, onWall, twoRooms } from './test-fixtures';

const scene = twoRooms();
const problemsOf = (...placements: NonNullable<Parameters<typeof layoutOf>[0]>) => validateLayout(scene, layoutOf(placements));

describe('validateLayout', () => {
  it('accepts works that fit their walls and floor', () => {
    const layout = layoutOf(
      [onWall('a', 'a-north', 2), onWall('b', 'a-north', 3.05), onWall('c', 'partition', 2, { side: 'back' }), onFloor('d', [5, 3])],
      [{ placementId: 'a', narration: { 'zh-CN': '第一站', en: 'First stop' } }],
    );
    expect(validateLayout(scene, layout)).toEqual([]);
  });

  it('refuses two works that overlap on one wall face, naming both', () => {
    const problems = problemsOf(onWall('first', 'a-north', 2), onWall('second', 'a-north', 2.5));
    expect(problems).toEqual([
      {
        code: 'PLACEMENT_OVERLAP',
        placementId: 'second',
        path: 'placements.1.u',
        message: '"second" overlaps "first" on wall "a-north" (front); works need 0.05 m between them',
        other: 'first',
      },
    ]);
  });

  it('counts works closer than the minimum gap as overlapping', () => {
    expect(problemsOf(onWall('a', 'a-north', 2), onWall('b', 'a-north', 3.04))[0]?.code).toBe('PLACEMENT_OVERLAP');
    expect(problemsOf(onWall('a', 'a-north', 2), onWall('b', 'a-north', 3.06))).toEqual([]);
  });

  it('lets works hang back to back on the two faces of a partition', () => {
    expect(problemsOf(onWall('a', 'partition', 2), onWall('b', 'partition', 2, { side: 'back' }))).toEqual([]);
  });

  it('judges turned works by their real outline, not their bounding box', () => {
    // Two squares turned 45° side by side on a diagonal: their boxes overlap, they do not.
    const diamonds = [onWall('a', 'a-north', 2, { rotationDeg: 45 }), onWall('b', 'a-north', 2.8, { v: 2.3, rotationDeg: 45 })];
    expect(problemsOf(...diamonds)).toEqual([]);
    const touching = [onWall('a', 'a-north', 2, { rotationDeg: 45 }), onWall('b', 'a-north', 2.7, { v: 2.2, rotationDeg: 45 })];
    expect(problemsOf(...touching)[0]?.code).toBe('PLACEMENT_OVERLAP');
  });

  it('refuses a work that runs off the end of its hanging area, naming u', () => {
    const [problem] = problemsOf(onWall('edge', 'a-north', 9.2));
    expect(problem?.code).toBe('PLACEMENT_OFF_WALL');
    expect(problem?.path).toBe('placements.0.u');
    expect(problem?.message).toBe(
      '"edge" leaves hanging area "a-north-1" on wall "a-north" (front): it spans u 8.70–9.70 m, v 1.00–2.00 m; the area is u 0.50–9.50 m, v 0.40–3.20 m',
    );
  });

  it('refuses a work hung too high or too low, naming v', () => {
    expect(problemsOf(onWall('high', 'a-north', 5, { v: 3 }))[0]?.path).toBe('placements.0.v');
    expect(problemsOf(onWall('low', 'a-north', 5, { v: 0.6 }))[0]?.path).toBe('placements.0.v');
  });

  it('refuses a work over a door opening, naming the door', () => {
    const [problem] = problemsOf(onWall('door', 'middle', 3));
    expect(problem).toMatchObject({ code: 'PLACEMENT_OFF_WALL', path: 'placements.0.u', message: '"door" crosses door "door-ab" on wall "middle" (front)' });
  });

  it('refuses a work on a face with no hanging area, naming the side', () => {
    expect(problemsOf(onWall('back', 'a-north', 5, { side: 'back' }))[0]).toMatchObject({ code: 'PLACEMENT_OFF_WALL', path: 'placements.0.side' });
  });

  it('fits a turned work near the edge only when its turned outline fits', () => {
    // A 2 m × 0.4 m work 0.3 m from the end of the area: too wide lying down, fine standing up.
    expect(problemsOf(onWall('w', 'a-north', 9.2, { width: 2, height: 0.4 }))[0]?.code).toBe('PLACEMENT_OFF_WALL');
    expect(problemsOf(onWall('w', 'a-north', 9.2, { width: 2, height: 0.4, rotationDeg: 90 }))).toEqual([]);
    // A 1 m square flush with the end fits square, but its corners stick out when turned 45°.
    expect(problemsOf(onWall('s', 'a-north', 9))).toEqual([]);
    expect(problemsOf(onWall('s', 'a-north', 9, { rotationDeg: 45 }))[0]?.code).toBe('PLACEMENT_OFF_WALL');
  });

  it('refuses a wall the hall does not have', () => {
    expect(problemsOf(onWall('x', 'nowhere', 1))[0]).toMatchObject({ code: 'PLACEMENT_INVALID', path: 'placements.0.wallId' });
  });

  it('refuses a floor work standing in a wall', () => {
    expect(problemsOf(onFloor('plinth', [10, 1]))[0]).toMatchObject({
      code: 'PLACEMENT_OFF_WALL',
      path: 'placements.0.position',
      message: '"plinth" stands in wall "middle"',
    });
  });

  it('refuses a floor work off the walkable floor or blocking a door', () => {
    expect(problemsOf(onFloor('out', [21, 3]))[0]?.code).toBe('PLACEMENT_OFF_WALL');
    expect(problemsOf(onFloor('corner', [0.1, 3]))[0]?.code).toBe('PLACEMENT_OFF_WALL');
    expect(problemsOf(onFloor('doorway', [9.3, 3], 0.5))[0]).toMatchObject({
      code: 'PLACEMENT_INVALID',
      message: '"doorway" blocks door "door-ab" in wall "middle"',
    });
  });

  it('refuses two floor works that overlap', () => {
    expect(problemsOf(onFloor('a', [5, 3]), onFloor('b', [5.5, 3]))[0]).toMatchObject({ code: 'PLACEMENT_OVERLAP', placementId: 'b', other: 'a' });
  });

  it('refuses a repeated placement id and a work placed twice', () => {
    const a = onWall('a', 'a-north', 2);
    const twice = { ...onWall('b', 'a-north', 5), workId: a.workId };
    expect(problemsOf(a, twice)).toEqual([
      { code: 'PLACEMENT_INVALID', placementId: 'b', path: 'placements.1.workId', message: `work ${a.workId} is already placed as "a"; a work appears once`, other: 'a' },
    ]);
    expect(problemsOf(a, onWall('a', 'a-north', 5))[0]).toMatchObject({ code: 'PLACEMENT_INVALID', path: 'placements.1.id' });
  });

  it('refuses a tour stop that names no placement', () => {
    const layout = layoutOf([onWall('a', 'a-north', 2)], [{ placementId: 'ghost', narration: { 'zh-CN': '无', en: '' } }]);
    expect(validateLayout(scene, layout)).toEqual([
      { code: 'PLACEMENT_INVALID', placementId: 'ghost', path: 'tour.0.placementId', message: 'tour stop 1 goes to "ghost", which is not placed' },
    ]);
  });
});

describe('assertLayout', () => {
  it('throws the first problem as an AppError with every problem in the details', () => {
    const layout = layoutOf([onWall('a', 'a-north', 2), onWall('b', 'a-north', 2.2), onWall('c', 'a-north', 9.4)]);
    let error: unknown;
    try {
      assertLayout(scene, layout);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlacementError);
    expect(error).toBeInstanceOf(AppError);
    const info = (error as AppError).toInfo();
    expect(info.code).toBe('PLACEMENT_OFF_WALL');
    expect((info.details as { problems: { code: string }[] }).problems.map((p) => p.code)).toEqual(['PLACEMENT_OFF_WALL', 'PLACEMENT_OVERLAP']);
  });

  it('returns a layout that fits', () => {
    const layout = layoutOf([onWall('a', 'a-north', 2)]);
    expect(assertLayout(scene, layout)).toBe(layout);
  });
});
