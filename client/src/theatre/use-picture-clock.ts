import { useCallback, useEffect, useState } from 'react';

/** How often a waiting moment checks the picture again, in ms. */
const TICK_MS = 200;

/**
 * Whether the viewer's picture has reached a moment (an ISO time of the server's clock): true
 * at once without a picture that says when it was captured. While any of `moments` is still
 * ahead of the picture this re-renders every 200 ms, and not at all otherwise.
 */
export function usePictureReached(moments: readonly string[], pictureTime: () => number | null): (moment: string) => boolean {
  const [, setTick] = useState(0);
  const clock = pictureTime();
  const ahead = clock !== null && moments.some((m) => Date.parse(m) > clock);
  useEffect(() => {
    if (!ahead) return;
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [ahead]);
  return useCallback((moment: string) => clock === null || !(Date.parse(moment) > clock), [clock]);
}
