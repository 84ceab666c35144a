import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { PROTOCOL_VERSION, type ChatMessage } from '@yunzhan/shared';
import { createTestDatabase, type TestDatabase } from '../../server/src/db/test-postgres';
import { ok } from '../helpers/chat';
import { startClusterNode, stopClusterNode, type ClusterNode } from '../helpers/cluster-node';
import { ensureNginx, startNginx, testWithDebianMainConfig, type TestNginx } from '../helpers/nginx';
import { deleteKeys, ensureRedis, type TestRedis } from '../helpers/redis';
import { ADMIN_PASSWORD, HOST_PASSWORD, type TestSocket } from '../helpers/server';
import { createUpload, patchUpload, uploadUrlOf } from '../helpers/tus';
import { freePort, waitFor } from '../helpers/util';

// docker/nginx/yunzhan.conf, as shipped, in front of two server nodes on separate loopback
// addresses (node A 127.0.0.2, node B 127.0.0.3, nginx 127.0.0.4) that share PostgreSQL and Redis
// and nothing else: each has its own DATA_DIR and MEDIA_DIR. Checked through nginx: sign-in and
// the Origin check, chat between two clients pinned to different nodes (one long-polling only),
// tus uploads staying on their node, and the HLS cache rules.

const NODE_A = '127.0.0.2';
const NODE_B = '127.0.0.3';
const PROXY = '127.0.0.4';

let database: TestDatabase;
let redis: TestRedis;
const keyPrefix = `yz-nginx-${process.pid}`;
const dataDirs: string[] = [];
let nodes: ClusterNode[] = [];
let nginx: TestNginx;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  ensureNginx();
  database = await createTestDatabase('nginx');
  redis = await ensureRedis();
  for (let i = 0; i < 2; i++) dataDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `yunzhan-nginx-node${i}-`)));
  const env = {
    DATABASE_URL: database.url,
    // nginx reaches the nodes from 127.0.0.1 (the kernel's source address for loopback), so the
    // nodes trust loopback proxies; in the compose file they trust nginx's own address.
    TRUST_PROXY: 'loopback',
  };
  nodes = await Promise.all(
    [NODE_A, NODE_B].map((host, i) => startClusterNode(i, { host, dataDir: dataDirs[i]!, redisUrl: redis.url, redisKeyPrefix: keyPrefix, env })),
  );
  nginx = await startNginx({ nodes: nodes.map((n) => new URL(n.url).host), address: PROXY, port: await freePort() });
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nginx?.stop();
  await Promise.all(nodes.map((n) => stopClusterNode(n)));
  await database?.drop();
  if (redis) {
    await deleteKeys(redis.url, keyPrefix);
    await redis.stop();
  }
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A JSON request through nginx as a browser page of the site sends it (Origin: the proxy's origin). */
async function post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${nginx.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: nginx.url, ...headers },
    body: JSON.stringify(body),
  });
}

async function signUpThroughProxy(username: string): Promise<string> {
  const res = await post('/api/auth/sign-up', { username, password: `${username}-lantern-Quay-58` });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Opens a bare Engine.IO long-polling session through nginx; returns its id. */
async function openPollingSession(cookie: string): Promise<string> {
  const res = await fetch(`${nginx.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return (JSON.parse(text.slice(text.indexOf('{'))) as { sid: string }).sid;
}

/**
 * Whether `node` holds the bare Engine.IO session `sid`, asked directly (not through nginx): the
 * session's own node accepts its close packet, any other answers 400 "Session ID unknown".
 */
async function nodeHolds(node: ClusterNode, sid: string): Promise<boolean> {
  const res = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, { method: 'POST', body: '1' });
  await res.text();
  return res.status === 200;
}

/** A browser id that nginx pins to `node` (found by trying fresh ids; the hash spreads them evenly). */
async function browserIdPinnedTo(node: ClusterNode): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const id = randomUUID();
    const sid = await openPollingSession(`yz_browser=${id}`);
    // Asking every node closes the probe session on its holder.
    const held = await Promise.all(nodes.map((n) => nodeHolds(n, sid)));
    if (held[nodes.indexOf(node)]) return id;
  }
  throw new Error(`no browser id landed on ${node.url} in 40 tries`);
}

/** A socket.io client through nginx with the given cookies and transports, connected. */
async function connectThroughProxy(cookie: string, transports: ('polling' | 'websocket')[]): Promise<TestSocket> {
  const socket: TestSocket = io(nginx.url, {
    transports,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { cookie, origin: nginx.url },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

describe('nginx (docker/nginx/yunzhan.conf) in front of two server nodes', () => {
  it("loads inside Debian's own nginx.conf, installed as docs/deployment.md says", () => {
    expect(() => testWithDebianMainConfig()).not.toThrow();
  });

  it('signs in and takes a state-changing request from the site, and refuses one from another origin', async () => {
    const signIn = await post('/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const admin = signIn.headers.get('set-cookie')!.split(';')[0]!;
    // The Origin check compares with the Host nginx passes on (the browser's, port included).
    const me = await fetch(`${nginx.url}/api/auth/me`, { headers: { cookie: admin } });
    expect(me.status).toBe(200);
    const created = await post('/api/auth/sign-up', { username: 'proxied-viewer', password: 'proxied-viewer-lantern-Quay-58' });
    expect(created.status, await created.clone().text()).toBe(201);
    const foreign = await post('/api/auth/sign-up', { username: 'foreign-viewer', password: 'foreign-viewer-lantern-Quay-58' }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
  });

  it("tells the node the scheme nginx was reached over, not one the client claims", async () => {
    // The nodes trust loopback proxies, and this client is on loopback too: asked directly, a
    // claimed https is believed (HSTS goes out); through nginx, nginx's own X-Forwarded-Proto wins.
    const direct = await fetch(`${nodes[0]!.url}/api/auth/me`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.headers.get('strict-transport-security')).toMatch(/max-age=/);
    const proxied = await fetch(`${nginx.url}/api/auth/me`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toBeNull();
  });

  it('never lets a source link of an upload through from outside, however well signed', async () => {
    // Workers reach the nodes directly for /internal/; through nginx it is not there at all.
    const res = await fetch(`${nginx.url}/internal/sources/abc?expires=99999999999&sig=${'0'.repeat(64)}`);
    expect(res.status).toBe(404);
    // The node itself answers (and refuses the forged link): the 404 is nginx's.
    expect((await fetch(`${nodes[0]!.url}/internal/sources/abc?expires=99999999999&sig=${'0'.repeat(64)}`)).status).toBe(403);
  });

  it('keeps a long-polling session on the node that opened it, which every other node refuses', async () => {
    // Why /socket.io/ is pinned: round-robin would send the next poll to a node that answers 400.
    const sid = await openPollingSession(`yz_browser=${randomUUID()}`);
    const holders = await Promise.all(nodes.map((n) => nodeHolds(n, sid)));
    expect(holders.filter(Boolean)).toHaveLength(1);
  });

  it('carries chat between a long-polling client pinned to node A and a WebSocket client pinned to node B', async () => {
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const [bidA, bidB] = [await browserIdPinnedTo(a), await browserIdPinnedTo(b)];
    const [writer, reader] = [await signUpThroughProxy('nginx-writer'), await signUpThroughProxy('nginx-reader')];
    // Polling only: every request of the session (handshake, polls, sends) goes through nginx.
    const onA = await connectThroughProxy(`${writer}; yz_browser=${bidA}`, ['polling']);
    // The default transports: a long-poll handshake, then the WebSocket upgrade through nginx.
    const onB = await connectThroughProxy(`${reader}; yz_browser=${bidB}`, ['polling', 'websocket']);
    await waitFor(() => onB.io.engine.transport.name === 'websocket', 10_000, 'the upgrade to WebSocket through nginx');
    expect(onA.io.engine.transport.name).toBe('polling');
    // Each is on the node its browser id was probed on: the pin is a hash of that cookie alone.

    const channel = `event:${DEMO_CAMERA_EVENT}`;
    for (const s of [onA, onB]) await ok(s, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const received: ChatMessage[] = [];
    onB.on('chat:batch', (p) => received.push(...p.messages));
    const sent = await ok<ChatMessage>(onA, 'chat:send', { channel, text: 'from node A, through nginx' });
    const arrived = await waitFor(() => received.find((m) => m.id === sent.id), 10_000, 'the message on node B');
    expect(arrived.text).toBe('from node A, through nginx');
  });

  it('sends every chunk of a tus upload to the node that holds it, beyond the 2 MiB body limit of the API', async () => {
    const signIn = await post('/api/auth/sign-in', { username: 'host', password: HOST_PASSWORD });
    expect(signIn.status).toBe(200);
    const cookie = `${signIn.headers.get('set-cookie')!.split(';')[0]!}; yz_browser=${randomUUID()}`;
    const chunk = 3 * 1024 * 1024;
    const created = await createUpload(nginx.url, cookie, 2 * chunk, { filename: 'clip.mp4', filetype: 'video/mp4' });
    expect(created.status, created.body).toBe(201);
    const url = uploadUrlOf(nginx.url, created);
    const first = await patchUpload(url, cookie, 0, new Uint8Array(chunk).fill(7));
    expect(first.status, first.body).toBe(204);
    expect(first.headers['upload-offset']).toBe(String(chunk));
    // The bytes are on one node's disk only: no shared media folder.
    const holders = dataDirs.filter((d) => fs.existsSync(path.join(d, 'media', 'uploads')) && fs.readdirSync(path.join(d, 'media', 'uploads')).length > 0);
    expect(holders).toHaveLength(1);
  });

  describe('HLS through the cache', () => {
    const streamId = `replay-${randomUUID().slice(0, 8)}`;
    const segment = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 256));

    beforeAll(() => {
      // A finished stream's files, written on both nodes' disks: which node serves /hls/ for a
      // stream it does not hold (proxying to the worker that does) is the lead's part, not this test's.
      for (const dir of dataDirs) {
        const root = path.join(dir, 'media', 'hls', streamId);
        fs.mkdirSync(path.join(root, '720p'), { recursive: true });
        fs.writeFileSync(path.join(root, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720\n720p/index.m3u8\n');
        fs.writeFileSync(
          path.join(root, '720p', 'index.m3u8'),
          '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.0,\nseg-00001.m4s\n#EXT-X-ENDLIST\n',
        );
        fs.writeFileSync(path.join(root, '720p', 'init.mp4'), segment.subarray(0, 1024));
        fs.writeFileSync(path.join(root, '720p', 'seg-00001.m4s'), segment);
      }
    });

    const get = (file: string, headers: Record<string, string> = {}) => fetch(`${nginx.url}/hls/${streamId}/${file}`, { headers });

    it('caches a segment as immutable: the origin answers once, the cache after', async () => {
      const first = await get('720p/seg-00001.m4s');
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(first.headers.get('x-cache-status')).toBe('MISS');
      expect(Buffer.from(await first.arrayBuffer()).equals(segment)).toBe(true);
      const second = await get('720p/seg-00001.m4s', { cookie: 'yz_browser=someone-else' });
      expect(second.headers.get('x-cache-status')).toBe('HIT');
      expect(Buffer.from(await second.arrayBuffer()).equals(segment)).toBe(true);
      // The query string is part of the key (LL-HLS's _HLS_msn/_HLS_part name different objects).
      expect((await get('720p/seg-00001.m4s?v=2')).headers.get('x-cache-status')).toBe('MISS');
      expect((await get('720p/seg-00001.m4s?v=2')).headers.get('x-cache-status')).toBe('HIT');
    });

    it('sends ten identical requests that arrive together to the origin once', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => get('720p/init.mp4')));
      const statuses = answers.map((r) => r.headers.get('x-cache-status'));
      for (const r of answers) await r.arrayBuffer();
      expect(statuses.filter((s) => s === 'MISS')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'HIT')).toHaveLength(9);
    });

    it('never stores a playlist the origin marks no-store', async () => {
      for (const file of ['master.m3u8', '720p/index.m3u8', '720p/index.m3u8']) {
        const res = await get(file);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
        expect(res.headers.get('x-cache-status')).toBe('MISS');
        expect(await res.text()).toMatch(/^#EXTM3U/);
      }
    });

    it('never stores an error answer', async () => {
      for (let i = 0; i < 2; i++) {
        const missing = await get('720p/seg-00002.m4s');
        expect(missing.status).toBe(404);
        expect(missing.headers.get('x-cache-status')).toBe('MISS');
        await missing.text();
      }
      // Written after the 404s: the next request finds it, as a live's next segment would be.
      for (const dir of dataDirs) fs.writeFileSync(path.join(dir, 'media', 'hls', streamId, '720p', 'seg-00002.m4s'), segment);
      const found = await get('720p/seg-00002.m4s');
      expect(found.status).toBe(200);
      await found.arrayBuffer();
    });

    // Live LL-HLS through nginx (blocking reloads with the same _HLS_msn/_HLS_part collapsed into
    // one origin request, preload-hinted parts held until written, no-store errors not cached)
    // is added here by the lead once the media worker is the live's origin (issue 13).
  });
});
