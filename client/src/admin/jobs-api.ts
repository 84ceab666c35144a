import { BatchJobRecord } from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

// The batch job queue as admins see it (server/src/http/job-routes.ts), parsed with the shared schema.

/** GET /api/jobs?limit=n: the newest jobs. */
export async function fetchJobs(limit: number): Promise<BatchJobRecord[]> {
  return fetchJson(`/api/jobs?limit=${limit}`, BatchJobRecord.array());
}

/** POST /api/jobs/:id/cancel: the job, cancelled. */
export async function cancelJob(id: string): Promise<BatchJobRecord> {
  return fetchJson(`/api/jobs/${encodeURIComponent(id)}/cancel`, BatchJobRecord, { method: 'POST' });
}
