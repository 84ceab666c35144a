import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import {
  InvalidStateError,
  JobPayloadSchemas,
  LiveListening,
  LiveWorkerMessage,
  parseOrThrow,
  type Job,
  type JobEvent,
  type JobHandle,
  type JobRunner,
  type JobState,
  type JobType,
  type LiveInputStream,
} from '@yunzhan/shared';
import { withTimeout } from '../queue/bullmq-common';
import { liveOwnership, type LiveOwnership } from './live-ownership';
import { DEFAULT_LIVE_BASE, connectPubSub, isFinalJobState, liveControlChannelOf, liveEventsChannelOf, liveQueueOf, parseMessage } from './remote-protocol';

/** Options of the remote live runner (the server's side of LIVE_WORKERS=remote). */
export interface RemoteLiveRunnerOptions {
  redisUrl: string;
  /** Base of the queue and channel names (the deployment's REDIS_KEY_PREFIX). Default `yunzhan`. */
  base?: string;
  logger: Logger;
  /** How long stop() waits for the worker to finish the live, in ms. Default 30 000. */
  stopTimeoutMs?: number;
  /** This web node's name in the live holds (`ownership`). Default `<hostname>:<pid>`. */
  node?: string;
}

/** A live another node started, now followed by this one (`adopt`). */
export interface AdoptedLive {
  handle: JobHandle;
  /** The ladder's input description: a new pipe must match it. */
  input: LiveInputStream[];
  /** Where the ladder listens and serves, when the worker running it said so. */
  listening: LiveListening | undefined;
}

/** A live ladder running on a media worker, seen from the server that dispatched it. */
class RemoteJobHandle implements JobHandle {
  readonly type: JobType = 'live-ladder';
  private current: JobState = 'starting';
  private currentPid: number | undefined;
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly acks = new Map<string, (ok: boolean, error?: string) => void>();
  private settle!: (state: JobState) => void;
  readonly done = new Promise<JobState>((resolve) => (this.settle = resolve));
  /** The worker running the job now (it changes after a failover). */
  worker: string | undefined;

  constructor(
    readonly id: string,
    taken: boolean,
    private readonly command: (cmd: 'stop' | 'restart') => Promise<void>,
    private readonly dequeue: () => Promise<boolean>,
    private readonly stopTimeoutMs: number,
  ) {
    if (taken) this.current = 'running';
  }

  get state(): JobState {
    return this.current;
  }
  get pid(): number | undefined {
    return this.currentPid;
  }

  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A message from the worker. */
  receive(message: LiveWorkerMessage): void {
    if (isFinalJobState(this.current)) return;
    if (message.kind === 'ack') {
      this.acks.get(message.cmd)?.(message.ok, message.error);
      return;
    }
    this.worker = message.worker;
    this.current = message.state;
    this.currentPid = message.pid;
    for (const l of this.listeners) l(message.event);
    if (isFinalJobState(message.state)) this.finish(message.state);
  }

  /** Ends the handle (the job's final state is known, or its queue entry is gone). */
  finish(state: JobState): void {
    this.current = state;
    this.currentPid = undefined;
    for (const ack of this.acks.values()) ack(false, `the job ended (${state})`);
    this.acks.clear();
    this.settle(state);
  }

  private async ask(cmd: 'stop' | 'restart'): Promise<void> {
    const answered = new Promise<void>((resolve, reject) => {
      this.acks.set(cmd, (ok, error) => {
        this.acks.delete(cmd);
        if (ok) resolve();
        else reject(new InvalidStateError(error ?? `${cmd} failed`));
      });
    });
    await this.command(cmd);
    await withTimeout(answered, this.stopTimeoutMs, `the media worker did not answer ${cmd} within ${this.stopTimeoutMs} ms`);
  }

  async stop(): Promise<void> {
    if (isFinalJobState(this.current)) return;
    // Not taken by any worker yet: take it out of the queue.
    if (await this.dequeue()) {
      this.finish('cancelled');
      return;
    }
    try {
      await this.ask('stop');
      await withTimeout(this.done, this.stopTimeoutMs, 'the live did not end in time');
    } catch (err) {
      if (!isFinalJobState(this.current)) throw err;
    }
  }

  async restart(): Promise<void> {
    if (isFinalJobState(this.current)) throw new InvalidStateError('The job has ended');
    await this.ask('restart');
  }
}

/** The server's JobRunner with LIVE_WORKERS=remote, plus what the server needs to close it. */
export interface RemoteLiveRunner extends JobRunner {
  /** The worker running a job now, by job id (for health and tests). */
  workerOf(jobId: string): string | undefined;
  /** Stream ids of the lives queued or running on media workers now, whichever server started them. */
  runningStreams(): Promise<Set<string>>;
  /**
   * Follows the live ladder of `streamId` that another node dispatched (it died): its events
   * come here from now on and `stop()`/`restart()` reach its worker. Undefined when no worker
   * runs it and it waits in no queue. Hold the live (`ownership`) first.
   */
  adopt(streamId: string): Promise<AdoptedLive | undefined>;
  /**
   * Stops following a job without stopping it (this node hands its live over as it shuts down):
   * its ladder goes on on its worker for whichever node adopts it.
   */
  forget(handle: JobHandle): void;
  /** Which node holds which live. */
  readonly ownership: LiveOwnership;
}

/**
 * Dispatches `live-ladder` jobs to media workers (`npm run worker`) through a BullMQ queue and
 * follows them over Redis pub/sub: the handle's events are the worker's, `stop()` and
 * `restart()` are commands the worker answers. Payloads are validated here before they leave.
 */
export async function createRemoteLiveRunner(options: RemoteLiveRunnerOptions): Promise<RemoteLiveRunner> {
  const base = options.base ?? DEFAULT_LIVE_BASE;
  const logger = options.logger;
  const { publisher, subscriber } = await connectPubSub(options.redisUrl, logger);
  const queue = new Queue(liveQueueOf(base), { connection: { url: options.redisUrl, maxRetriesPerRequest: null } });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'live queue error'));
  const handles = new Map<string, RemoteJobHandle>();
  let closing: Promise<void> | undefined;

  subscriber.on('message', (channel: string, text: string) => {
    const id = channel.slice(`${base}:live:`.length, -':events'.length);
    const handle = handles.get(id);
    if (!handle) return;
    const message = parseMessage(LiveWorkerMessage, text);
    if (!message) {
      logger.warn({ job: id }, 'ignored a malformed message from a media worker');
      return;
    }
    handle.receive(message);
  });

  // A handle following job `id`, its events channel subscribed when the promise resolves.
  const follow = (id: string, taken: boolean): { handle: RemoteJobHandle; subscribed: Promise<unknown> } => {
    const channel = liveEventsChannelOf(base, id);
    const handle = new RemoteJobHandle(
      id,
      taken,
      async (cmd) => {
        await publisher.publish(liveControlChannelOf(base, id), JSON.stringify({ cmd }));
      },
      async () => {
        const queued = await queue.getJob(id);
        if (!queued || !(await queued.isWaiting())) return false;
        await queued.remove().catch(() => undefined);
        return !(await queue.getJob(id));
      },
      options.stopTimeoutMs ?? 30_000,
    );
    handles.set(id, handle);
    void handle.done.then(() => {
      handles.delete(id);
      void subscriber.unsubscribe(channel).catch(() => undefined);
    });
    return { handle, subscribed: subscriber.subscribe(channel) };
  };

  const dispatch = (job: Job): JobHandle => {
    if (closing) throw new InvalidStateError('The job runner is closed');
    if (job.type !== 'live-ladder') throw new InvalidStateError(`Only live ladders run on media workers, not ${job.type}`);
    const payload = parseOrThrow(JobPayloadSchemas['live-ladder'], job.payload);
    const id = `live-ladder-${randomUUID().slice(0, 8)}`;
    const { handle, subscribed } = follow(id, false);
    // Subscribed before the job is queued: no event of it can be missed.
    void subscribed
      .then(() =>
        queue.add('live-ladder', { type: 'live-ladder', payload }, { jobId: id, attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } }),
      )
      .then(() => logger.info({ job: id, streamId: payload.streamId }, 'live ladder queued for a media worker'))
      .catch((err: unknown) => {
        logger.error({ err, job: id }, 'could not queue the live ladder');
        handle.receive({ kind: 'event', event: { type: 'state', state: 'failed', attempt: 1, error: 'could not reach the media workers (Redis)' }, state: 'failed', worker: '' });
      });
    return handle;
  };

  const ownership = liveOwnership({ redis: publisher, base, node: options.node ?? `${os.hostname()}:${process.pid}`, logger });

  const adopt = async (streamId: string): Promise<AdoptedLive | undefined> => {
    if (closing) throw new InvalidStateError('The job runner is closed');
    const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
    const job = jobs.find((j) => (j?.data as { payload?: { streamId?: unknown } } | undefined)?.payload?.streamId === streamId);
    if (!job?.id) return undefined;
    const data = job.data as { payload?: unknown; listening?: unknown };
    const payload = JobPayloadSchemas['live-ladder'].safeParse(data.payload);
    if (!payload.success) return undefined;
    const listening = LiveListening.safeParse(data.listening);
    const found = { input: payload.data.input, listening: listening.success ? listening.data : undefined };
    const existing = handles.get(job.id);
    if (existing && !isFinalJobState(existing.state)) return { handle: existing, ...found };
    const { handle, subscribed } = follow(job.id, await job.isActive());
    await withTimeout(subscribed, 5000, 'could not follow the live ladder (Redis)');
    logger.info({ job: job.id, streamId }, 'following a live ladder another node started');
    return { handle, ...found };
  };

  const forget = (handle: JobHandle): void => {
    if (handles.get(handle.id) !== handle) return;
    handles.delete(handle.id);
    void subscriber.unsubscribe(liveEventsChannelOf(base, handle.id)).catch(() => undefined);
  };

  return {
    dispatch,
    adopt,
    forget,
    ownership,
    active: () => [...handles.values()].filter((h) => !isFinalJobState(h.state)),
    workerOf: (jobId) => handles.get(jobId)?.worker,
    runningStreams: async () => {
      const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
      return new Set(jobs.flatMap((j) => {
        const streamId = (j?.data as { payload?: { streamId?: unknown } } | undefined)?.payload?.streamId;
        return typeof streamId === 'string' ? [streamId] : [];
      }));
    },
    close: () => {
      closing ??= (async () => {
        ownership.close();
        await Promise.allSettled([...handles.values()].map((h) => h.stop()));
        for (const h of handles.values()) h.finish('cancelled');
        await queue.close().catch(() => undefined);
        subscriber.disconnect();
        publisher.disconnect();
      })();
      return closing;
    },
  };
}
