import path from 'node:path';
import type { Logger } from 'pino';
import {
  DEFAULT_LADDER,
  ErrorCode,
  VodHlsPayload,
  VodHlsResult,
  type Asset,
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

/** Options of the asset service. */
export interface AssetServiceOptions {
  store: Store;
  queue: BatchJobQueue;
  /** `<mediaDir>/hls/<assetId>/` receives the output. */
  mediaDir: string;
  /** The ladder to encode. Default DEFAULT_LADDER (the live ladder). */
  renditions?: readonly Rendition[];
  /** Told every change of an asset (the server sends it to the owner's sockets as `asset:progress`). */
  publish: (asset: Asset) => void;
  logger: Logger;
}

/** An upload ffprobe accepted. */
export interface AcceptedUpload {
  /** The tus upload id, which becomes the asset id. */
  id: string;
  ownerId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sourcePath: string;
  facts: MediaFacts;
}

/** The stable error of a failed transcode job: its own code when it has a specific one (`CODE: message`), else TRANSCODE_FAILED. */
export function assetErrorOf(jobError: string | null): ErrorInfo {
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(jobError ?? '');
  const code = ErrorCode.safeParse(m?.[1]);
  // INTERNAL and the like carry messages meant for logs (paths, command lines), not for the uploader.
  if (m && code.success && !['INTERNAL', 'BAD_REQUEST', 'VALIDATION_FAILED'].includes(code.data)) {
    return { code: code.data, message: m[2]!.split('\n')[0]!.slice(0, 300) };
  }
  return { code: 'TRANSCODE_FAILED', message: 'The video could not be processed' };
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
      const result = VodHlsResult.safeParse(job.result);
      if (!result.success) return { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: 'The transcode returned no usable result' } };
      return { status: 'ready', progress: 100, result: result.data, durationSeconds: result.data.durationSeconds, error: null };
    }
    case 'failed':
      return { status: 'failed', error: assetErrorOf(job.error) };
    case 'cancelled':
      return { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: 'Processing was cancelled' } };
  }
}

/**
 * Uploaded assets after ffprobe accepted them: stores the asset, enqueues its `vod-hls` job and
 * follows the queue's updates into the asset row (progress, ready with its outputs, failed with
 * a stable code), publishing each change. Updates are applied one at a time, in order.
 */
export class AssetService {
  private readonly unsubscribe: () => void;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: AssetServiceOptions) {
    this.unsubscribe = options.queue.onUpdate((job) => {
      if (job.type !== 'vod-hls') return;
      this.applying = this.applying.then(() => this.apply(job)).catch((err: unknown) => options.logger.error({ err, job: job.id }, 'asset update failed'));
    });
  }

  /** Stores an accepted upload as a processing asset and enqueues its transcode. Idempotent per id. */
  async accept(upload: AcceptedUpload): Promise<Asset> {
    const { store } = this.options;
    const existing = await store.assets.get(upload.id);
    if (existing) return toAssetView(existing);
    const jobId = `vod-hls-${upload.id}`;
    await store.assets.create({
      id: upload.id,
      ownerId: upload.ownerId,
      filename: upload.filename,
      contentType: upload.contentType,
      sizeBytes: upload.sizeBytes,
      status: 'processing',
      progress: 0,
      jobId,
      durationSeconds: upload.facts.durationSeconds,
      width: upload.facts.video.width,
      height: upload.facts.video.height,
      result: null,
      error: null,
    });
    await this.enqueue(upload.id, upload.sourcePath, jobId);
    return toAssetView((await store.assets.get(upload.id))!);
  }

  private async enqueue(assetId: string, sourcePath: string, jobId: string): Promise<void> {
    const payload: VodHlsPayload = {
      assetId,
      sourcePath,
      outputDir: path.join(this.options.mediaDir, 'hls', assetId),
      renditions: [...(this.options.renditions ?? DEFAULT_LADDER)],
      segmentSeconds: SEGMENT_SECONDS,
    };
    try {
      await this.options.queue.enqueue({ type: 'vod-hls', payload }, { id: jobId, maxAttempts: TRANSCODE_ATTEMPTS });
    } catch (err) {
      await this.options.store.assets.update(assetId, { status: 'failed', error: { code: 'TRANSCODE_FAILED', message: 'The video could not be queued for processing' } });
      throw err;
    }
  }

  /**
   * Catches up after a restart: assets still processing take the state their job reached
   * meanwhile; one whose job is gone is queued again.
   */
  async reconcile(uploadsDir: string): Promise<void> {
    for (const asset of await this.options.store.assets.list({ status: 'processing', limit: 500 })) {
      const job = asset.jobId ? await this.options.queue.get(asset.jobId) : null;
      if (job) await this.apply(job);
      else await this.enqueue(asset.id, path.join(uploadsDir, asset.id), asset.jobId ?? `vod-hls-${asset.id}`);
    }
  }

  private async apply(job: BatchJobRecord): Promise<void> {
    const assetId = (job.payload as { assetId?: unknown } | null)?.assetId;
    if (typeof assetId !== 'string') return;
    const asset = await this.options.store.assets.get(assetId);
    if (!asset || asset.jobId !== job.id) return;
    const patch = patchForJob(job, asset);
    if (!patch) return;
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
