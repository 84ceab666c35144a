import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { InvalidStateError, JobPayloadSchemas, parseOrThrow, type Job, type JobHandle, type JobPayloads, type JobRunner, type JobType } from '@yunzhan/shared';
import { selectVideoEncoder, type VideoEncoderPreference } from '../encoders/registry';
import { defaultFfmpegPath } from '../ffmpeg/probe';
import { createLiveLadderDriver } from '../live/live-ladder-job';
import { LowLatencyRegistry } from '../llhls/registry';
import { createRehearsalSourceDriver } from '../rehearsal/rehearsal-source-job';
import { defaultLogger } from '../util/logger';
import type { JobContext, JobDriver, JobHandlers, RtpListenOptions } from './job-types';
import { ManagedJob, isFinalState } from './managed-job';

/** Options of the in-process job runner. */
export interface JobRunnerOptions {
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** ffmpeg binary. Default `FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /** Wait between a crash and the restart, in ms. Default 500. */
  restartDelayMs?: number;
  /** A job fails after this many crashes within `crashWindowMs`. Default 5. */
  maxCrashes?: number;
  /** Window for counting crashes, in ms. Default 60000. */
  crashWindowMs?: number;
  /** H.264 encoder: `auto` (NVENC when usable, else x264), `x264` or `h264_nvenc`. Default `auto`. */
  videoEncoder?: VideoEncoderPreference;
  /** Parent folder of the jobs' temporary folders. Default the OS temp folder. */
  workRoot?: string;
  /** Media folder: lives write to `<mediaDir>/hls/<streamId>/`. Default `<cwd>/.data/media`. */
  mediaDir?: string;
  /** Where live inputs listen for RTP. Default: any free port on 127.0.0.1. */
  rtp?: Partial<RtpListenOptions>;
  /** Base URL of the HTTP origin that serves this runner's `/hls/` (a media worker's). */
  origin?: string;
  /** The registry live packagers publish LL-HLS through. Default: a new one. */
  lowLatency?: LowLatencyRegistry;
}

/** The in-process JobRunner, with the registry its live packagers publish LL-HLS through. */
export interface LocalJobRunner extends JobRunner {
  /** Live LL-HLS streams of this runner's jobs, for the HTTP origin that serves them. */
  readonly lowLatency: LowLatencyRegistry;
}

const HANDLERS: JobHandlers = {
  'live-ladder': createLiveLadderDriver,
  'rehearsal-source': createRehearsalSourceDriver,
};

function driverFor<T extends JobType>(type: T, payload: JobPayloads[T], context: JobContext): JobDriver {
  return HANDLERS[type](payload, context);
}

function parsePayload<T extends JobType>(type: T, payload: unknown): JobPayloads[T] {
  return parseOrThrow(JobPayloadSchemas[type], payload) as JobPayloads[T];
}

/**
 * The in-process JobRunner: validates each payload with its schema, runs the job under a
 * supervisor (restart after a crash, give up after `maxCrashes` within `crashWindowMs`) and
 * stops every job on close.
 */
export function createJobRunner(options: JobRunnerOptions = {}): LocalJobRunner {
  const logger = options.logger ?? defaultLogger();
  const ffmpegPath = options.ffmpegPath ?? defaultFfmpegPath();
  const lowLatency = options.lowLatency ?? new LowLatencyRegistry();
  const bindHost = options.rtp?.bindHost ?? '127.0.0.1';
  const rtp: RtpListenOptions = { bindHost, advertiseHost: options.rtp?.advertiseHost ?? bindHost, ports: options.rtp?.ports };
  const mediaDir = path.resolve(options.mediaDir ?? path.join('.data', 'media'));
  const jobs = new Map<string, ManagedJob>();
  let closing: Promise<void> | undefined;

  const dispatch = (job: Job): JobHandle => {
    if (closing) throw new InvalidStateError('The job runner is closed');
    const type = job.type;
    if (!(type in HANDLERS)) throw new InvalidStateError(`Unknown job type: ${String(type)}`);
    const payload = parsePayload(type, job.payload);
    const id = `${type}-${randomUUID().slice(0, 8)}`;
    const jobLogger = logger.child({ job: id });
    const workDir = path.join(options.workRoot ?? os.tmpdir(), `yunzhan-${id}`);
    const context: JobContext = {
      id,
      logger: jobLogger,
      ffmpegPath,
      workDir,
      mediaDir,
      rtp,
      origin: options.origin,
      lowLatency,
      videoEncoder: () => selectVideoEncoder(options.videoEncoder ?? 'auto', ffmpegPath, logger),
      // Drivers emit only from their runs, after `managed` exists.
      emit: (event) => managed.emit(event),
    };
    const driver = driverFor(type, payload, context);
    const withWorkDir: JobDriver = {
      startRun: async (attempt) => {
        await fs.mkdir(workDir, { recursive: true });
        return driver.startRun(attempt);
      },
      finish: async (state) => {
        try {
          await driver.finish(state);
        } finally {
          await fs.rm(workDir, { recursive: true, force: true });
        }
      },
    };
    const managed = new ManagedJob(id, type, withWorkDir, {
      restartDelayMs: options.restartDelayMs ?? 500,
      maxCrashes: options.maxCrashes ?? 5,
      crashWindowMs: options.crashWindowMs ?? 60_000,
      logger: jobLogger,
    });
    jobs.set(id, managed);
    void managed.done.then((state) => {
      jobs.delete(id);
      jobLogger.info({ state }, 'job ended');
    });
    managed.start();
    jobLogger.info({ type }, 'job dispatched');
    return managed;
  };

  return {
    lowLatency,
    dispatch,
    active: () => [...jobs.values()].filter((j) => !isFinalState(j.state)),
    close: () => {
      closing ??= Promise.allSettled([...jobs.values()].map((j) => j.cancel())).then(() => undefined);
      return closing;
    },
  };
}
