import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset } from '@yunzhan/shared';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';
import { createUpload, headUpload, interruptedPatch, patchUpload, rawRequest, uploadUrlOf, type RawResponse } from './helpers/tus';

let server: TestServer;
let hostCookie: string;
let adminCookie: string;
let viewerCookie: string;
let clip: Buffer;
let uploadsDir: string;

const codeOf = (res: RawResponse) => (JSON.parse(res.body) as { error: { code: string } }).error.code;
const idOf = (uploadUrl: string) => uploadUrl.split('/').pop()!;
/** Entries of the uploads folder that belong to an upload (its bytes and its `.json`). */
const filesOf = (id: string) => fs.readdirSync(uploadsDir).filter((n) => n.startsWith(id));

/** Generates a clip with ffmpeg's test pattern and tone; MP4 with its index at the end, as phones write. */
function generateClip(file: string, seconds: number, size: string): Buffer {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', file,
  ]);
  return fs.readFileSync(file);
}

/** Creates an upload of `bytes` and sends them in one PATCH; returns the final response. */
async function uploadWhole(cookie: string, bytes: Uint8Array, metadata: Record<string, string>): Promise<{ url: string; res: RawResponse }> {
  const created = await createUpload(server.url, cookie, bytes.length, metadata);
  expect(created.status).toBe(201);
  const url = uploadUrlOf(server.url, created);
  return { url, res: await patchUpload(url, cookie, 0, bytes) };
}

beforeAll(async () => {
  server = await startTestServer();
  uploadsDir = path.join(server.config.mediaDir, 'uploads');
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
  adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  const signUp = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'viewer1', password: 'viewer-password' }),
  });
  expect(signUp.status).toBeLessThan(300);
  viewerCookie = await signIn(server.url, 'viewer1', 'viewer-password');
  clip = generateClip(path.join(server.dataDir, 'clip.mp4'), 6, '854x480');
});
afterAll(async () => server?.dispose());

describe('uploads (tus) checked by ffprobe and transcoded to the HLS ladder', () => {
  it('resumes an interrupted upload from the offset the server has, and ends as a playable ladder', async () => {
    const socket: TestSocket = await connectClient(server.url, hostCookie);
    const events: Asset[] = [];
    socket.on('asset:progress', (a) => events.push(Asset.parse(a)));
    try {
      const created = await createUpload(server.url, hostCookie, clip.length, { filename: '春节晚会 gala.mp4', filetype: 'video/mp4' });
      expect(created.status).toBe(201);
      expect(created.headers.location).toMatch(/^\/api\/uploads\/[A-Za-z0-9_-]+$/);
      // Same origin only: no CORS grant for other sites' pages.
      expect(created.headers['access-control-allow-origin']).toBeUndefined();
      const url = uploadUrlOf(server.url, created);

      // The connection drops after 60% of the bytes.
      await interruptedPatch(url, hostCookie, 0, clip, Math.floor(clip.length * 0.6));
      const head = await waitFor(async () => {
        const r = await headUpload(url, hostCookie);
        return Number(r.headers['upload-offset']) > 0 ? r : undefined;
      }, 15_000, 'the server to report the received bytes');
      expect(head.status).toBe(200);
      expect(Number(head.headers['upload-length'])).toBe(clip.length);
      const offset = Number(head.headers['upload-offset']);
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThanOrEqual(Math.floor(clip.length * 0.6));

      // Appending from anywhere but the server's offset is refused (409), with the wire shape.
      const wrong = await patchUpload(url, hostCookie, 0, clip.subarray(0, 10));
      expect(wrong.status).toBe(409);
      expect(codeOf(wrong)).toBe('CONFLICT');

      // The second PATCH continues from the offset and completes the upload.
      const done = await patchUpload(url, hostCookie, offset, clip.subarray(offset));
      expect(done.status).toBe(200);
      const accepted = Asset.parse((JSON.parse(done.body) as { asset: unknown }).asset);
      expect(accepted).toMatchObject({ id: idOf(url), filename: '春节晚会 gala.mp4', status: 'processing', sizeBytes: clip.length, width: 854, height: 480 });
      expect(accepted.durationSeconds).toBeCloseTo(6, 0);

      const ready = await waitFor(() => events.find((e) => e.id === accepted.id && e.status !== 'processing'), 60_000, 'the asset to be processed');
      expect(ready.status).toBe('ready');
      expect(ready.progress).toBe(100);
      const progress = events.filter((e) => e.id === accepted.id).map((e) => e.progress);
      expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
      expect(ready.hls).toEqual({
        master: `/hls/${accepted.id}/master.m3u8`,
        poster: `/hls/${accepted.id}/poster.jpg`,
        thumbnails: `/hls/${accepted.id}/thumbnails.vtt`,
      });

      // The API agrees, and the ladder is served: master, VOD media playlists, segments, poster, track.
      const viaApi = await fetch(`${server.url}/api/assets/${accepted.id}`, { headers: { cookie: hostCookie } });
      expect(Asset.parse(await viaApi.json())).toMatchObject({ status: 'ready', hls: ready.hls });
      const master = await (await fetch(`${server.url}${ready.hls!.master}`)).text();
      expect(master).toContain('RESOLUTION=854x480');
      expect(master).toContain('RESOLUTION=640x360');
      expect(master).not.toContain('720p');
      for (const rendition of ['480p', '360p']) {
        const media = await (await fetch(`${server.url}/hls/${accepted.id}/${rendition}/index.m3u8`)).text();
        expect(media).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
        expect(media.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
        const segment = media.split('\n').find((l) => l.endsWith('.m4s'))!;
        const res = await fetch(`${server.url}/hls/${accepted.id}/${rendition}/${segment}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('video/iso.segment');
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      }
      const poster = await fetch(`${server.url}${ready.hls!.poster}`);
      expect(poster.headers.get('content-type')).toBe('image/jpeg');
      const vtt = await fetch(`${server.url}${ready.hls!.thumbnails}`);
      expect(vtt.headers.get('content-type')).toContain('text/vtt');
      expect(await vtt.text()).toMatch(/^WEBVTT\n[\s\S]*sprite-000\.jpg#xywh=0,0,160,90/);

      const mine = (await (await fetch(`${server.url}/api/assets`, { headers: { cookie: hostCookie } })).json()) as Asset[];
      expect(mine.map((a) => a.id)).toContain(accepted.id);
    } finally {
      socket.disconnect();
    }
  });

  it('refuses a cut-off MP4 as MEDIA_CORRUPT and removes it from the uploads folder', async () => {
    const cut = clip.subarray(0, Math.floor(clip.length / 2));
    const { url, res } = await uploadWhole(hostCookie, cut, { filename: 'cut.mp4', filetype: 'video/mp4' });
    expect(res.status).toBe(422);
    expect(codeOf(res)).toBe('MEDIA_CORRUPT');
    expect(filesOf(idOf(url))).toEqual([]);
    const head = await headUpload(url, hostCookie);
    expect(head.status).toBe(404);
  });

  it('refuses a text file that claims to be a video as NOT_MEDIA and removes it', async () => {
    const text = Buffer.from('Meeting notes, definitely not a video.\n'.repeat(100));
    const { url, res } = await uploadWhole(hostCookie, text, { filename: 'notes.mp4', filetype: 'video/mp4' });
    expect(res.status).toBe(415);
    expect(codeOf(res)).toBe('NOT_MEDIA');
    expect(filesOf(idOf(url))).toEqual([]);
  });

  it('refuses non-video types and oversized files before any byte is sent', async () => {
    const before = fs.readdirSync(uploadsDir).length;
    const text = await createUpload(server.url, hostCookie, 100, { filename: 'notes.txt', filetype: 'text/plain' });
    expect(text.status).toBe(415);
    expect(codeOf(text)).toBe('NOT_MEDIA');
    const noName = await createUpload(server.url, hostCookie, 100, { filename: '../../etc/passwd', filetype: 'video/mp4' });
    expect(codeOf(noName)).toBe('VALIDATION_FAILED');
    const huge = await createUpload(server.url, hostCookie, 9 * 1024 ** 3, { filename: 'huge.mp4', filetype: 'video/mp4' });
    expect(huge.status).toBe(413);
    expect(codeOf(huge)).toBe('MEDIA_TOO_LARGE');
    expect(fs.readdirSync(uploadsDir).length).toBe(before);
  });

  it('lets only hosts and admins upload, and nobody touch another user’s upload', async () => {
    const viewer = await createUpload(server.url, viewerCookie, 100, { filename: 'a.mp4', filetype: 'video/mp4' });
    expect(viewer.status).toBe(403);
    expect(codeOf(viewer)).toBe('FORBIDDEN');
    const anonymous = await createUpload(server.url, undefined, 100, { filename: 'a.mp4', filetype: 'video/mp4' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${server.url}/api/assets`, { headers: { cookie: viewerCookie } })).status).toBe(403);

    const created = await createUpload(server.url, hostCookie, clip.length, { filename: 'mine.mp4', filetype: 'video/mp4' });
    const url = uploadUrlOf(server.url, created);
    const foreign = await headUpload(url, adminCookie);
    expect(foreign.status).toBe(404);
    expect((await patchUpload(url, adminCookie, 0, clip.subarray(0, 100))).status).toBe(404);
    expect((await headUpload(url, hostCookie)).headers['upload-offset']).toBe('0');
    // The bytes themselves are never served back.
    expect((await rawRequest(url, 'GET', { cookie: hostCookie })).status).toBe(404);
  });
});
