import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
const STREAM = 'teststream';

/** GET with the path sent exactly as written (no client-side normalisation of `..`). */
function rawGet(url: string, rawPath: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const dir = path.join(server.config.mediaDir, 'hls', STREAM, '720p');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(server.config.mediaDir, 'hls', STREAM, 'master.m3u8'), '#EXTM3U\n');
  fs.writeFileSync(path.join(dir, 'seg-00001.m4s'), Buffer.alloc(1000, 7));
  fs.writeFileSync(path.join(server.config.dataDir, 'secret.txt'), 'do not serve');
});
afterAll(async () => server?.dispose());

describe('HTTP API and HLS delivery', () => {
  it('serves playlists uncached and segments immutable, with CORS and the right types', async () => {
    const m = await rawGet(server.url, `/hls/${STREAM}/master.m3u8`);
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toContain('application/vnd.apple.mpegurl');
    expect(m.headers['cache-control']).toContain('no-cache');
    expect(m.headers['access-control-allow-origin']).toBe('*');
    const s = await rawGet(server.url, `/hls/${STREAM}/720p/seg-00001.m4s`);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('video/iso.segment');
    expect(s.headers['cache-control']).toContain('immutable');
  });

  it('answers Range requests with 206 and the asked bytes', async () => {
    const r = await rawGet(server.url, `/hls/${STREAM}/720p/seg-00001.m4s`, { range: 'bytes=10-19' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 10-19/1000');
    expect(r.body.length).toBe(10);
  });

  it.each([
    '/hls/../secret.txt',
    `/hls/${STREAM}/../../secret.txt`,
    `/hls/${STREAM}/..%2f..%2fsecret.txt`,
    `/hls/${STREAM}/%2e%2e/%2e%2e/secret.txt`,
    `/hls/..%2f..%2fsecret.txt/x`,
    `/hls/${STREAM}/720p/../../../secret.txt`,
    `/hls/${STREAM}/.hidden.m3u8`,
    `/hls/${STREAM}/a/b/c.m4s`,
    '/hls/%00/master.m3u8',
  ])('refuses the escaping path %s with 400 or 404', async (p) => {
    const r = await rawGet(server.url, p);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('do not serve');
  });

  it('answers 404 for a missing segment in the shared error shape', async () => {
    const r = await rawGet(server.url, `/hls/${STREAM}/720p/seg-99999.m4s`);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('lists events in the documented shape', async () => {
    const res = await fetch(`${server.url}/api/events`);
    const events = (await res.json()) as { id: string; title: string; status: string; hls: unknown }[];
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) {
      expect(e).toMatchObject({ id: expect.any(String), title: expect.any(String), status: expect.stringMatching(/^(scheduled|live|ended)$/) });
      expect(e.hls === null || typeof (e.hls as { master: string }).master === 'string').toBe(true);
    }
  });

  it('reports the database, every mediasoup worker and ffmpeg on /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: { ok: boolean }; mediasoup: { workers: { pid: number; alive: boolean }[] }; ffmpeg: { version: string } };
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.mediasoup.workers.length).toBe(1);
    expect(body.mediasoup.workers[0]!.alive).toBe(true);
    expect(body.ffmpeg.version).toMatch(/\d/);
  });

  it('gives bad JSON, bad fields and wrong passwords stable error codes', async () => {
    const post = (p: string, body: string) => fetch(`${server.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await (await post('/api/auth/sign-in', '{not json')).json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const bad = await post('/api/auth/sign-up', JSON.stringify({ username: 'a', password: 'short' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { issues: expect.any(Array) } } });
    const wrong = await post('/api/auth/sign-in', JSON.stringify({ username: 'host', password: 'wrong-password' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const big = await post('/api/auth/sign-in', JSON.stringify({ username: 'x', password: 'y'.repeat(100_000) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const notAdmin = await post('/api/events', JSON.stringify({ title: 'x' }));
    expect(notAdmin.status).toBe(401);
  });
});
