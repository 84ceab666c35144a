import type { Logger } from 'pino';
import type { JobEvent, JobPayloads, JobState, JobType } from '@yunzhan/shared';
import type { VideoEncoder } from '../encoders/video-encoder';
import type { LowLatencyRegistry } from '../llhls/registry';
import type { ProcessExit } from '../ffmpeg/ffmpeg-error';

/** One run of a job's process: started by a driver, supervised by the job. */
export interface JobRun {
  /** Pid of the run's process while it runs. */
  readonly pid: number | undefined;
  /** Resolves (never rejects) once the run has exited and its outputs are settled. */
  readonly ended: Promise<ProcessExit>;
  /** The last lines of the process's stderr. */
  stderrTail(): string;
  /** Ends the run cleanly (outputs finished) and waits for it. Idempotent. */
  stop(): Promise<ProcessExit>;
  /** Kills the run at once and waits for it. Idempotent. */
  kill(): Promise<ProcessExit>;
}

/** What a job type does; the job supervises its runs (restarts, give-up, stop). */
export interface JobDriver {
  /**
   * Starts run `attempt` (1-based; a new run after each crash). Rejects when the run could not
   * start (counted as a crash); it must then leave no process behind.
   */
  startRun(attempt: number): Promise<JobRun>;
  /** Called once, after the last run, with the final state: finish outputs, release resources. */
  finish(state: JobState): Promise<void>;
}

/** What a driver gets from the runner. */
export interface JobContext {
  readonly id: string;
  readonly logger: Logger;
  /** ffmpeg binary. */
  readonly ffmpegPath: string;
  /** A folder for the job's temporary files (created before the first run, removed after finish). */
  readonly workDir: string;
  /** Media folder: a live writes its HLS to `<mediaDir>/hls/<streamId>/`. */
  readonly mediaDir: string;
  /** Where live inputs listen for RTP: the bind address and, when set, the UDP port range. */
  readonly rtp: RtpListenOptions;
  /** Base URL of the HTTP origin serving this runner's `/hls/`; absent in-process. */
  readonly origin: string | undefined;
  /** The runner's registry of live LL-HLS streams (answered by its origin). */
  readonly lowLatency: LowLatencyRegistry;
  /** The H.264 encoder chosen for this machine. */
  videoEncoder(): Promise<VideoEncoder>;
  /** Reports an event to the job's listeners. */
  emit(event: JobEvent): void;
}

/** Builds the driver of a job of type `T`. */
export type JobHandler<T extends JobType> = (payload: JobPayloads[T], context: JobContext) => JobDriver;

/** The handler of every job type: the compiler finds a missing one. */
export type JobHandlers = { [T in JobType]: JobHandler<T> };

/** Where a live ladder's RTP sockets are bound and what address the SFU is told. */
export interface RtpListenOptions {
  /** Address the sockets bind to. Default `127.0.0.1`. */
  bindHost: string;
  /** Address the SFU sends to (the worker's advertised address). Default `bindHost`. */
  advertiseHost: string;
  /** UDP port range for the sockets; absent: any free port. */
  ports?: { min: number; max: number } | undefined;
}
