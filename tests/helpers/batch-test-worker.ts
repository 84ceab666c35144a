// A BullMQ batch worker with test handlers, run as its own process by tests/job-queue-redis.test.ts:
// `REDIS_URL=… QUEUE_NAME=… node --import tsx tests/helpers/batch-test-worker.ts`. Prints `ready`
// when it takes jobs, `started:<streamId>` when a hanging handler runs, `aborted:<streamId>` when
// its signal fires; exits 0 after SIGTERM.
import pino from 'pino';
import { AppError, type BatchHandlers } from '@yunzhan/shared';
import { startBullmqWorker } from '@yunzhan/media-worker';

const redisUrl = process.env.REDIS_URL;
const queueName = process.env.QUEUE_NAME;
if (!redisUrl || !queueName) throw new Error('REDIS_URL and QUEUE_NAME are required');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const untilAborted = (signal: AbortSignal, streamId: string) =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => {
      process.stdout.write(`aborted:${streamId}\n`);
      reject(new Error('aborted'));
    }),
  );

const handlers: BatchHandlers = {
  'recording-publish': async (payload, ctx) => {
    if (payload.eventId === 'fail') throw new AppError('MEDIA_UNAVAILABLE', 'no recording');
    // `hang` runs until aborted; `hang-once` only on its first attempt.
    if (payload.eventId === 'hang' || (payload.eventId === 'hang-once' && ctx.attempt === 1)) {
      process.stdout.write(`started:${payload.streamId}\n`);
      ctx.progress(5);
      return untilAborted(ctx.signal, payload.streamId);
    }
    for (const p of [25, 50, 75]) {
      ctx.progress(p);
      await sleep(30);
    }
    return { replay: `/hls/${payload.streamId}/index.m3u8`, attempt: ctx.attempt };
  },
  'vod-hls': async (payload) => ({ assetId: payload.assetId }),
  'image-renditions': async (payload) => ({ assetId: payload.assetId }),
  'audio-aac': async (payload) => ({ assetId: payload.assetId }),
};

const worker = await startBullmqWorker({
  redisUrl,
  queueName,
  handlers,
  logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }),
  progressIntervalMs: 0,
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  worker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
