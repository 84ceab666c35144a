// Entry of `npm run worker`: takes batch jobs (VOD transcodes, recording publishes) from Redis
// and runs them on this machine. The server enqueues them when it runs with the same REDIS_URL.
import pino from 'pino';
import { createBatchHandlers } from './queue/handlers';
import { redactRedisUrl } from './queue/bullmq-common';
import { startBullmqWorker } from './queue/bullmq-worker';
import { holdParsePool } from './safe-parse/upload-parse-pool';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function fail(message: string): never {
  console.error(`yunzhan worker: ${message}`);
  process.exit(2);
}

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) fail('REDIS_URL is required (e.g. REDIS_URL=redis://127.0.0.1:6379 npm run worker)');
const concurrencyText = process.env.CONCURRENCY ?? '1';
const concurrency = Number(concurrencyText);
if (!Number.isInteger(concurrency) || concurrency < 1) fail(`CONCURRENCY must be a positive integer (jobs of each type at once), got "${concurrencyText}"`);
const level = process.env.LOG_LEVEL ?? 'info';
if (!LOG_LEVELS.includes(level)) fail(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);

const logger = pino({ name: 'media-worker', level, base: undefined });
try {
  const worker = await startBullmqWorker({ redisUrl, handlers: createBatchHandlers({ logger }), concurrency, logger });
  // The handlers probe their sources again: the parse threads live as long as the worker.
  const releaseParsePool = holdParsePool();
  logger.info({ redis: redactRedisUrl(redisUrl), concurrency }, 'yunzhan worker started');
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping; running jobs go back to the queue');
    worker
      .close()
      .then(releaseParsePool)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'worker did not close cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
