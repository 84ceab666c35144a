import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchHandlers, BatchJobContext, ImageRenditionsPayload } from '@yunzhan/shared';
import { fetchSource, portableAssetHandlers } from './portable-assets';

// A node's source link as a worker on another host meets it: the exact bytes or an error, and
// nothing left behind; the handlers write under the worker's own media folder and say where.

const BODY = Buffer.alloc(100_000, 7);
let server: http.Server;
let base: string;
let root: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-portable-'));
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    switch (url.pathname) {
      case '/exact':
        res.setHeader('content-length', BODY.length);
        res.end(BODY);
        return;
      case '/longer':
        // No length announced: the body itself runs past the upload's size.
        res.write(BODY);
        res.end(BODY);
        return;
      case '/short':
        res.write(BODY.subarray(0, 1000));
        res.end();
        return;
      case '/redirect':
        res.writeHead(302, { location: '/exact' }).end();
        return;
      default:
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"FORBIDDEN","message":"no"}}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

const ctx = (): BatchJobContext & { seen: number[] } => {
  const seen: number[] = [];
  return { signal: new AbortController().signal, progress: (p) => seen.push(p), attempt: 1, seen };
};

describe('fetchSource', () => {
  it('copies exactly the upload, reporting the fetch as the first 5 %', async () => {
    const dir = path.join(root, 'exact');
    const c = ctx();
    const file = await fetchSource({ url: `${base}/exact`, bytes: BODY.length }, dir, 'a1', c);
    expect(fs.readFileSync(file).equals(BODY)).toBe(true);
    expect(c.seen.at(-1)).toBe(5);
  });

  it.each([
    ['a body longer than the upload', '/longer', BODY.length, /longer than the upload/],
    ['a body that ends early', '/short', BODY.length, /ended after 1000 of 100000 bytes/],
    ['a length that is not the upload', '/exact', 5, /is 100000 bytes, the upload was 5/],
    ['a refused link', '/refused', 10, /refused its source \(HTTP 403\)/],
    ['a redirect', '/redirect', BODY.length, /cannot be reached/],
  ])('fails with MEDIA_UNAVAILABLE on %s and leaves nothing behind', async (_name, route, bytes, message) => {
    const dir = path.join(root, `bad-${route.slice(1)}`);
    await expect(fetchSource({ url: `${base}${route}`, bytes }, dir, 'a2', ctx())).rejects.toMatchObject({ code: 'MEDIA_UNAVAILABLE', message: expect.stringMatching(message) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('stops when the job is cancelled', async () => {
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    const dir = path.join(root, 'cancelled');
    await expect(fetchSource({ url: `${base}/exact`, bytes: BODY.length }, dir, 'a3', { ...ctx(), signal: abort.signal })).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('portableAssetHandlers', () => {
  const seenBy: { payload: ImageRenditionsPayload; source: Buffer }[] = [];
  const inner = {
    'image-renditions': async (payload: ImageRenditionsPayload) => {
      seenBy.push({ payload, source: fs.readFileSync(payload.sourcePath) });
      return { renditions: [] };
    },
  } as unknown as BatchHandlers;
  const payload = (url?: string): ImageRenditionsPayload => ({
    assetId: 'img1',
    sourcePath: '/on/the/node/uploads/img1',
    outputDir: '/on/the/node/media/img1',
    sizes: [128],
    quality: 82,
    ...(url ? { remoteSource: { url, bytes: BODY.length } } : {}),
  });

  it('fetches a source from another host, writes under its own media folder and names its origin', async () => {
    const mediaDir = path.join(root, 'worker-media');
    const handlers = portableAssetHandlers(inner, { mediaDir, workDir: path.join(root, 'work'), origin: () => 'http://127.0.0.4:8090' });
    const result = await handlers['image-renditions'](payload(`${base}/exact?sig=x`), ctx());
    expect(result).toEqual({ renditions: [], origin: 'http://127.0.0.4:8090' });
    const seen = seenBy.at(-1)!;
    expect(seen.source.equals(BODY)).toBe(true);
    expect(seen.payload.outputDir).toBe(path.join(mediaDir, 'media', 'img1'));
    expect(seen.payload.sourcePath.startsWith(path.join(root, 'work', 'sources'))).toBe(true);
    // The fetched copy is gone once the job is done.
    expect(fs.readdirSync(path.join(root, 'work', 'sources'))).toEqual([]);
  });

  it('works in place on a job enqueued on this host, and runs a job without a link as it is', async () => {
    const handlers = portableAssetHandlers(
      { 'image-renditions': async (p: ImageRenditionsPayload) => ({ at: p.outputDir, from: p.sourcePath }) } as unknown as BatchHandlers,
      { mediaDir: '/elsewhere', workDir: path.join(root, 'work2'), origin: async () => base },
    );
    expect(await handlers['image-renditions'](payload(`${base}/exact`), ctx())).toEqual({ at: '/on/the/node/media/img1', from: '/on/the/node/uploads/img1', origin: base });
    expect(await handlers['image-renditions'](payload(), ctx())).toEqual({ at: '/on/the/node/media/img1', from: '/on/the/node/uploads/img1' });
  });
});
