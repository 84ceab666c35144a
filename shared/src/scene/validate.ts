import { collisionSegments, insideWalkable, rectContains, segmentClearance, VISITOR_RADIUS, wallLength } from './geometry';
import type { PlanRect } from './primitives';
import type { Scene } from './schema';
import { SceneInvalidError, type SceneIssue } from './scene-error';

// Rules that span fields, which the zod schema cannot say: unique ids, doors and hanging areas
// that fit their wall, references between rooms, spawn points a visitor can stand on.

/** Slack for comparing lengths that are equal on paper, in metres. */
const EPS = 1e-6;

/** Whether `inner` lies inside `outer` (edges may touch). */
function rectInside(inner: PlanRect, outer: PlanRect): boolean {
  return rectContains(outer, inner.min, EPS) && rectContains(outer, inner.max, EPS);
}

/** Whether two closed intervals overlap by more than EPS. */
function intervalsOverlap(a0: number, a1: number, b0: number, b1: number): boolean {
  return Math.min(a1, b1) - Math.max(a0, b0) > EPS;
}

/** Adds an issue for every id seen before in `items` (paths say where each item is). */
function checkUnique(issues: SceneIssue[], what: string, items: { id: string; path: string }[]): void {
  const seen = new Map<string, string>();
  for (const { id, path } of items) {
    const first = seen.get(id);
    if (first !== undefined) issues.push({ path: `${path}.id`, message: `${what} id "${id}" is already used at ${first}` });
    else seen.set(id, path);
  }
}

/** Every cross-field problem of a parsed scene, each naming the bad field by its path; [] when it is sound. */
export function validateScene(scene: Scene): SceneIssue[] {
  const issues: SceneIssue[] = [];
  const roomIds = new Set(scene.rooms.map((r) => r.id));

  checkUnique(issues, 'room', scene.rooms.map((r, i) => ({ id: r.id, path: `rooms.${i}` })));
  checkUnique(issues, 'wall', scene.walls.map((w, i) => ({ id: w.id, path: `walls.${i}` })));
  checkUnique(issues, 'door', scene.walls.flatMap((w, i) => w.doors.map((d, j) => ({ id: d.id, path: `walls.${i}.doors.${j}` }))));
  checkUnique(
    issues,
    'hanging area',
    scene.walls.flatMap((w, i) => w.hangingAreas.map((a, j) => ({ id: a.id, path: `walls.${i}.hangingAreas.${j}` }))),
  );
  checkUnique(issues, 'spawn point', scene.spawnPoints.map((s, i) => ({ id: s.id, path: `spawnPoints.${i}` })));
  checkUnique(issues, 'screen', scene.screens.map((s, i) => ({ id: s.id, path: `screens.${i}` })));
  checkUnique(issues, 'seat block', scene.seats.map((s, i) => ({ id: s.id, path: `seats.${i}` })));
  checkUnique(issues, 'platform', scene.platforms.map((p, i) => ({ id: p.id, path: `platforms.${i}` })));

  scene.rooms.forEach((room, i) =>
    room.skylights.forEach((sky, j) => {
      if (!rectInside(sky, room.floor))
        issues.push({ path: `rooms.${i}.skylights.${j}`, message: `skylight is not inside the floor of room "${room.id}"` });
    }),
  );

  scene.walls.forEach((wall, i) => {
    const at = `walls.${i}`;
    const length = wallLength(wall);
    if (length < 0.1) {
      issues.push({ path: `${at}.end`, message: `wall "${wall.id}" is shorter than 0.1 m` });
      return;
    }
    wall.doors.forEach((door, j) => {
      const path = `${at}.doors.${j}`;
      const left = door.offset - door.width / 2;
      const right = door.offset + door.width / 2;
      if (left < -EPS || right > length + EPS)
        issues.push({
          path: `${path}.offset`,
          message: `door "${door.id}" spans ${left.toFixed(2)}–${right.toFixed(2)} m but wall "${wall.id}" is ${length.toFixed(2)} m long`,
        });
      if (door.height > wall.height + EPS)
        issues.push({ path: `${path}.height`, message: `door "${door.id}" is taller than wall "${wall.id}" (${wall.height} m)` });
      if (door.leadsTo !== undefined && !roomIds.has(door.leadsTo))
        issues.push({ path: `${path}.leadsTo`, message: `door "${door.id}" leads to "${door.leadsTo}", which is not a room` });
      wall.doors.slice(0, j).forEach((other) => {
        if (intervalsOverlap(left, right, other.offset - other.width / 2, other.offset + other.width / 2))
          issues.push({ path: `${path}.offset`, message: `door "${door.id}" overlaps door "${other.id}"` });
      });
    });
    wall.hangingAreas.forEach((area, j) => {
      const path = `${at}.hangingAreas.${j}`;
      if (area.to > length + EPS)
        issues.push({ path: `${path}.to`, message: `hanging area "${area.id}" ends at ${area.to} m but wall "${wall.id}" is ${length.toFixed(2)} m long` });
      if (area.top > wall.height + EPS)
        issues.push({ path: `${path}.top`, message: `hanging area "${area.id}" reaches ${area.top} m but wall "${wall.id}" is ${wall.height} m high` });
      for (const door of wall.doors)
        if (
          intervalsOverlap(area.from, area.to, door.offset - door.width / 2, door.offset + door.width / 2) &&
          intervalsOverlap(area.bottom, area.top, 0, door.height)
        )
          issues.push({ path, message: `hanging area "${area.id}" covers door "${door.id}"` });
    });
  });

  scene.walkable.forEach((rect, i) => {
    if (!scene.rooms.some((room) => rectInside(rect, room.floor)))
      issues.push({ path: `walkable.${i}`, message: 'walkable rectangle is not inside the floor of any room' });
  });

  scene.platforms.forEach((platform, i) => {
    if (!scene.rooms.some((room) => rectInside(platform.area, room.floor)))
      issues.push({ path: `platforms.${i}.area`, message: `platform "${platform.id}" is not inside the floor of any room` });
  });

  const segments = collisionSegments(scene);
  scene.spawnPoints.forEach((spawn, i) => {
    const p: [number, number] = [spawn.position[0], spawn.position[2]];
    if (!insideWalkable(scene, p)) {
      issues.push({ path: `spawnPoints.${i}.position`, message: `spawn point "${spawn.id}" is outside the walkable area` });
      return;
    }
    const blocking = segments.find((s) => segmentClearance(s, p) < VISITOR_RADIUS);
    if (blocking)
      issues.push({
        path: `spawnPoints.${i}.position`,
        message: `spawn point "${spawn.id}" is within ${VISITOR_RADIUS} m of wall "${blocking.wallId}"`,
      });
  });

  if (scene.viewpoint) {
    const v = scene.viewpoint;
    if (v.minDistance > v.maxDistance) issues.push({ path: 'viewpoint.minDistance', message: 'minDistance is greater than maxDistance' });
    if (v.minPolarDeg > v.maxPolarDeg) issues.push({ path: 'viewpoint.minPolarDeg', message: 'minPolarDeg is greater than maxPolarDeg' });
  }
  return issues;
}

/** Throws a SceneInvalidError (code SCENE_INVALID, `details.issues`) unless validateScene finds nothing. */
export function assertValidScene(scene: Scene): Scene {
  const issues = validateScene(scene);
  if (issues.length > 0) throw new SceneInvalidError(issues);
  return scene;
}
