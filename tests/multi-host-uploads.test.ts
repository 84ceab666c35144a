import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMinimalGlb } from '@yunzhan/media-worker';
import { Asset } from '@yunzhan/shared';
import { createTestDatabase, type TestDatabase } from '../server/src/db/test-postgres';
import { CURATOR_PASSWORD, startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { signIn } from './helpers/server';
import { createUpload, patchUpload, uploadUrlOf } from './helpers/tus';
import { waitFor } from './helpers/util';
import { spawnWorkerHost, type WorkerHost } from './helpers/worker-host';

// Uploads across hosts that share no disk, each host a process group of its own with its own
// DATA_DIR and MEDIA_DIR on its own loopback address, joined by the real PostgreSQL and Redis:
// web nodes A and B (127.0.0.2/.3) and one media worker (127.0.0.4, `npm run worker`). A curator
// uploads to A; the worker fetches the source from A's signed link, processes it into its own
// MEDIA_DIR and serves it; both nodes proxy `/media/<asset>/` and `/hls/<asset>/` there. A model
// (served as uploaded) stays on A, and B proxies it to A.

const NODE_A = '127.0.0.2';
const NODE_B = '127.0.0.3';
const WORKER = '127.0.0.4';
const keyPrefix = `yz-mh-uploads-${process.pid}`;

let database: TestDatabase;
let redis: TestRedis;
const dirs: string[] = [];
const nodes: ClusterNode[] = [];
let worker: WorkerHost | undefined;
let cookie: string;

function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yunzhan-mh-uploads-${name}-`));
  dirs.push(dir);
  return dir;
}

const mediaDirOf = (dataDir: string) => path.join(dataDir, 'media');
/** Every file under `dir`, relative to it. */
const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : []);

/** Uploads `bytes` to `node` in one PATCH; returns the asset id. */
async function upload(node: ClusterNode, bytes: Uint8Array, filename: string, filetype: string): Promise<string> {
  const created = await createUpload(node.url, cookie, bytes.length, { filename, filetype });
  expect(created.status).toBe(201);
  const url = uploadUrlOf(node.url, created);
  const done = await patchUpload(url, cookie, 0, bytes);
  expect(done.status, done.body).toBe(200);
  return url.split('/').pop()!;
}

/** The asset once it is ready, as `node` reports it. */
function ready(node: ClusterNode, id: string, timeoutMs = 90_000): Promise<Asset> {
  return waitFor(
    async () => {
      const res = await fetch(`${node.url}/api/assets/${id}`, { headers: { cookie } });
      const asset = Asset.parse(await res.json());
      if (asset.status === 'failed') throw new Error(`asset ${id} failed: ${JSON.stringify(asset.error)}`);
      return asset.status === 'ready' ? asset : undefined;
    },
    timeoutMs,
    `asset ${id} to be ready`,
  );
}

beforeAll(async () => {
  database = await createTestDatabase('multihost_uploads');
  redis = await ensureRedis();
  worker = spawnWorkerHost(WORKER, tempDir('worker'), { url: redis.url, keyPrefix });
  const env = { DATABASE_URL: database.url };
  nodes.push(await startClusterNode(0, { host: NODE_A, dataDir: tempDir('node-a'), redisUrl: redis.url, redisKeyPrefix: keyPrefix, env }));
  nodes.push(await startClusterNode(1, { host: NODE_B, dataDir: tempDir('node-b'), redisUrl: redis.url, redisKeyPrefix: keyPrefix, env }));
  cookie = await signIn(nodes[0]!.url, 'curator', CURATOR_PASSWORD);
}, 180_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => stopClusterNode(n)));
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    process.kill(-worker.child.pid!, 'SIGTERM');
    const force = setTimeout(() => process.kill(-worker!.child.pid!, 'SIGKILL'), 20_000);
    await worker.exited;
    clearTimeout(force);
  }
  if (redis) {
    await deleteKeys(redis.url, keyPrefix);
    await deleteKeys(redis.url, `bull:${keyPrefix}-batch`);
    await redis.stop();
  }
  await database?.drop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}, 90_000);

describe('uploads on hosts that share no disk', () => {
  it('processes an image on the worker from the node that took it, and every node serves the renditions', async () => {
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3a6ea5' } }).png().toBuffer();
    const id = await upload(nodes[0]!, png, 'harbour.png', 'image/png');
    const asset = await ready(nodes[1]!, id);
    const images = asset.files!.images;
    expect(images.map((i) => i.width)).toEqual([128, 256, 512]);
    // The renditions are on the worker's disk only: neither node has them, nor the source.
    expect(filesUnder(path.join(mediaDirOf(worker!.dataDir), 'media', id)).filter((f) => f.endsWith('.webp'))).toHaveLength(3);
    for (const node of nodes) expect(filesUnder(path.join(mediaDirOf(dirOf(node)), 'media', id))).toEqual([]);
    expect(filesUnder(path.join(mediaDirOf(worker!.dataDir), '..', 'tmp', 'sources'))).toEqual([]);
    for (const node of nodes) {
      const res = await fetch(`${node.url}${images[2]!.url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(512);
    }
    // A rendition that does not exist is the origin's 404, passed on.
    expect((await fetch(`${nodes[1]!.url}/media/${id}/2048.webp`)).status).toBe(404);
  }, 120_000);

  it('transcodes a video on the worker, and a viewer on the other node gets its HLS ladder', async () => {
    const clip = path.join(tempDir('clip'), 'clip.mp4');
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', clip,
    ]);
    const id = await upload(nodes[0]!, fs.readFileSync(clip), 'rehearsal.mp4', 'video/mp4');
    const asset = await ready(nodes[1]!, id, 150_000);
    const master = await fetch(`${nodes[1]!.url}${asset.hls!.master}`);
    expect(master.status).toBe(200);
    const text = await master.text();
    expect(text).toContain('#EXT-X-STREAM-INF');
    const variant = text.split('\n').find((l) => l.trim() && !l.startsWith('#'))!.trim();
    const base = asset.hls!.master.slice(0, asset.hls!.master.lastIndexOf('/') + 1);
    const playlist = await (await fetch(`${nodes[1]!.url}${base}${variant}`)).text();
    expect(playlist).toContain('#EXT-X-ENDLIST');
    const segment = playlist.split('\n').find((l) => l.trim() && !l.startsWith('#'))!.trim();
    const dir = variant.includes('/') ? variant.slice(0, variant.lastIndexOf('/') + 1) : '';
    const bytes = await fetch(`${nodes[1]!.url}${base}${dir}${segment}`);
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(fs.existsSync(path.join(mediaDirOf(worker!.dataDir), 'hls', id))).toBe(true);
    expect(fs.existsSync(path.join(mediaDirOf(dirOf(nodes[0]!)), 'hls', id))).toBe(false);
  }, 180_000);

  it('serves a model from the node that took it, through the other node', async () => {
    const glb = buildMinimalGlb('multi-host test');
    const id = await upload(nodes[0]!, glb, 'bust.glb', 'model/gltf-binary');
    const asset = await ready(nodes[1]!, id);
    const res = await fetch(`${nodes[1]!.url}${asset.files!.model}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(glb)).toBe(true);
    expect(filesUnder(path.join(mediaDirOf(dirOf(nodes[1]!)), 'media', id))).toEqual([]);
  }, 60_000);

  it('gives an upload only to the holder of a link the node signed', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).png().toBuffer();
    const id = await upload(nodes[0]!, png, 'tiny.png', 'image/png');
    const expires = Math.floor(Date.now() / 1000) + 3600;
    for (const query of [`expires=${expires}&sig=${'0'.repeat(64)}`, `expires=${expires}`, `expires=1&sig=${'a'.repeat(64)}`, '']) {
      const res = await fetch(`${nodes[0]!.url}/internal/sources/${id}?${query}`);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    expect((await fetch(`${nodes[0]!.url}/internal/sources/..%2F..%2Fetc%2Fpasswd?expires=${expires}&sig=${'0'.repeat(64)}`)).status).toBe(403);
  }, 60_000);
});

/** The data folder a node was started with (tempDir order: worker, node A, node B). */
function dirOf(node: ClusterNode): string {
  return dirs[1 + nodes.indexOf(node)]!;
}
