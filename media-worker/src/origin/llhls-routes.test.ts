import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmafOutputArgs } from '../live/live-ladder-args';
import { LivePackager } from '../llhls/live-packager';
import { checkLowLatencyPlaylist, lastPartOf, parsePlaylist } from '../llhls/playlist-rules';
import { LowLatencyRegistry } from '../llhls/registry';
import { hlsOriginRoutes, originErrorHandler } from './hls-origin';

// The LL-HLS routes over real HTTP, in front of a real packager fed with real ffmpeg CMAF, one
// fragment at a time when the test says so: a blocking request can be seen waiting, and
// answered when (and only when) its part exists.
const RENDITION = { name: '90p', width: 160, height: 90, videoKbps: 100, audioKbps: 32 };
let root: string;
let server: http.Server;
let base: string;
let header: Buffer;
let fragments: Buffer[];
const registry = new LowLatencyRegistry();
let packager: LivePackager;
const feed = new PassThrough();
let fed = 0;

/** 30 s of the ladder's CMAF output (one 160x90 rendition), split into header and fragments. */
async function generateCmaf(): Promise<{ header: Buffer; fragments: Buffer[] }> {
  const args = [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'lavfi', '-t', '30', '-i', 'testsrc2=size=160x90:rate=30',
    '-f', 'lavfi', '-t', '30', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-bf', '0',
    '-c:a', 'aac', '-b:a', '32k', '-ar', '48000', '-ac', '2',
    ...cmafOutputArgs(30, 2),
    'pipe:1',
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  await new Promise((resolve) => child.once('close', resolve));
  const bytes = Buffer.concat(chunks);
  // Top-level boxes: ftyp + moov, then moof + mdat pairs.
  const boxes: Buffer[] = [];
  for (let o = 0; o < bytes.length; ) {
    const size = bytes.readUInt32BE(o);
    boxes.push(bytes.subarray(o, o + size));
    o += size;
  }
  const type = (b: Buffer) => b.toString('latin1', 4, 8);
  const moov = boxes.findIndex((b) => type(b) === 'moov');
  const rest = boxes.slice(moov + 1);
  const pairs: Buffer[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) pairs.push(Buffer.concat([rest[i]!, rest[i + 1]!]));
  return { header: Buffer.concat(boxes.slice(0, moov + 1)), fragments: pairs };
}

/** Resolves once `check()` holds, checked after every change of the packager. */
function when(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const off = packager.onUpdate(() => {
      if (check()) {
        off();
        resolve();
      }
    });
  });
}

const parts = () => {
  const p = packager.position(RENDITION.name);
  return p ? { msn: p.lastPartMsn, part: p.lastPartIndex } : undefined;
};

/** Feeds the next `n` fragments and waits until the playlist lists them. */
async function push(n: number): Promise<void> {
  for (let i = 0; i < n; i++) feed.write(fragments[fed++]!);
  const target = fed;
  await when(() => {
    const p = parts();
    return p !== undefined && p.msn * 6 + p.part + 1 >= target;
  });
}

const url = (query = '') => `${base}/hls/s1/ll/${RENDITION.name}.m3u8${query}`;
/** A request whose settling time is recorded. */
function request(query: string, init?: RequestInit) {
  const r = { settledAt: undefined as number | undefined, response: undefined as Response | undefined, body: '' };
  const done = fetch(url(query), init).then(async (res) => {
    r.body = await res.text();
    r.response = res;
    r.settledAt = performance.now();
    return r;
  });
  return { r, done };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'llhls-routes-'));
  ({ header, fragments } = await generateCmaf());
  packager = new LivePackager({ streamId: 's1', outputDir: path.join(root, 'hls', 's1'), renditions: [RENDITION], segmentSeconds: 2, fps: 30, token: 'tk', registry });
  await packager.start();
  packager.beginRun('tk-r1');
  packager.attachRun([feed]);
  packager.setRunOrigin('tk-r1', Date.now());
  feed.write(header);

  const app = express();
  app.use('/hls', hlsOriginRoutes({ mediaDir: root, streams: registry }));
  app.use(originErrorHandler(pino({ level: 'silent' })));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  feed.end();
  await packager?.finish();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('LL-HLS routes', () => {
  it('answers nothing before the first part, then a playlist that passes the spec rules', async () => {
    expect((await fetch(url())).status).toBe(404);
    await push(8);
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(checkLowLatencyPlaylist(text)).toEqual([]);
    expect(lastPartOf(parsePlaylist(text))).toEqual({ msn: 1, part: 1 });
  });

  it('holds a blocking reload for the next part until that part exists, then answers with it as the last part', async () => {
    const { r, done } = request('?_HLS_msn=1&_HLS_part=2');
    await sleep(400);
    expect(r.settledAt).toBeUndefined();
    let appearedAt = 0;
    const off = packager.onUpdate(() => {
      if (!appearedAt && parts()?.part === 2) appearedAt = performance.now();
    });
    await push(1);
    off();
    await done;
    expect(r.response!.status).toBe(200);
    expect(r.settledAt!).toBeGreaterThanOrEqual(appearedAt);
    // Nothing was added after the part it asked for: it was answered when that part appeared.
    expect(lastPartOf(parsePlaylist(r.body))).toEqual({ msn: 1, part: 2 });
    expect(r.response!.headers.get('cache-control')).toBe('public, max-age=12');
    expect(checkLowLatencyPlaylist(r.body)).toEqual([]);
  });

  it('holds _HLS_msn alone until the segment is complete, and a part index past its end until the next segment starts', async () => {
    const segment = request('?_HLS_msn=1');
    const pastEnd = request('?_HLS_msn=1&_HLS_part=6');
    await push(2);
    await sleep(100);
    expect(segment.r.settledAt).toBeUndefined();
    await push(1); // part 1.5: segment 1 is complete
    await segment.done;
    expect(parsePlaylist(segment.r.body).segments.filter((s) => s.uri).map((s) => s.msn)).toEqual([0, 1]);
    expect(pastEnd.r.settledAt).toBeUndefined();
    await push(1); // part 2.0
    await pastEnd.done;
    expect(lastPartOf(parsePlaylist(pastEnd.r.body))).toEqual({ msn: 2, part: 0 });
  });

  it('refuses malformed directives, _HLS_part without _HLS_msn, and requests too far ahead with 400', async () => {
    // The last part is 2.0.
    for (const query of ['?_HLS_part=1', '?_HLS_msn=abc', '?_HLS_msn=-1', '?_HLS_msn=2&_HLS_msn=3', '?_HLS_skip=NO', '?_HLS_msn=5', '?_HLS_msn=2&_HLS_part=9', '?_HLS_msn=3&_HLS_part=4']) {
      const res = await fetch(url(query));
      expect(res.status, query).toBe(400);
      expect(res.headers.get('cache-control'), query).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin'), query).toBe('*');
      expect(((await res.json()) as { error: { code: string } }).error.code, query).toBe('BAD_REQUEST');
    }
    // Two segments ahead and within the Advance Part Limit: accepted (it waits).
    const controller = new AbortController();
    const waiting = fetch(url('?_HLS_msn=3&_HLS_part=2'), { signal: controller.signal }).catch(() => 'aborted');
    await sleep(200);
    controller.abort();
    expect(await waiting).toBe('aborted');
  });

  it('answers 503 when the part does not come within three target durations', async () => {
    const started = performance.now();
    const res = await fetch(url('?_HLS_msn=4'));
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 2 * 1000 - 50);
  }, 15_000);

  it('holds a request for the hinted part until it is written, and serves its bytes; other future parts are 404', async () => {
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="\.\.\/90p\/([^"]+)"/.exec(await (await fetch(url())).text())![1]!;
    expect(hint).toBe(`tk-part${String(fed).padStart(6, '0')}.m4s`);
    const beyond = await fetch(`${base}/hls/s1/90p/tk-part${String(fed + 1).padStart(6, '0')}.m4s`);
    expect(beyond.status).toBe(404);
    let settled = false;
    const hinted = fetch(`${base}/hls/s1/90p/${hint}`).then((res) => {
      settled = true;
      return res;
    });
    await sleep(300);
    expect(settled).toBe(false);
    const expected = fragments[fed]!;
    await push(1);
    const res = await hinted;
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(expected)).toBe(true);
  });

  it('answers _HLS_skip=YES with a delta update that skips exactly the segments beyond the Skip Boundary', async () => {
    await push(6 * 9); // 11+ s of segments past the start
    // Both wait for the same next part, so both render the same moment.
    const p = parts()!;
    const query = `_HLS_msn=${p.msn}&_HLS_part=${p.part + 1}`;
    const full = request(`?${query}`);
    const delta = request(`?${query}&_HLS_skip=YES`, { headers: { 'accept-encoding': 'gzip' } });
    await sleep(100);
    await push(1);
    await Promise.all([full.done, delta.done]);
    expect(delta.r.response!.headers.get('content-encoding')).toBe('gzip');
    const all = parsePlaylist(full.r.body);
    const total = all.segments.reduce((t, s) => t + (s.duration ?? s.parts.reduce((x, y) => x + y.duration, 0)), 0);
    let end = 0;
    const expected = all.segments.filter((s) => s.uri && (end += s.duration!) <= total - 12 + 1e-6).length;
    expect(expected).toBeGreaterThan(0);
    expect(delta.r.body).toContain(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${expected}\n`);
    expect(checkLowLatencyPlaylist(delta.r.body)).toEqual([]);
    const d = parsePlaylist(delta.r.body);
    expect(d.segments.map((s) => [s.msn, s.uri, s.parts.length])).toEqual(all.segments.slice(expected).map((s) => [s.msn, s.uri, s.parts.length]));
  });

  it('answers waiting requests when the live ends, and then ignores directives: ENDLIST from the file, no skip, no hint', async () => {
    const p = parts()!;
    const waiting = request(`?_HLS_msn=${p.msn}&_HLS_part=${p.part + 1}`);
    await sleep(100);
    // The run's pipe ends (its ffmpeg exited), then the job finishes the live.
    feed.end();
    await packager.endRun('tk-r1');
    await packager.finish();
    await waiting.done;
    expect(waiting.r.response!.status).toBe(200);
    expect(waiting.r.body).toContain('#EXT-X-ENDLIST');
    const after = await fetch(url('?_HLS_msn=999&_HLS_part=3&_HLS_skip=YES'));
    expect(after.status).toBe(200);
    const text = await after.text();
    expect(text).toBe(waiting.r.body);
    expect(text).not.toContain('#EXT-X-SKIP');
    expect(text).not.toContain('#EXT-X-PRELOAD-HINT');
    expect(checkLowLatencyPlaylist(text)).toEqual([]);
  });
});
