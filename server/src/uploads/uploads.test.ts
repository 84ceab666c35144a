import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '@tus/file-store';
import type { BatchJobRecord, VodHlsResult } from '@yunzhan/shared';
import type { AssetRecord } from '../db/store';
import { assetErrorOf, patchForJob } from './asset-service';
import { toAssetView } from './asset-view';
import { sweepStaleUploads } from './stale-uploads';
import { mapTusError, tusRejection } from './tus-responses';
import { MAX_UPLOAD_METADATA_BYTES, checkUploadMetadataHeader } from './upload-metadata';

const asset = (patch: Partial<AssetRecord> = {}): AssetRecord => ({
  id: 'a1',
  kind: 'video',
  ownerId: 'u1',
  filename: 'clip.mp4',
  contentType: 'video/mp4',
  sizeBytes: 1000,
  status: 'processing',
  progress: 0,
  jobId: 'vod-hls-a1',
  durationSeconds: 6,
  width: 640,
  height: 360,
  result: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

const job = (patch: Partial<BatchJobRecord>): BatchJobRecord => ({
  id: 'vod-hls-a1',
  type: 'vod-hls',
  payload: { assetId: 'a1' },
  state: 'active',
  progress: 0,
  attempts: 1,
  maxAttempts: 3,
  error: null,
  result: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

const result: VodHlsResult = {
  master: 'master.m3u8',
  poster: 'poster.jpg',
  thumbnails: 'thumbnails.vtt',
  sprites: ['sprite-000.jpg'],
  durationSeconds: 6.04,
  renditions: [{ name: '360p', width: 640, height: 360, bandwidth: 900_000, averageBandwidth: 700_000, codecs: ['avc1.64001e', 'mp4a.40.2'], playlist: '360p/index.m3u8' }],
};

describe('asset state from batch job updates', () => {
  it('follows progress below 100 while processing and skips updates that change nothing', () => {
    expect(patchForJob(job({ progress: 42.37 }), asset())).toEqual({ progress: 42.4 });
    expect(patchForJob(job({ progress: 100 }), asset())).toEqual({ progress: 99 });
    expect(patchForJob(job({ progress: 42.4 }), asset({ progress: 42.4 }))).toBeUndefined();
  });

  it('becomes ready with the result, or failed with a stable code', () => {
    expect(patchForJob(job({ state: 'completed', result }), asset())).toEqual({ status: 'ready', progress: 100, result, durationSeconds: 6.04, error: null });
    expect(patchForJob(job({ state: 'completed', result: { nonsense: true } }), asset())).toMatchObject({ status: 'failed', error: { code: 'TRANSCODE_FAILED' } });
    expect(patchForJob(job({ state: 'failed', error: 'MEDIA_CORRUPT: No frame of this video can be decoded' }), asset())).toEqual({
      status: 'failed',
      error: { code: 'MEDIA_CORRUPT', message: 'No frame of this video can be decoded' },
    });
    expect(patchForJob(job({ state: 'cancelled' }), asset())).toMatchObject({ status: 'failed', error: { code: 'TRANSCODE_FAILED' } });
    // A finished asset no longer follows its job.
    expect(patchForJob(job({ progress: 10 }), asset({ status: 'ready' }))).toBeUndefined();
  });

  it('never shows the uploader an internal message (command lines, paths)', () => {
    const ffmpeg = 'VOD transcode failed (exit code 1)\ncommand: ffmpeg -i file:/data/media/uploads/a1 ...';
    expect(assetErrorOf(ffmpeg)).toEqual({ code: 'TRANSCODE_FAILED', message: 'The video could not be processed' });
    expect(assetErrorOf('INTERNAL: at /srv/x.ts:12')).toMatchObject({ code: 'TRANSCODE_FAILED' });
    expect(assetErrorOf('MEDIA_UNAVAILABLE: ffmpeg not found')).toEqual({ code: 'MEDIA_UNAVAILABLE', message: 'ffmpeg not found' });
    expect(assetErrorOf(null).code).toBe('TRANSCODE_FAILED');
  });

  it('shows outputs as /hls/ URLs only once ready', () => {
    expect(toAssetView(asset({ result })).hls).toBeNull();
    expect(toAssetView(asset({ status: 'ready', progress: 100, result })).hls).toEqual({
      master: '/hls/a1/master.m3u8',
      poster: '/hls/a1/poster.jpg',
      thumbnails: '/hls/a1/thumbnails.vtt',
    });
  });
});

describe('tus answers in the wire error shape', () => {
  const log: unknown[] = [];
  it('keeps a rejection of ours and wraps tus’s own errors with a code, keeping their status', () => {
    const ours = tusRejection({ code: 'NOT_MEDIA', message: 'This file is not a video' });
    expect(ours).toEqual({ status_code: 415, body: '{"error":{"code":"NOT_MEDIA","message":"This file is not a video"}}' });
    expect(mapTusError(ours, (e) => log.push(e))).toEqual(ours);
    expect(mapTusError({ status_code: 409, body: 'Upload-Offset conflict\n' }, (e) => log.push(e))).toEqual({
      status_code: 409,
      body: '{"error":{"code":"CONFLICT","message":"Upload-Offset conflict"}}',
    });
    expect(JSON.parse(mapTusError({ status_code: 413, body: 'Maximum size exceeded\n' }, () => undefined).body).error.code).toBe('MEDIA_TOO_LARGE');
    expect(log).toEqual([]);
  });

  it('turns anything else into INTERNAL and logs it', () => {
    const mapped = mapTusError(new Error('EACCES: /data/media/uploads'), (e) => log.push(e));
    expect(mapped).toEqual({ status_code: 500, body: '{"error":{"code":"INTERNAL","message":"Internal error"}}' });
    expect(log).toHaveLength(1);
  });
});

describe('the Upload-Metadata header', () => {
  it('is refused over 4 KiB, before tus decodes it, and read as it is below', () => {
    const pair = (k: string, v: string) => `${k} ${Buffer.from(v).toString('base64')}`;
    expect(() => checkUploadMetadataHeader([pair('filename', '展览.glb'), pair('filetype', 'model/gltf-binary')].join(','))).not.toThrow();
    expect(() => checkUploadMetadataHeader(undefined)).not.toThrow();
    const long = Array.from({ length: 200 }, (_, i) => pair(`k${i}`, 'x'.repeat(20))).join(',');
    expect(long.length).toBeGreaterThan(MAX_UPLOAD_METADATA_BYTES);
    expect(() => checkUploadMetadataHeader(long)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ maxBytes: MAX_UPLOAD_METADATA_BYTES }) }));
  });
});

describe('sweeping unfinished uploads', () => {
  let dir: string;
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('removes old unfinished uploads and keeps finished and recent ones', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunzhan-sweep-'));
    const store = new FileStore({ directory: dir });
    const day = 24 * 3600 * 1000;
    const old = new Date(Date.now() - 2 * day).toISOString();
    const make = async (id: string, size: number, written: number, created: string) => {
      // What @tus/server hands its store at creation (an Upload of @tus/utils, plain data here).
      await store.create({ id, size, offset: 0, creation_date: created } as Parameters<FileStore['create']>[0]);
      await fs.writeFile(path.join(dir, id), Buffer.alloc(written));
    };
    await make('stale', 100, 40, old);
    await make('finished', 100, 100, old);
    await make('recent', 100, 40, new Date().toISOString());
    expect(await sweepStaleUploads(dir, store)).toEqual(['stale']);
    expect((await fs.readdir(dir)).sort()).toEqual(['finished', 'finished.json', 'recent', 'recent.json']);
  });
});
