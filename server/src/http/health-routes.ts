import { Router, type Request } from 'express';
import type { StoreHealth } from '../db/store';
import type { MediaHealth } from '../live/media-health';
import type { WorkerHealth } from '../sfu/worker-pool';

/** What /healthz reports. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  database: StoreHealth;
  mediasoup: { ok: boolean; workers: WorkerHealth[] };
  ffmpeg: { ok: boolean; version: string | null; error?: string };
  media: MediaHealth;
}

/** Sources /healthz asks. */
export interface HealthSources {
  database: () => Promise<StoreHealth>;
  workers: () => WorkerHealth[];
  ffmpeg: () => Promise<{ version: string }>;
  media: () => Promise<MediaHealth>;
  /** Whether a request may see the details (admins, and direct requests from this machine). */
  mayReadDetails: (req: Request) => Promise<boolean>;
}

/**
 * GET /healthz: 200 only when the database, every mediasoup worker, ffmpeg and the media folder are
 * usable. Anyone gets `{ status }` (what a load balancer needs); the details — paths, versions,
 * worker pids, free space — only admins and direct requests from loopback (an operator's curl).
 */
export function healthRoutes(sources: HealthSources): Router {
  const router = Router();
  // Mounted at /healthz (index.ts): the paths below are relative to it.
  router.get('/', async (req, res) => {
    const database = await sources.database();
    const workers = sources.workers();
    let ffmpeg: HealthReport['ffmpeg'];
    try {
      ffmpeg = { ok: true, version: (await sources.ffmpeg()).version };
    } catch (err) {
      ffmpeg = { ok: false, version: null, error: (err as Error).message };
    }
    const mediasoup = { ok: workers.length > 0 && workers.every((w) => w.alive), workers };
    const media = await sources.media();
    const ok = database.ok && mediasoup.ok && ffmpeg.ok && media.ok;
    const report: HealthReport = { status: ok ? 'ok' : 'degraded', database, mediasoup, ffmpeg, media };
    res.setHeader('Cache-Control', 'no-store');
    // Who is asking is looked up in the database: when that is down, a non-local caller gets the bare status.
    const details = await sources.mayReadDetails(req).catch(() => false);
    res.status(ok ? 200 : 503).json(details ? report : { status: report.status });
  });
  return router;
}
