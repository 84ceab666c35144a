import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobState } from '@yunzhan/shared';
import { connectRedis } from '../queue/bullmq-common';

// Live ladders on media worker hosts (LIVE_WORKERS=remote). A server adds the job to a BullMQ
// queue; a worker with room takes it (its lock, renewed while the live runs, is how the others
// learn that it died: BullMQ's stalled check hands the job to another worker). Events flow back
// and commands flow out over two Redis pub/sub channels per job. Everything read from Redis is
// parsed with the schemas below: a bad message is logged and dropped, never trusted.

/** Default base name of the live queue and channels; a deployment's REDIS_KEY_PREFIX replaces it. */
export const DEFAULT_LIVE_BASE = 'yunzhan';
/** The BullMQ queue live ladders wait in. */
export const liveQueueOf = (base: string) => `${base}-live`;
/** Worker → server: the job's events. */
export const liveEventsChannelOf = (base: string, jobId: string) => `${base}:live:${jobId}:events`;
/** Server → worker: stop and restart. */
export const liveControlChannelOf = (base: string, jobId: string) => `${base}:live:${jobId}:control`;

/**
 * How long a worker's hold on a live lasts without renewal, in ms (renewed every half of it).
 * With the stalled check every `LIVE_STALLED_CHECK_MS`, another worker takes a dead worker's live
 * within about 4 s.
 */
export const LIVE_LOCK_MS = 3000;
/** How often workers look for lives whose worker stopped renewing, in ms. */
export const LIVE_STALLED_CHECK_MS = 1000;

/** The two Redis connections of either side: one to publish, one to subscribe (a subscribed connection can do nothing else). */
export async function connectPubSub(url: string, logger: Logger): Promise<{ publisher: Redis; subscriber: Redis }> {
  const publisher = await connectRedis(url, logger, null);
  try {
    return { publisher, subscriber: await connectRedis(url, logger, null) };
  } catch (err) {
    publisher.disconnect();
    throw err;
  }
}

/** True for a state a job does not leave. */
export const isFinalJobState = (s: JobState) => s === 'completed' || s === 'failed' || s === 'cancelled';

/** Parses a JSON message with `schema`; undefined (and nothing thrown) when it is not one. */
export function parseMessage<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, text: string): T | undefined {
  if (text.length > 64_000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
