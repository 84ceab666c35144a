import type { AwardReveal } from '@yunzhan/shared';

// A reveal is pressed at a moment of the host's picture (`at`, the server's clock); a viewer's
// picture reaches that moment later (about 1.5 s on LL-HLS, 5 s on standard HLS, any time in a
// paused live). The overlay waits for it, so it never announces the winner before the host does.

/** The reveals the picture has reached (in the order they came) and those still ahead of it. */
export function takeDue(pending: readonly AwardReveal[], pictureMs: number | null): { due: AwardReveal[]; waiting: AwardReveal[] } {
  // No picture, or one that does not say when it was captured: nothing to wait for.
  if (pictureMs === null) return { due: [...pending], waiting: [] };
  const due: AwardReveal[] = [];
  const waiting: AwardReveal[] = [];
  // A time that does not parse is not waited for.
  for (const r of pending) (Date.parse(r.at) > pictureMs ? waiting : due).push(r);
  return { due, waiting };
}
