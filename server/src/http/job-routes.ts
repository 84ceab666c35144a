import { Router } from 'express';
import { z } from 'zod';
import { BatchJobPayloadSchemas, BatchJobState, NotFoundError, parseOrThrow, type BatchJobQueue, type BatchJobType } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';

const BatchJobTypeName = z.enum(Object.keys(BatchJobPayloadSchemas) as [BatchJobType, ...BatchJobType[]]);

/** Query of `GET /api/jobs`: optional state and type filters, at most `limit` jobs (1..1000, default 100). */
const JobListQuery = z.object({
  state: BatchJobState.optional(),
  type: BatchJobTypeName.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
/** A job id in a path; the queue answers NOT_FOUND for ids it does not know. */
const JobIdParam = z.string().min(1).max(128);

/** GET /api/jobs, GET /api/jobs/:id, POST /api/jobs/:id/cancel: the batch job list for admins. */
export function jobRoutes(queue: BatchJobQueue, sessions: SessionManager): Router {
  const router = Router();
  // Mounted at /api/jobs (index.ts): the paths below are relative to it.
  const admin = async (cookie: string | undefined, action: 'jobs:read' | 'jobs:cancel') => {
    authorize(await sessions.user(readCookie(cookie, SESSION_COOKIE)), action);
  };
  router.get('/', async (req, res) => {
    await admin(req.headers.cookie, 'jobs:read');
    const query = parseOrThrow(JobListQuery, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await queue.list(query));
  });
  router.get('/:id', async (req, res) => {
    await admin(req.headers.cookie, 'jobs:read');
    const id = parseOrThrow(JobIdParam, req.params.id);
    const job = await queue.get(id);
    if (!job) throw new NotFoundError(`Job ${id}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(job);
  });
  router.post('/:id/cancel', async (req, res) => {
    await admin(req.headers.cookie, 'jobs:cancel');
    const id = parseOrThrow(JobIdParam, req.params.id);
    res.json(await queue.cancel(id));
  });
  return router;
}
