import { z } from 'zod';

/** One rung of the HLS ladder. */
export const Rendition = z.object({
  /** Folder and label, e.g. `720p`. */
  name: z.string().regex(/^[a-z0-9]+$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Target video bitrate in kbit/s. */
  videoKbps: z.number().int().positive(),
  /** AAC bitrate in kbit/s. */
  audioKbps: z.number().int().positive(),
});
export type Rendition = z.infer<typeof Rendition>;

/** The default live ladder: 720p, 480p and 360p H.264 with AAC. */
export const DEFAULT_LADDER: readonly Rendition[] = [
  { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 },
  { name: '480p', width: 854, height: 480, videoKbps: 1200, audioKbps: 96 },
  { name: '360p', width: 640, height: 360, videoKbps: 700, audioKbps: 64 },
];

/**
 * One RTP stream the SFU sends to a live ladder, as structured data (no SDP text crosses hosts):
 * the worker builds ffmpeg's SDP from it on its own machine.
 */
export const LiveInputStream = z.object({
  kind: z.enum(['audio', 'video']),
  payloadType: z.number().int().min(0).max(127),
  /** Codec name as in `a=rtpmap`, e.g. `VP8`, `H264`, `opus`. */
  codec: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/),
  /** Clock rate in Hz. */
  clockRate: z.number().int().positive().max(1_000_000),
  /** Audio channels (opus: 2). */
  channels: z.number().int().min(1).max(8).optional(),
  /** `a=fmtp` parameters, e.g. `packetization-mode=1;profile-level-id=42e01f`. */
  fmtp: z.string().regex(/^[A-Za-z0-9=;._+/ -]{0,512}$/).optional(),
  /** SSRC of the SFU's first consumer (for logs and checks; a returning publisher brings a new one). */
  ssrc: z.number().int().min(0).max(0xffffffff),
});
export type LiveInputStream = z.infer<typeof LiveInputStream>;

/**
 * Payload of a `live-ladder` job: receive the RTP streams described by `input` on ports the
 * worker chooses (reported with an `rtp-listening` event), write an fMP4 HLS ladder under the
 * worker's media folder (`hls/<streamId>/`), served as `/hls/<streamId>/`.
 */
export const LiveLadderPayload = z.object({
  streamId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  eventId: z.string().min(1).max(200),
  /** One video stream and at most one audio stream; video first. */
  input: z
    .array(LiveInputStream)
    .min(1)
    .max(2)
    .refine((s) => s.filter((x) => x.kind === 'video').length === 1 && s.filter((x) => x.kind === 'audio').length <= 1, {
      message: 'One video stream and at most one audio stream',
    }),
  renditions: z.array(Rendition).min(1),
  /** Target segment length in seconds. Default 2. */
  segmentSeconds: z.number().positive().default(2),
  /**
   * Set when another worker had this live before (it died): the playlists go on from this media
   * sequence number and discontinuity sequence, so players continue after a discontinuity.
   */
  resume: z
    .object({ mediaSequence: z.number().int().nonnegative(), discontinuitySequence: z.number().int().nonnegative() })
    .optional(),
});
export type LiveLadderPayload = z.infer<typeof LiveLadderPayload>;

/** Where a live ladder listens for one input stream's RTP and RTCP (same order as `input`). */
export const RtpListenPorts = z.object({
  rtp: z.number().int().min(1).max(65535),
  rtcp: z.number().int().min(1).max(65535),
});
export type RtpListenPorts = z.infer<typeof RtpListenPorts>;

/** Where one RTP stream of the rehearsal source must be sent. */
export const RtpTarget = z.object({
  ip: z.string(),
  port: z.number().int().min(1).max(65535),
  rtcpPort: z.number().int().min(1).max(65535).optional(),
  payloadType: z.number().int().min(0).max(127),
  ssrc: z.number().int().nonnegative(),
});
export type RtpTarget = z.infer<typeof RtpTarget>;

/** Payload of a `rehearsal-source` job: an ffmpeg test pattern with tone, sent as RTP to the SFU. */
export const RehearsalSourcePayload = z.object({
  eventId: z.string(),
  /** H.264 video, 1280x720. */
  video: RtpTarget,
  /** Opus audio, 48 kHz stereo. */
  audio: RtpTarget,
  /** Frames per second. Default 30. */
  fps: z.number().int().min(1).max(60).default(30),
});
export type RehearsalSourcePayload = z.infer<typeof RehearsalSourcePayload>;

/** Every job the media worker runs, keyed by type. */
export interface JobPayloads {
  'live-ladder': LiveLadderPayload;
  'rehearsal-source': RehearsalSourcePayload;
}
/** Name of a job type. */
export type JobType = keyof JobPayloads;
/** A job: a discriminated union on `type`. */
export type Job = { [T in JobType]: { type: T; payload: JobPayloads[T] } }[JobType];

/** Schemas of the job payloads, for validating at the queue boundary. */
export const JobPayloadSchemas: { [T in JobType]: z.ZodType<JobPayloads[T], unknown> } = {
  'live-ladder': LiveLadderPayload,
  'rehearsal-source': RehearsalSourcePayload,
};

/** Lifecycle of a job. */
export type JobState = 'starting' | 'running' | 'restarting' | 'stopping' | 'completed' | 'failed' | 'cancelled';

/** Something a running job reports. */
export type JobEvent =
  | { type: 'state'; state: JobState; attempt: number; error?: string }
  /**
   * A live ladder is listening for its input: the SFU sends each input stream's RTP to
   * `address` and the matching ports (same order as the payload's `input`). `origin` is the
   * HTTP base URL that serves the job's `/hls/<streamId>/` (absent in-process).
   */
  | { type: 'rtp-listening'; address: string; ports: RtpListenPorts[]; origin?: string }
  /** The process is up and listening for its input: the SFU should (re)send a key frame now. */
  | { type: 'input-ready'; attempt: number }
  /**
   * Progress: for live jobs, `segments` is the media sequence number after the last complete
   * segment (segments written so far, counting a predecessor's) and `discontinuitySequence` that
   * of the last one; `percent` when the length is known.
   */
  | { type: 'progress'; segments?: number; discontinuitySequence?: number; percent?: number }
  /** The job's process died unexpectedly; it is being restarted. */
  | { type: 'crashed'; attempt: number; exitCode: number | null; signal: string | null; stderrTail: string };

/** A dispatched job, owned by whoever dispatched it. */
export interface JobHandle {
  readonly id: string;
  readonly type: JobType;
  /** Current state. */
  readonly state: JobState;
  /** Pid of the job's current process, when one runs (for health checks and tests). */
  readonly pid: number | undefined;
  /** Subscribe to the job's events; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void;
  /** Ends the job cleanly (a live writes its last segment and EXT-X-ENDLIST). Idempotent. */
  stop(): Promise<void>;
  /**
   * Ends the current run cleanly and starts the next one at once, not counted as a crash: for a
   * new input source (a publisher who reconnected), the output continues after a discontinuity.
   */
  restart(): Promise<void>;
  /** Resolves when the job has reached a final state. */
  readonly done: Promise<JobState>;
}

/** The job API the server dispatches through (in-process by default). */
export interface JobRunner {
  /** Starts a job; the payload is validated with its schema first. */
  dispatch(job: Job): JobHandle;
  /** Jobs not yet in a final state. */
  active(): JobHandle[];
  /** Stops every job and waits for their processes to exit. Idempotent. */
  close(): Promise<void>;
}
