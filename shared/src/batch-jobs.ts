import { z } from 'zod';
import { Rendition } from './jobs';

// Batch jobs: finite work (transcode an upload, publish a recording) that is queued, persisted,
// retried with backoff and may run on another machine. Live jobs (jobs.ts) are different: they
// own a running stream and live and die with the server process that feeds them.

/** Identifier of an uploaded media asset. */
export const AssetId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * Where a media worker on another host fetches an upload's source (REDIS_URL: the jobs run on
 * `npm run worker` hosts, which share no disk with the web nodes): a URL on the node that accepted
 * the upload, signed by it, and the file's exact size. Such a worker writes the output to its own
 * MEDIA_DIR, serves it from its origin and returns that origin with the result.
 */
export const RemoteSource = z.object({
  url: z.string().url().max(2048),
  bytes: z.number().int().nonnegative(),
});
export type RemoteSource = z.infer<typeof RemoteSource>;

/** Payload of `vod-hls`: a probe-validated source file → fMP4 HLS ladder, poster, thumbnail sprite + WebVTT. */
export const VodHlsPayload = z.object({
  assetId: AssetId,
  /** Absolute path of the uploaded source file. */
  sourcePath: z.string(),
  /** Absolute folder the output goes to; served as `/hls/<assetId>/`. */
  outputDir: z.string(),
  /** Renditions to produce (those taller than the source are skipped). */
  renditions: z.array(Rendition).min(1),
  /** Target segment length in seconds. Default 2. */
  segmentSeconds: z.number().positive().default(2),
  /** Set when the job may run on another host: where to fetch the source from. */
  remoteSource: RemoteSource.optional(),
});
export type VodHlsPayload = z.infer<typeof VodHlsPayload>;

/** Payload of `recording-publish`: a finished live's recording → a replay that plays from 0. */
export const RecordingPublishPayload = z.object({
  eventId: z.string(),
  streamId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** Absolute folder of the stream (HLS output and recording). */
  streamDir: z.string(),
});
export type RecordingPublishPayload = z.infer<typeof RecordingPublishPayload>;

/** Longest sides of the image renditions, px: powers of two, so a texture's longest side is one. */
export const IMAGE_RENDITION_SIZES = [128, 256, 512, 1024, 2048] as const;

/** Payload of `image-renditions`: an accepted image → upright sRGB WebP renditions by longest side. */
export const ImageRenditionsPayload = z.object({
  assetId: AssetId,
  /** Absolute path of the source image. */
  sourcePath: z.string(),
  /** Absolute folder the renditions go to; served as `/media/<assetId>/`. */
  outputDir: z.string(),
  /** Longest sides in px; those larger than the source are skipped (never enlarged). Default IMAGE_RENDITION_SIZES. */
  sizes: z.array(z.number().int().min(16).max(8192)).min(1).default([...IMAGE_RENDITION_SIZES]),
  /** WebP quality, 1..100. Default 82. */
  quality: z.number().int().min(1).max(100).default(82),
  /** Set when the job may run on another host: where to fetch the source from. */
  remoteSource: RemoteSource.optional(),
});
export type ImageRenditionsPayload = z.infer<typeof ImageRenditionsPayload>;

/** Payload of `audio-aac`: an accepted audio file → AAC in MP4 (`audio.m4a`) a browser plays. */
export const AudioAacPayload = z.object({
  assetId: AssetId,
  sourcePath: z.string(),
  /** Absolute folder the file goes to; served as `/media/<assetId>/`. */
  outputDir: z.string(),
  /** AAC bit rate in kbit/s. Default 128. */
  bitrateKbps: z.number().int().min(32).max(320).default(128),
  /** Set when the job may run on another host: where to fetch the source from. */
  remoteSource: RemoteSource.optional(),
});
export type AudioAacPayload = z.infer<typeof AudioAacPayload>;

/** Every batch job type and its payload. */
export interface BatchJobPayloads {
  'vod-hls': VodHlsPayload;
  'recording-publish': RecordingPublishPayload;
  'image-renditions': ImageRenditionsPayload;
  'audio-aac': AudioAacPayload;
}
/** Name of a batch job type. */
export type BatchJobType = keyof BatchJobPayloads;
/** A batch job: a discriminated union on `type`. */
export type BatchJob = { [T in BatchJobType]: { type: T; payload: BatchJobPayloads[T] } }[BatchJobType];
/** Schemas of the batch payloads, for validating at the queue boundary. */
export const BatchJobPayloadSchemas: { [T in BatchJobType]: z.ZodType<BatchJobPayloads[T], unknown> } = {
  'vod-hls': VodHlsPayload,
  'recording-publish': RecordingPublishPayload,
  'image-renditions': ImageRenditionsPayload,
  'audio-aac': AudioAacPayload,
};

/** Lifecycle of a batch job. */
export const BatchJobState = z.enum(['queued', 'active', 'completed', 'failed', 'cancelled']);
export type BatchJobState = z.infer<typeof BatchJobState>;

/** Name of every batch job type, as a schema (keep in step with BatchJobPayloads). */
export const BatchJobTypeName = z.enum(['vod-hls', 'recording-publish', 'image-renditions', 'audio-aac']);

/** A batch job as the queue reports it (admins' job list, progress events). */
export const BatchJobRecord = z.object({
  id: z.string(),
  type: BatchJobTypeName,
  payload: z.unknown(),
  state: BatchJobState,
  /** 0..100. */
  progress: z.number(),
  /** Attempts started so far. */
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** Last error message (with its stable code when there is one). */
  error: z.string().nullable(),
  /** What the handler returned, when completed. */
  result: z.unknown(),
  /** ISO times. */
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BatchJobRecord = z.infer<typeof BatchJobRecord>;

// The enum above names every job type, and no other.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const batchJobTypesMatch: SameKeys<z.infer<typeof BatchJobTypeName>, BatchJobType> = true;
void batchJobTypesMatch;

/** Options of `enqueue`. */
export interface EnqueueOptions {
  /** Idempotency: enqueuing an id that exists returns the existing job. */
  id?: string;
  /** Attempts before the job fails for good. Default 5; retries back off exponentially. */
  maxAttempts?: number;
}

/** The queue the server enqueues into: SQLite-persisted in-process by default, BullMQ with REDIS_URL. */
export interface BatchJobQueue {
  enqueue(job: BatchJob, options?: EnqueueOptions): Promise<BatchJobRecord>;
  get(id: string): Promise<BatchJobRecord | null>;
  /** Newest first. */
  list(filter?: { state?: BatchJobState; type?: BatchJobType; limit?: number }): Promise<BatchJobRecord[]>;
  /** Cancels a queued job, or aborts an active one (its handler's signal fires). */
  cancel(id: string): Promise<BatchJobRecord>;
  /** Every state or progress change of any job; returns the unsubscribe function. */
  onUpdate(listener: (job: BatchJobRecord) => void): () => void;
  close(): Promise<void>;
}

/** What a batch handler gets besides its payload. */
export interface BatchJobContext {
  /** Fires when the job is cancelled or the worker shuts down. */
  signal: AbortSignal;
  /** Reports progress, clamped to 0..100. */
  progress(percent: number): void;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Runs one batch job type; the returned value is stored as the job's result. */
export type BatchHandler<T extends BatchJobType> = (payload: BatchJobPayloads[T], ctx: BatchJobContext) => Promise<unknown>;
/** One handler per batch job type: the compiler finds a missing one. */
export type BatchHandlers = { [T in BatchJobType]: BatchHandler<T> };
