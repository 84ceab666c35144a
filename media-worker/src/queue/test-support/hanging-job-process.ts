// A process whose batch handler never finishes, for the restart test to SIGKILL mid-job:
// `node --import tsx hanging-job-process.ts <queue file> <job id>`; prints `active` once it runs.
import pino from 'pino';
import type { BatchHandlers } from '@yunzhan/shared';
import { createSqliteJobQueue } from '../sqlite-job-queue';

const [file, id] = process.argv.slice(2);
if (!file || !id) throw new Error('usage: hanging-job-process.ts <queue file> <job id>');
const hang = () => new Promise<never>(() => {});
const handlers: BatchHandlers = { 'vod-hls': hang, 'recording-publish': hang, 'image-renditions': hang, 'audio-aac': hang };
const queue = createSqliteJobQueue({ file, handlers, logger: pino({ level: 'silent' }) });
queue.onUpdate((job) => {
  if (job.id === id && job.state === 'active') process.stdout.write('active\n');
});
await queue.enqueue({ type: 'recording-publish', payload: { eventId: 'ev-1', streamId: 'crash', streamDir: '/tmp/crash' } }, { id });
