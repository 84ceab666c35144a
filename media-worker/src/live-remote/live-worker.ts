import os from 'node:os';
import path from 'node:path';
import { Worker, type Job as BullJob } from 'bullmq';
import type { Logger } from 'pino';
import { JobPayloadSchemas, LiveControlMessage, parseOrThrow, type JobEvent, type JobHandle, type LiveListening, type LiveWorkerMessage } from '@yunzhan/shared';
import type { LocalJobRunner } from '../jobs/job-runner';
import { publishRecording } from '../recording/recording-publish';
import { withTimeout, CONNECT_TIMEOUT_MS } from '../queue/bullmq-common';
import {
  DEFAULT_LIVE_BASE,
  connectPubSub,
  LIVE_LOCK_MS,
  LIVE_STALLED_CHECK_MS,
  liveControlChannelOf,
  liveEventsChannelOf,
  liveQueueOf,
  parseMessage,
} from './remote-protocol';

/** How far a live got on the worker that had it, as kept with its job. */
function parseReached(value: unknown): { segments: number; discontinuitySequence: number } | undefined {
  const v = value as { segments?: unknown; discontinuitySequence?: unknown } | undefined;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1e9;
  return v && ok(v.segments) && ok(v.discontinuitySequence) ? { segments: v.segments, discontinuitySequence: v.discontinuitySequence } : undefined;
}

/** Options of a media worker's live side. */
export interface LiveWorkerOptions {
  redisUrl: string;
  /** Base of the queue and channel names (the deployment's REDIS_KEY_PREFIX). Default `yunzhan`. */
  base?: string;
  /** Runs the ladders in this process (its registry feeds this worker's HLS origin). */
  runner: LocalJobRunner;
  /** Media folder of the runner: recordings are published there. */
  mediaDir: string;
  /** Lives at once. Default 1. */
  concurrency?: number;
  /** Name of this worker in logs and events. Default `<hostname>:<pid>`. */
  name?: string;
  logger: Logger;
}

/** A media worker's live side, running. */
export interface LiveWorker {
  /** Lives running here now. */
  running(): { jobId: string; streamId: string; pid: number | undefined }[];
  /**
   * Stops taking lives and ends those running here without telling their servers, so that
   * their locks lapse and other workers take them (a graceful drain). Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Takes live ladders from the live queue (at most `concurrency` at once) and runs each on the
 * local runner until its server stops it; its events go back over Redis. A job another worker
 * held before (it died: its lock lapsed) starts with a `crashed` event, so the server shows the
 * live as recovering and sends its RTP to this worker's address.
 */
export async function startLiveWorker(options: LiveWorkerOptions): Promise<LiveWorker> {
  const base = options.base ?? DEFAULT_LIVE_BASE;
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const logger = options.logger.child({ component: 'live-worker', worker: name });
  const { publisher, subscriber } = await connectPubSub(options.redisUrl, logger);
  const running = new Map<string, { handle: JobHandle; streamId: string }>();
  let draining = false;

  const send = (jobId: string, message: LiveWorkerMessage) => {
    if (draining) return;
    publisher.publish(liveEventsChannelOf(base, jobId), JSON.stringify(message)).catch((err: unknown) => logger.warn({ err, job: jobId }, 'could not report to the server'));
  };

  subscriber.on('message', (channel: string, text: string) => {
    const jobId = channel.slice(`${base}:live:`.length, -':control'.length);
    const live = running.get(jobId);
    const message = parseMessage(LiveControlMessage, text);
    if (!live || !message) return;
    const act = message.cmd === 'stop' ? live.handle.stop() : live.handle.restart();
    act.then(
      () => send(jobId, { kind: 'ack', cmd: message.cmd, ok: true }),
      (err: unknown) => send(jobId, { kind: 'ack', cmd: message.cmd, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });

  const processor = async (job: BullJob): Promise<string> => {
    const jobId = job.id!;
    // What another worker recorded of where it listened is stale here; this worker says its own.
    const { listening: _stale, ...data } = job.data as { type?: unknown; payload?: unknown; reached?: unknown; listening?: unknown };
    const given = parseOrThrow(JobPayloadSchemas['live-ladder'], data.payload);
    // A live another worker had: go on after the last segment it finished (its open one may have
    // been seen in part by players), one discontinuity later.
    const reached = parseReached(data.reached);
    const payload = reached ? { ...given, resume: { mediaSequence: reached.segments + 1, discontinuitySequence: reached.discontinuitySequence + 1 } } : given;
    const control = liveControlChannelOf(base, jobId);
    await withTimeout(subscriber.subscribe(control), CONNECT_TIMEOUT_MS, 'could not subscribe to the live control channel');
    const log = logger.child({ job: jobId, streamId: payload.streamId });
    const handle = options.runner.dispatch({ type: 'live-ladder', payload });
    running.set(jobId, { handle, streamId: payload.streamId });
    const tookOver = (job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0;
    log.info({ tookOver }, tookOver ? 'live taken over from a worker that stopped' : 'live started');
    if (tookOver) {
      send(jobId, {
        kind: 'event',
        event: { type: 'crashed', attempt: job.attemptsStarted ?? 1, exitCode: null, signal: null, stderrTail: 'the media worker running this live stopped; another took it' },
        state: 'restarting',
        worker: name,
      });
    }
    // Kept with the job: how far the live got (for whichever worker continues it if this one
    // dies) and where it listens (for a web node that adopts it if the one sending RTP dies).
    const kept: { reached?: { segments: number; discontinuitySequence: number }; listening?: LiveListening } = {};
    const keep = () => {
      if (!draining) job.updateData({ ...data, ...kept }).catch((err: unknown) => log.warn({ err }, 'could not record the live with its job'));
    };
    const off = handle.onEvent((event: JobEvent) => {
      send(jobId, { kind: 'event', event, state: handle.state, ...(handle.pid ? { pid: handle.pid } : {}), worker: name });
      if (event.type === 'progress' && event.segments !== undefined) {
        kept.reached = { segments: event.segments, discontinuitySequence: event.discontinuitySequence ?? 0 };
        keep();
      } else if (event.type === 'rtp-listening') {
        kept.listening = { address: event.address, ports: event.ports, ...(event.origin ? { origin: event.origin } : {}) };
        keep();
      }
    });
    try {
      const state = await handle.done;
      if (!draining) {
        send(jobId, { kind: 'event', event: { type: 'state', state, attempt: 1 }, state, worker: name });
        if (state === 'completed') {
          // The live's files are here: its MP4 is made here too.
          await publishRecording({ eventId: payload.eventId, streamId: payload.streamId, streamDir: path.join(options.mediaDir, 'hls', payload.streamId) }, { signal: new AbortController().signal, progress: () => undefined, attempt: 1 }).catch((err: unknown) =>
            log.error({ err }, 'could not publish the recording'),
          );
        }
      }
      return state;
    } finally {
      off();
      running.delete(jobId);
      await subscriber.unsubscribe(control).catch(() => undefined);
    }
  };

  const worker = new Worker(liveQueueOf(base), processor, {
    connection: { url: options.redisUrl, maxRetriesPerRequest: null },
    concurrency: options.concurrency ?? 1,
    // A live holds its job as long as it runs; the lock is how other workers see this one die.
    lockDuration: LIVE_LOCK_MS,
    stalledInterval: LIVE_STALLED_CHECK_MS,
    maxStalledCount: 1000,
    name,
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'live worker error'));
  worker.on('failed', (job, err) => logger.warn({ job: job?.id, error: err.message }, 'live job failed'));
  await worker.waitUntilReady();
  logger.info({ queue: liveQueueOf(base), concurrency: options.concurrency ?? 1 }, 'taking live ladders');

  let closing: Promise<void> | undefined;
  return {
    running: () => [...running].map(([jobId, l]) => ({ jobId, streamId: l.streamId, pid: l.handle.pid })),
    close: () => {
      closing ??= (async () => {
        draining = true;
        // Force: the lives are not finished here; their locks lapse and other workers take them.
        await worker.close(true).catch(() => undefined);
        await Promise.allSettled([...running.values()].map((l) => l.handle.stop()));
        subscriber.disconnect();
        publisher.disconnect();
      })();
      return closing;
    },
  };
}
