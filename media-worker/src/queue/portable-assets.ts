import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, type BatchHandler, type BatchHandlers, type BatchJobContext, type RemoteSource } from '@yunzhan/shared';

/** What a host needs to run upload jobs that were enqueued on another host. */
export interface PortableAssetOptions {
  /** This host's media folder: outputs of jobs fetched from elsewhere go to `<mediaDir>/hls|media/<assetId>/`. */
  mediaDir: string;
  /** Where fetched sources wait while they are processed (removed after each job). */
  workDir: string;
  /** Base URL other hosts reach this host's `/hls/` and `/media/` at (asked when a job runs). */
  origin: () => string | Promise<string>;
}

/** Where each upload job's output is served from: `/hls/<assetId>/` or `/media/<assetId>/`. */
const OUTPUT_FOLDER = { 'vod-hls': 'hls', 'image-renditions': 'media', 'audio-aac': 'media' } as const;
type UploadJobType = keyof typeof OUTPUT_FOLDER;
/** Share of a job's progress the fetch of its source stands for. */
const FETCH_SHARE = 5;

/**
 * The batch handlers, made to run upload jobs on any host. A job that carries `remoteSource`
 * (enqueued where several hosts share the queue) and was enqueued on another host fetches its
 * source from that node's signed link, writes the output under this host's own MEDIA_DIR and
 * returns this host's origin with its result, so every web node proxies the files here. A job
 * enqueued on this host works on the files in place and returns this host's origin the same way.
 * Jobs without `remoteSource` (one node on its own) run as they are.
 */
export function portableAssetHandlers(handlers: BatchHandlers, options: PortableAssetOptions): BatchHandlers {
  const wrap =
    <T extends UploadJobType>(type: T, inner: BatchHandler<T>): BatchHandler<T> =>
    async (payload, ctx) => {
      const remote = payload.remoteSource;
      if (!remote) return inner(payload, ctx);
      const origin = await untilAborted(Promise.resolve(options.origin()), ctx.signal);
      if (new URL(remote.url).origin === new URL(origin).origin) return { ...(await resultObject(inner(payload, ctx))), origin };
      const sourcePath = await fetchSource(remote, path.join(options.workDir, 'sources'), payload.assetId, ctx);
      try {
        const outputDir = path.join(options.mediaDir, OUTPUT_FOLDER[type], payload.assetId);
        const progress = (p: number) => ctx.progress(FETCH_SHARE + (p * (100 - FETCH_SHARE)) / 100);
        return { ...(await resultObject(inner({ ...payload, sourcePath, outputDir }, { ...ctx, progress }))), origin };
      } finally {
        await fs.rm(sourcePath, { force: true });
      }
    };
  return {
    ...handlers,
    'vod-hls': wrap('vod-hls', handlers['vod-hls']),
    'image-renditions': wrap('image-renditions', handlers['image-renditions']),
    'audio-aac': wrap('audio-aac', handlers['audio-aac']),
  };
}

/** `promise`, or the signal's reason once it fires first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function resultObject(result: Promise<unknown>): Promise<object> {
  const value = await result;
  return typeof value === 'object' && value !== null ? value : { value };
}

const unavailable = (message: string) => new AppError('MEDIA_UNAVAILABLE', message);

/**
 * Copies a source from its node to `dir`: exactly `remote.bytes` bytes or an error (a longer body
 * is cut off at the first byte too many), no redirects followed, cancelled with the job.
 * Returns the file's path; nothing is left behind on failure.
 */
export async function fetchSource(remote: RemoteSource, dir: string, assetId: string, ctx: Pick<BatchJobContext, 'signal' | 'progress'>): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${assetId}-${randomUUID()}`);
  let response: Response;
  try {
    response = await fetch(remote.url, { signal: ctx.signal, redirect: 'error' });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw unavailable(`The node that took the upload cannot be reached (${(err as Error).message})`);
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    throw unavailable(`The node that took the upload refused its source (HTTP ${response.status})`);
  }
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) !== remote.bytes) {
    await response.body.cancel();
    throw unavailable(`The source is ${declared} bytes, the upload was ${remote.bytes}`);
  }
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > remote.bytes) {
        done(unavailable(`The source is longer than the upload (${remote.bytes} bytes)`));
        return;
      }
      ctx.progress((FETCH_SHARE * received) / Math.max(1, remote.bytes));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(file, { flags: 'wx' }), { signal: ctx.signal });
    if (received !== remote.bytes) throw unavailable(`The source ended after ${received} of ${remote.bytes} bytes`);
  } catch (err) {
    await fs.rm(file, { force: true });
    throw err;
  }
  return file;
}
