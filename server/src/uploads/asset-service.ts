import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AudioFacts, GlbFacts, ImageFacts } from '@yunzhan/media-worker';
import {
  ASSET_RESULT_SCHEMAS,
  DEFAULT_LADDER,
  ErrorCode,
  IMAGE_RENDITION_SIZES,
  type Asset,
  type AssetKind,
  type BatchJob,
  type BatchJobQueue,
  type BatchJobRecord,
  type ErrorInfo,
  type MediaFacts,
  type Rendition,
} from '@yunzhan/shared';
import type { AssetPatch, AssetRecord, Store } from '../db/store';
import { toAssetView } from './asset-view';

/** Attempts of a transcode before the asset fails (the queue backs off between them). */
const TRANSCODE_ATTEMPTS = 3;
/** Segment length of uploaded media, in seconds (as the live ladder). */
const SEGMENT_SECONDS = 2;
/** What a job may name as the host serving its output: a base URL and nothing else. */
const ORIGIN = /^https?:\/\/[^\s/?#@]{1,300}$/;
/** Batch job types that process an asset, and the asset kind each serves. */
const ASSET_JOB_TYPES: ReadonlySet<string> = new Set(['vod-hls', 'image-renditions', 'audio-aac']);

/** Options of the asset service. */
export interface AssetServiceOptions {
  store: Store;
  queue: BatchJobQueue;
  /** `<mediaDir>/hls/<assetId>/` receives video output, `<mediaDir>/media/<assetId>/` the rest. */
  mediaDir: string;
  /** The ladder to encode. Default DEFAULT_LADDER (the live ladder). */
  renditions?: readonly Rendition[];
  /** Told every change of an asset (the server sends it to the owner's sockets as `asset:progress`). */
  publish: (asset: Asset) => void;
  logger: Logger;
  /**
   * Set when several hosts share the queue (REDIS_URL, or nodes sharing PostgreSQL): jobs carry a
   * signed link to their source, so they run on any host, and where each asset's files are is
   * recorded (asset_origins) for every node to proxy to.
   */
  shared?: {
    /** A signed link to an upload on this node (SourceLinks.urlFor). */
    sourceUrl: (assetId: string) => string;
    /** This node's own origin (files it serves as uploaded are recorded there). */
    self: () => string;
  };
}

/** What the checks found, by kind. */
export type AcceptedFacts =
  | { kind: 'video'; facts: MediaFacts }
  | { kind: 'image'; facts: ImageFacts }
  | { kind: 'model'; facts: GlbFacts }
  | { kind: 'audio'; facts: AudioFacts };

/** An upload its check (ffprobe, sharp, the GLB check) accepted. */
export type AcceptedUpload = AcceptedFacts & {
  /** The tus upload id, which becomes the asset id. */
  id: string;
  ownerId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sourcePath: string;
};

const NOUN: Record<AssetKind, string> = { video: 'video', image: 'image', model: 'model', audio: 'audio file' };

/** The stable error of a failed processing job: its own code when it has a specific one (`CODE: message`), else TRANSCODE_FAILED. */
export function assetErrorOf(jobError: string | null, kind: AssetKind = 'video'): ErrorInfo {
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(jobError ?? '');
  const code = ErrorCode.safeParse(m?.[1]);
  // INTERNAL and the like carry messages meant for logs (paths, command lines), not for the uploader.
  if (m && code.success && !['INTERNAL', 'BAD_REQUEST', 'VALIDATION_FAILED'].includes(code.data)) {
    return { code: code.data, message: m[2]!.split('\n')[0]!.slice(0, 300) };
  }
  return { code: 'TRANSCODE_FAILED', message: `The ${NOUN[kind]} could not be processed` };
}

/** The asset change a job update stands for; undefined when there is none. */
export function patchForJob(job: BatchJobRecord, asset: AssetRecord): AssetPatch | undefined {
  if (asset.status !== 'processing') return undefined;
  switch (job.state) {
    case 'queued':
    case 'active': {
      const progress = Math.round(Math.min(99, Math.max(0, job.progress)) * 10) / 10;
      return progress === asset.progress ? undefined : { progress };
    }
    case 'completed': {
      const result = ASSET_RESULT_SCHEMAS[asset.kind].safeParse(job.result);
      if (!result.success) return { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: 'Processing returned no usable result' } };
      const durationSeconds = (result.data as { durationSeconds?: number }).durationSeconds;
      return { status: 'ready', progress: 100, result: result.data, ...(durationSeconds !== undefined ? { durationSeconds } : {}), error: null };
    }
    case 'failed':
      return { status: 'failed', error: assetErrorOf(job.error, asset.kind) };
    case 'cancelled':
      return { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: 'Processing was cancelled' } };
  }
}

/** Id of the job that processes an asset of this kind (none for models, which need no processing). */
export const jobIdOf = (kind: AssetKind, assetId: string): string | null =>
  ({ video: `vod-hls-${assetId}`, image: `image-renditions-${assetId}`, audio: `audio-aac-${assetId}`, model: null })[kind];

/** Puts a file in place under a new name without copying where the file system allows. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.rm(to, { force: true });
  await fs.link(from, to).catch(() => fs.copyFile(from, to));
}

/**
 * Uploaded assets after their check accepted them: stores the asset and either enqueues its
 * processing job (`vod-hls` for videos, `image-renditions` for images, `audio-aac` for audio a
 * browser cannot play as it is) or, for GLB models and AAC/MP3 audio, serves the file as it is
 * and is ready at once. Follows the queue's updates into the asset row (progress, ready with its
 * outputs, failed with a stable code), publishing each change. Updates apply one at a time, in order.
 */
export class AssetService {
  private readonly unsubscribe: () => void;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: AssetServiceOptions) {
    this.unsubscribe = options.queue.onUpdate((job) => {
      if (!ASSET_JOB_TYPES.has(job.type)) return;
      this.applying = this.applying.then(() => this.apply(job)).catch((err: unknown) => options.logger.error({ err, job: job.id }, 'asset update failed'));
    });
  }

  /** Folder of an asset's non-HLS outputs, served as `/media/<assetId>/`. */
  mediaFolderOf(assetId: string): string {
    return path.join(this.options.mediaDir, 'media', assetId);
  }

  /** Stores an accepted upload and starts its processing. Idempotent per id. */
  async accept(upload: AcceptedUpload): Promise<Asset> {
    const { store } = this.options;
    const existing = await store.assets.get(upload.id);
    if (existing) return toAssetView(existing);
    const base = { id: upload.id, kind: upload.kind, ownerId: upload.ownerId, filename: upload.filename, contentType: upload.contentType, sizeBytes: upload.sizeBytes };
    const processing = { status: 'processing' as const, progress: 0, result: null, error: null };
    switch (upload.kind) {
      case 'video': {
        const jobId = jobIdOf('video', upload.id)!;
        const { facts } = upload;
        await store.assets.create({ ...base, ...processing, jobId, durationSeconds: facts.durationSeconds, width: facts.video.width, height: facts.video.height });
        await this.enqueue(upload.kind, upload.id, upload.sourcePath, upload.sizeBytes, jobId);
        break;
      }
      case 'image': {
        const jobId = jobIdOf('image', upload.id)!;
        await store.assets.create({ ...base, ...processing, jobId, durationSeconds: null, width: upload.facts.width, height: upload.facts.height });
        await this.enqueue(upload.kind, upload.id, upload.sourcePath, upload.sizeBytes, jobId);
        break;
      }
      case 'model': {
        await linkOrCopy(upload.sourcePath, path.join(this.mediaFolderOf(upload.id), 'model.glb'));
        await this.servedHere(upload.id);
        const result = { file: 'model.glb', bytes: upload.sizeBytes };
        await store.assets.create({ ...base, status: 'ready', progress: 100, result, error: null, jobId: null, durationSeconds: null, width: null, height: null });
        break;
      }
      case 'audio': {
        const { facts } = upload;
        const common = { ...base, durationSeconds: facts.durationSeconds, width: null, height: null };
        if (facts.playableAs) {
          // AAC in MP4 and MP3 play everywhere already: served as uploaded.
          const file = `audio.${facts.playableAs}`;
          await linkOrCopy(upload.sourcePath, path.join(this.mediaFolderOf(upload.id), file));
          await this.servedHere(upload.id);
          const result = { file, codec: facts.playableAs === 'm4a' ? ('aac' as const) : ('mp3' as const), durationSeconds: facts.durationSeconds };
          await store.assets.create({ ...common, status: 'ready', progress: 100, result, error: null, jobId: null });
        } else {
          const jobId = jobIdOf('audio', upload.id)!;
          await store.assets.create({ ...common, ...processing, jobId });
          await this.enqueue(upload.kind, upload.id, upload.sourcePath, upload.sizeBytes, jobId);
        }
        break;
      }
    }
    const asset = toAssetView((await store.assets.get(upload.id))!);
    // Ready at once (models, playable audio): say so the same way a finished job would.
    if (asset.status === 'ready') this.options.publish(asset);
    return asset;
  }

  // With several hosts, the other nodes proxy a file served as uploaded to this one.
  private async servedHere(assetId: string): Promise<void> {
    if (this.options.shared) await this.options.store.assetOrigins.set(assetId, this.options.shared.self());
  }

  private jobFor(kind: AssetKind, assetId: string, sourcePath: string, bytes: number): BatchJob | null {
    const { shared } = this.options;
    const remote = shared ? { remoteSource: { url: shared.sourceUrl(assetId), bytes } } : {};
    switch (kind) {
      case 'video':
        return {
          type: 'vod-hls',
          payload: {
            assetId,
            sourcePath,
            outputDir: path.join(this.options.mediaDir, 'hls', assetId),
            renditions: [...(this.options.renditions ?? DEFAULT_LADDER)],
            segmentSeconds: SEGMENT_SECONDS,
            ...remote,
          },
        };
      case 'image':
        return { type: 'image-renditions', payload: { assetId, sourcePath, outputDir: this.mediaFolderOf(assetId), sizes: [...IMAGE_RENDITION_SIZES], quality: 82, ...remote } };
      case 'audio':
        return { type: 'audio-aac', payload: { assetId, sourcePath, outputDir: this.mediaFolderOf(assetId), bitrateKbps: 128, ...remote } };
      case 'model':
        return null;
    }
  }

  private async enqueue(kind: AssetKind, assetId: string, sourcePath: string, bytes: number, jobId: string): Promise<void> {
    const job = this.jobFor(kind, assetId, sourcePath, bytes);
    if (!job) return;
    try {
      await this.options.queue.enqueue(job, { id: jobId, maxAttempts: TRANSCODE_ATTEMPTS });
    } catch (err) {
      await this.options.store.assets.update(assetId, { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: `The ${NOUN[kind]} could not be queued for processing` } });
      throw err;
    }
  }

  /**
   * Catches up after a restart: assets still processing take the state their job reached
   * meanwhile; one whose job is gone is queued again by the node that holds its upload.
   */
  async reconcile(uploadsDir: string): Promise<void> {
    for (const asset of await this.options.store.assets.list({ status: 'processing', limit: 500 })) {
      const job = asset.jobId ? await this.options.queue.get(asset.jobId) : null;
      if (job) await this.apply(job);
      else {
        const source = path.join(uploadsDir, asset.id);
        if (this.options.shared && !(await fs.stat(source).then(() => true, () => false))) continue;
        await this.enqueue(asset.kind, asset.id, source, asset.sizeBytes, asset.jobId ?? jobIdOf(asset.kind, asset.id) ?? asset.id);
      }
    }
  }

  private async apply(job: BatchJobRecord): Promise<void> {
    const assetId = (job.payload as { assetId?: unknown } | null)?.assetId;
    if (typeof assetId !== 'string') return;
    const asset = await this.options.store.assets.get(assetId);
    if (!asset || asset.jobId !== job.id) return;
    const patch = patchForJob(job, asset);
    if (!patch) return;
    // The host holding the output is recorded before the asset says it is ready.
    const origin = (job.result as { origin?: unknown } | null)?.origin;
    if (patch.status === 'ready' && typeof origin === 'string' && ORIGIN.test(origin)) await this.options.store.assetOrigins.set(asset.id, origin);
    const updated = await this.options.store.assets.update(asset.id, patch);
    if (patch.status === 'failed') this.options.logger.warn({ assetId, job: job.id, error: job.error }, 'asset processing failed');
    this.options.publish(toAssetView(updated));
  }

  /** Stops following the queue. Idempotent. */
  close(): Promise<void> {
    this.unsubscribe();
    return this.applying;
  }
}
