import { z } from 'zod';
import { AppError } from '../errors';

/** One problem found in a scene document: the dotted path of the bad field (`walls.3.doors.0.offset`) and what is wrong. */
export const SceneIssue = z.object({ path: z.string(), message: z.string() });
export type SceneIssue = z.infer<typeof SceneIssue>;

/** A scene document that cannot be read or breaks a rule; `details.issues` lists every problem. */
export class SceneInvalidError extends AppError {
  constructor(readonly issues: SceneIssue[]) {
    const first = issues[0];
    super('SCENE_INVALID', first ? `Invalid scene ${first.path || 'document'}: ${first.message}` : 'Invalid scene', { issues });
  }
}

/** Turns a zod error into a SceneInvalidError, naming each bad field by its path under `prefix`. */
export function sceneErrorFrom(error: z.ZodError, prefix: (string | number)[] = []): SceneInvalidError {
  return new SceneInvalidError(
    error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.'), message: i.message })),
  );
}
