// A process whose batch handler never finishes, for the restart tests to SIGKILL mid-job:
// `node --import tsx hanging-job-process.ts <openDatabase target as JSON> <job id> <lease ms>`;
// prints `active` once the job runs. It opens the database as a server does (server/src/db).
import pino from 'pino';
import type { BatchHandlers } from '@yunzhan/shared';
import { openDatabase } from '../../../../server/src/db/database';
import { createDbJobQueue } from '../db-job-queue';
import type { JobTables } from '../job-store';
import type { Kysely } from 'kysely';

const [target, id, lease] = process.argv.slice(2);
if (!target || !id || !lease) throw new Error('usage: hanging-job-process.ts <target json> <job id> <lease ms>');
const database = await openDatabase({ ...(JSON.parse(target) as { url?: string; sqliteFile?: string }), migrate: false });
const hang = () => new Promise<never>(() => {});
const handlers: BatchHandlers = { 'vod-hls': hang, 'recording-publish': hang, 'image-renditions': hang, 'audio-aac': hang };
const queue = createDbJobQueue({ db: database.db as unknown as Kysely<JobTables>, engine: database.engine, handlers, leaseMs: Number(lease), logger: pino({ level: 'silent' }) });
queue.onUpdate((job) => {
  if (job.id === id && job.state === 'active') process.stdout.write('active\n');
});
await queue.enqueue({ type: 'recording-publish', payload: { eventId: 'ev-1', streamId: 'crash', streamDir: '/tmp/crash' } }, { id });
