// Entry of `npm run worker`: a media worker host. It takes batch jobs (uploads to process, fetched
// from the node that took them) and live ladders from Redis and runs them on this machine; their
// output is served by this worker's own origin, which every web node proxies `/hls/<id>/` and
// `/media/<id>/` to. Servers send it
// work when they run with the same REDIS_URL (and LIVE_WORKERS=remote for lives).
import path from 'node:path';
import pino from 'pino';
import { createJobRunner } from './jobs/job-runner';
import { startLiveWorker } from './live-remote/live-worker';
import { LowLatencyRegistry } from './llhls/registry';
import { startHlsOrigin } from './origin/hls-origin';
import { createBatchHandlers } from './queue/handlers';
import { portableAssetHandlers } from './queue/portable-assets';
import { redactRedisUrl } from './queue/bullmq-common';
import { startBullmqWorker } from './queue/bullmq-worker';
import { holdParsePool } from './safe-parse/upload-parse-pool';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function fail(message: string): never {
  console.error(`yunzhan worker: ${message}`);
  process.exit(2);
}

function portOf(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} must be a port number (0-65535), got "${text}"`);
  return port;
}

const env = process.env;
const redisUrl = env.REDIS_URL;
if (!redisUrl) fail('REDIS_URL is required (e.g. REDIS_URL=redis://127.0.0.1:6379 npm run worker)');
const concurrencyText = env.CONCURRENCY ?? '1';
const concurrency = Number(concurrencyText);
if (!Number.isInteger(concurrency) || concurrency < 1) fail(`CONCURRENCY must be a positive integer (jobs of each type at once), got "${concurrencyText}"`);
const level = env.LOG_LEVEL ?? 'info';
if (!LOG_LEVELS.includes(level)) fail(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
const host = env.HOST || '127.0.0.1';
const port = portOf('PORT', 8090);
const advertiseHost = env.WORKER_ADVERTISE_HOST || host;
if (advertiseHost === '0.0.0.0' || advertiseHost === '::') fail(`WORKER_ADVERTISE_HOST must be an address servers can reach (HOST is ${host})`);
const dataDir = path.resolve(env.DATA_DIR || '.data-worker');
const mediaDir = path.resolve(env.MEDIA_DIR || path.join(dataDir, 'media'));
// Incoming RTP from the SFU nodes: a range to open in the firewall (to the web nodes only).
const rtpMin = portOf('RTP_MIN_PORT', 42000);
const rtpMax = portOf('RTP_MAX_PORT', 42999);
if (rtpMin < 1 || rtpMin > rtpMax) fail(`RTP_MIN_PORT must be at least 1 and at most RTP_MAX_PORT (${rtpMin}-${rtpMax})`);
const base = env.REDIS_KEY_PREFIX || 'yunzhan';
if (!/^[A-Za-z0-9:_-]{1,64}$/.test(base)) fail('REDIS_KEY_PREFIX: letters, digits, : _ - only');

const logger = pino({ name: 'media-worker', level, base: undefined });
try {
  const streams = new LowLatencyRegistry();
  const origin = await startHlsOrigin({ host, port, advertiseHost, mediaDir, streams, logger });
  const liveRunner = createJobRunner({
    logger: logger.child({ component: 'live' }),
    mediaDir,
    workRoot: path.join(dataDir, 'tmp'),
    rtp: { bindHost: host, advertiseHost, ports: { min: rtpMin, max: rtpMax } },
    origin: origin.url,
    lowLatency: streams,
  });
  // Uploads enqueued on the web nodes: sources fetched from them, outputs served by this origin.
  const handlers = portableAssetHandlers(createBatchHandlers({ logger }), { mediaDir, workDir: path.join(dataDir, 'tmp'), origin: () => origin.url });
  const batch = await startBullmqWorker({ redisUrl, queueName: `${base}-batch`, handlers, concurrency, logger });
  const live = await startLiveWorker({ redisUrl, base, runner: liveRunner, mediaDir, concurrency, logger });
  // The handlers probe their sources again: the parse threads live as long as the worker.
  const releaseParsePool = holdParsePool();
  logger.info({ redis: redactRedisUrl(redisUrl), concurrency, origin: origin.url, mediaDir }, 'yunzhan worker started');
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping; running jobs go back to the queue, lives to other workers');
    Promise.all([batch.close(), live.close()])
      .then(() => liveRunner.close())
      .then(() => origin.close())
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
