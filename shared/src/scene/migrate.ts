import { SceneInvalidError, sceneErrorFrom } from './scene-error';
import { SceneV1, sceneV1ToV2 } from './scene-v1';
import { SCENE_FORMAT_VERSION, Scene } from './schema';
import { assertValidScene } from './validate';

/** One step of the migration chain: reads a document of version `from`, returns one of `from + 1`. */
export interface SceneMigration {
  from: number;
  /** What changed, for logs and the docs. */
  summary: string;
  /** Converts the document; throws SceneInvalidError naming the bad field if it cannot be read. */
  up(doc: unknown): unknown;
}

/** Every migration, oldest first; a version bump appends one here. */
export const SCENE_MIGRATIONS: readonly SceneMigration[] = [
  {
    from: 1,
    summary: 'theatre format: room box, stage, screen, seating, camera → rooms, walls, platform, screen, seat block, viewpoint',
    up(doc) {
      const v1 = SceneV1.safeParse(doc);
      if (!v1.success) throw sceneErrorFrom(v1.error);
      return sceneV1ToV2(v1.data);
    },
  },
];

/** The oldest format version migrateScene can read. */
export const OLDEST_SCENE_FORMAT_VERSION = SCENE_FORMAT_VERSION - SCENE_MIGRATIONS.length;

/**
 * Reads a scene document of any known format version and returns it as the current version,
 * parsed (defaults applied). Throws SceneInvalidError (code SCENE_INVALID) whose
 * `details.issues` name each bad field by its path, `formatVersion` when that is missing or unknown.
 */
export function migrateScene(doc: unknown): Scene {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new SceneInvalidError([{ path: '', message: 'a scene document must be a JSON object' }]);
  const version = (doc as { formatVersion?: unknown }).formatVersion;
  if (version === undefined) throw new SceneInvalidError([{ path: 'formatVersion', message: 'formatVersion is missing' }]);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_SCENE_FORMAT_VERSION || version > SCENE_FORMAT_VERSION)
    throw new SceneInvalidError([
      {
        path: 'formatVersion',
        message: `unknown format version ${JSON.stringify(version)}; this code reads versions ${OLDEST_SCENE_FORMAT_VERSION} to ${SCENE_FORMAT_VERSION}`,
      },
    ]);
  let current: unknown = doc;
  for (const migration of SCENE_MIGRATIONS) if (migration.from >= version) current = migration.up(current);
  const parsed = Scene.safeParse(current);
  if (!parsed.success) throw sceneErrorFrom(parsed.error);
  return parsed.data;
}

/** migrateScene, then the cross-field rules of validateScene: the one way to load a stored or uploaded scene. */
export function parseScene(doc: unknown): Scene {
  return assertValidScene(migrateScene(doc));
}
