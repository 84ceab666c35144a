import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchHandlers, createBullmqJobQueue, startBullmqWorker, type BatchWorker } from '@yunzhan/media-worker';
import { AppError, Asset, type BatchJobQueue, type BatchJobRecord, type BatchJobState } from '@yunzhan/shared';
import { ensureRedis, type TestRedis } from '../helpers/redis';
import { ADMIN_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from '../helpers/server';
import { api, errorCode, signInCurator, uploadWhole } from '../integration/support';

// Finding 10 of issue 10, second half: a truncated 100-megapixel PNG passed the upload check
// (its header reads) and its rendition job was then tried three times, on an error no retry can
// fix. A file cut off before its end is now refused at upload; one whose damage only decoding
// finds fails its job once. Errors that may pass on another attempt are still retried, with
// the in-process queue and with BullMQ over a real Redis alike.

const SIDE = 10_000; // 10000 × 10000 = 100 megapixels, the most an image may have

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A grey 100-megapixel PNG whose header is whole but whose pixel data holds only its first 50
 * rows: `ending: 'cut'` stops inside that data (a transfer cut off), `ending: 'iend'` closes the
 * file properly after it (damage only decoding finds).
 */
function damaged100MegapixelPng(ending: 'cut' | 'iend'): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIDE, 0);
  ihdr.writeUInt32BE(SIDE, 4);
  ihdr[8] = 8; // bits per sample
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((SIDE + 1) * 50, 0x80);
  for (let r = 0; r < 50; r++) rows[r * (SIDE + 1)] = 0; // filter type None
  const idat = chunk('IDAT', zlib.deflateSync(rows));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const head = Buffer.concat([signature, chunk('IHDR', ihdr)]);
  return ending === 'cut' ? Buffer.concat([head, idat.subarray(0, idat.length - 40)]) : Buffer.concat([head, idat, chunk('IEND', Buffer.alloc(0))]);
}

describe('image uploads that no retry can fix, through the server and its in-process queue', () => {
  let server: TestServer;
  let curator: string;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    curator = await signInCurator(server);
    admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => server?.dispose());

  it('refuses a truncated 100-megapixel PNG at upload as MEDIA_CORRUPT and deletes it', async () => {
    const { url, res } = await uploadWhole(server, curator, damaged100MegapixelPng('cut'), { filename: 'cut.png', filetype: 'image/png' });
    expect(res.status, res.body).toBe(422);
    expect(errorCode({ status: res.status, body: JSON.parse(res.body) })).toBe('MEDIA_CORRUPT');
    const id = url.split('/').pop()!;
    expect(fs.readdirSync(path.join(server.config.mediaDir, 'uploads')).filter((n) => n.startsWith(id))).toEqual([]);
    expect((await api(server, 'GET', `/api/assets/${id}`, curator)).status).toBe(404);
  });

  it('fails the rendition job of a 100-megapixel PNG that only decoding finds damaged after one attempt, not three', async () => {
    const { res } = await uploadWhole(server, curator, damaged100MegapixelPng('iend'), { filename: 'damaged.png', filetype: 'image/png' });
    expect(res.status, res.body).toBe(200);
    const accepted = Asset.parse((JSON.parse(res.body) as { asset: unknown }).asset);
    expect(accepted).toMatchObject({ kind: 'image', status: 'processing', width: SIDE, height: SIDE });
    const failed = await waitFor(
      async () => {
        const a = Asset.parse((await api(server, 'GET', `/api/assets/${accepted.id}`, curator)).body);
        return a.status === 'failed' ? a : undefined;
      },
      30_000,
      'the image to fail',
    );
    expect(failed.error?.code).toBe('MEDIA_CORRUPT');
    const job = await api<BatchJobRecord>(server, 'GET', `/api/jobs/image-renditions-${accepted.id}`, admin);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ state: 'failed', attempts: 1, maxAttempts: 3 });
    expect(job.body.error).toMatch(/^MEDIA_CORRUPT: /);
  });
});

describe('the BullMQ queue over a real Redis', () => {
  let redis: TestRedis;
  let queue: BatchJobQueue;
  let worker: BatchWorker;
  let dir: string;
  const attemptsSeen: number[] = [];
  const queueName = `unretryable-${process.pid}-${Date.now()}`;

  const stateIs = (id: string, state: BatchJobState) =>
    waitFor(async () => {
      const job = await queue.get(id);
      return job?.state === state ? job : null;
    }, 30_000, `job ${id} to be ${state}`);

  beforeAll(async () => {
    redis = await ensureRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-unretryable-'));
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
    queue = await createBullmqJobQueue({ redisUrl: redis.url, queueName, backoffBaseMs: 50, logger });
    worker = await startBullmqWorker({
      redisUrl: redis.url,
      queueName,
      logger,
      handlers: {
        // The real image handler; a publish that finds its disk away once, then succeeds.
        ...createBatchHandlers({ logger }),
        'recording-publish': async (_payload, ctx) => {
          attemptsSeen.push(ctx.attempt);
          if (ctx.attempt === 1) throw new AppError('MEDIA_UNAVAILABLE', 'the recordings disk is not mounted yet');
          return { attempt: ctx.attempt };
        },
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails a rendition job on a damaged image after one attempt, and still retries an error that may pass', async () => {
    const source = path.join(dir, 'damaged.png');
    fs.writeFileSync(source, damaged100MegapixelPng('iend'));
    await queue.enqueue(
      { type: 'image-renditions', payload: { assetId: 'damaged', sourcePath: source, outputDir: path.join(dir, 'out'), sizes: [128, 512], quality: 80 } },
      { id: 'damaged-image', maxAttempts: 3 },
    );
    await queue.enqueue({ type: 'recording-publish', payload: { eventId: 'ev', streamId: 's1', streamDir: dir } }, { id: 'disk-late', maxAttempts: 3 });

    const failed = await stateIs('damaged-image', 'failed');
    expect(failed).toMatchObject({ attempts: 1, maxAttempts: 3 });
    expect(failed.error).toMatch(/^MEDIA_CORRUPT: /);
    expect(await stateIs('disk-late', 'completed')).toMatchObject({ attempts: 2, result: { attempt: 2 } });
    expect(attemptsSeen).toEqual([1, 2]);
  });
});
