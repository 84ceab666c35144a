import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { checkLowLatencyPlaylist, lastPartOf, parsePlaylist } from '@yunzhan/media-worker';
import type { ChatMessage, EventSummary, PollState } from '@yunzhan/shared';
import { createTestDatabase, type TestDatabase } from '../server/src/db/test-postgres';
import { goLiveFromConsole, launchChromium, sampleVideo, waitForPlayingVideo } from './helpers/browser';
import { ok, signUp } from './helpers/chat';
import { startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import { ensureNginx, startNginx, type TestNginx } from './helpers/nginx';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, type TestSocket } from './helpers/server';
import { freePort, waitFor } from './helpers/util';
import { spawnWorkerHost, type WorkerHost } from './helpers/worker-host';

// The platform across hosts, each host a process group of its own with its own data folder,
// on its own loopback address, joined only by the real PostgreSQL and Redis, behind the real
// nginx: web/SFU nodes A and B (127.0.0.2/.3), media workers 1 and 2 (127.0.0.4/.5, `npm run
// worker`), nginx (127.0.0.6) in front of A and B. A host in Chromium (fake camera) goes live
// through nginx, which pins their socket to one node (the publisher's node); the live ladder runs
// on a worker; a viewer in Chromium plays LL-HLS through nginx and the nodes' proxies; chat and a
// poll vote cross nodes. The worker running the ladder is killed with SIGKILL (its whole process
// group, as when its host dies) and the other worker takes the live over while the viewer keeps
// playing; then the publisher's node is killed: the host's console reconnects through nginx to
// the other node, which adopts the live, and the same live goes on for the viewer and chat, and
// ends as one replay.

const NODE_A = '127.0.0.2';
const NODE_B = '127.0.0.3';
const WORKERS = ['127.0.0.4', '127.0.0.5'];
const PROXY = '127.0.0.6';
const keyPrefix = `yz-multihost-${process.pid}`;


let database: TestDatabase;
let redis: TestRedis;
const dataDirs: string[] = [];
const nodes: ClusterNode[] = [];
const workers: WorkerHost[] = [];
let nginx: TestNginx;
let browser: Browser | undefined;
const sockets: TestSocket[] = [];

function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yunzhan-multihost-${name}-`));
  dataDirs.push(dir);
  return dir;
}

/** `npm run worker` on `address`, in a process group of its own (a host). */
function startWorker(address: string): WorkerHost {
  const host = spawnWorkerHost(address, tempDir(`worker-${address}`), { url: redis.url, keyPrefix });
  workers.push(host);
  return host;
}

/** Pid, parent pid and command line of every process. */
function processTable(): { pid: number; ppid: number; cmd: string }[] {
  const rows: { pid: number; ppid: number; cmd: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      rows.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return rows;
}

/** The worker whose child is a live ladder's ffmpeg (it reads an SDP: `-f sdp`), if any. */
function ladderHost(): { worker: WorkerHost; ffmpegPid: number } | undefined {
  const table = processTable();
  for (const row of table) {
    if (!row.cmd.includes('ffmpeg') || !row.cmd.includes('-f sdp')) continue;
    const worker = workers.find((w) => w.child.pid === row.ppid && w.child.exitCode === null && w.child.signalCode === null);
    if (worker) return { worker, ffmpegPid: row.pid };
  }
  return undefined;
}

async function summary(base: string): Promise<EventSummary> {
  return (await (await fetch(`${base}/api/events/${DEMO_CAMERA_EVENT}`)).json()) as EventSummary;
}

/** The node holding the live now (its hold in Redis names it `<host>:<port>:<pid>`). */
async function liveOwner(): Promise<ClusterNode | undefined> {
  const redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    const owner = await redisClient.get(`${keyPrefix}:live:owner:${DEMO_CAMERA_EVENT}`);
    return owner ? nodes.find((n) => owner.startsWith(`${new URL(n.url).host}:`) && n.child.exitCode === null && n.child.signalCode === null) : undefined;
  } finally {
    redisClient.disconnect();
  }
}

/** The rendition playlists of a stream through `base`. */
async function renditionPlaylists(base: string, streamId: string): Promise<string[]> {
  const master = await (await fetch(`${base}/hls/${streamId}/master.m3u8`)).text();
  const uris = master.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  return Promise.all(uris.map(async (u) => (await fetch(`${base}/hls/${streamId}/${u.trim()}`)).text()));
}

beforeAll(async () => {
  ensureNginx();
  database = await createTestDatabase('multihost');
  redis = await ensureRedis();
  for (const address of WORKERS) startWorker(address);
  const env = { DATABASE_URL: database.url, LIVE_WORKERS: 'remote', TRUST_PROXY: 'loopback' };
  // Node A seeds the demo; B joins the same data afterwards.
  nodes.push(await startClusterNode(0, { host: NODE_A, dataDir: tempDir('node-a'), redisUrl: redis.url, redisKeyPrefix: keyPrefix, env: { ...env, RTP_LISTEN_IP: NODE_A } }));
  nodes.push(await startClusterNode(1, { host: NODE_B, dataDir: tempDir('node-b'), redisUrl: redis.url, redisKeyPrefix: keyPrefix, env: { ...env, RTP_LISTEN_IP: NODE_B } }));
  nginx = await startNginx({ nodes: nodes.map((n) => new URL(n.url).host), address: PROXY, port: await freePort() });
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await nginx?.stop();
  await Promise.all(nodes.map((n) => stopClusterNode(n)));
  for (const w of workers) {
    try {
      process.kill(-w.child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await Promise.race([Promise.all(workers.map((w) => w.exited)), new Promise((r) => setTimeout(r, 15_000))]);
  for (const w of workers) {
    try {
      process.kill(-w.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await database?.drop();
  if (redis) {
    await deleteKeys(redis.url, keyPrefix);
    await deleteKeys(redis.url, `bull:${keyPrefix}-live`);
    await deleteKeys(redis.url, `bull:${keyPrefix}-batch`);
    await redis.stop();
  }
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
}, 120_000);

describe('the platform on several hosts', () => {
  it('runs the live ladder on a worker host, plays it on every node through nginx, and survives the loss of that worker and of the publisher\'s node', async () => {
    // The host goes live in Chromium through nginx, from the fake camera.
    browser = await launchChromium(true);
    const host = await (await browser.newContext()).newPage();
    await goLiveFromConsole(host, nginx.url, DEMO_CAMERA_EVENT, 'host', HOST_PASSWORD);

    // Its ladder's ffmpeg is a worker's child, not a server's.
    const running = await waitFor(ladderHost, 90_000, "the live ladder's ffmpeg on a worker");
    for (const n of nodes) expect(processTable().find((p) => p.pid === running.ffmpegPid)!.ppid).not.toBe(n.child.pid);
    expect(processTable().filter((p) => p.cmd.includes('ffmpeg') && p.cmd.includes('-f sdp') && nodes.some((n) => n.child.pid === p.ppid))).toEqual([]);
    const publisherNode = (await waitFor(liveOwner, 10_000, 'the node holding the live'))!;
    const otherNode = nodes.find((n) => n !== publisherNode)!;

    // The other node knows the live (from the database) and offers its LL-HLS, proxied to the worker.
    const onOther = await waitFor(async () => {
      const s = await summary(otherNode.url);
      return s.status === 'live' && s.hls?.lowLatency ? s : undefined;
    }, 60_000, 'the live on the other node');
    const streamId = /^\/hls\/([^/]+)\//.exec(onOther.hls!.master)![1]!;
    const llBase = `${otherNode.url}${onOther.hls!.lowLatency!.replace(/master\.m3u8$/, '')}`;
    const master = await waitFor(async () => {
      const res = await fetch(`${llBase}master.m3u8`);
      return res.ok ? res.text() : undefined;
    }, 60_000, 'the LL master through the other node');
    const rendition = /^([a-z0-9]+)\.m3u8$/m.exec(master)![1]!;
    // A blocking reload through the other node: held on the worker until the next part exists.
    const now = lastPartOf(parsePlaylist(await (await fetch(`${llBase}${rendition}.m3u8`)).text()))!;
    const held = await fetch(`${llBase}${rendition}.m3u8?_HLS_msn=${now.msn}&_HLS_part=${now.part + 1}`);
    expect(held.status).toBe(200);
    const heldText = await held.text();
    expect(lastPartOf(parsePlaylist(heldText))!.part === now.part + 1 || lastPartOf(parsePlaylist(heldText))!.msn > now.msn).toBe(true);
    expect(checkLowLatencyPlaylist(heldText)).toEqual([]);
    expect(held.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);

    // A viewer in Chromium, through nginx (which spreads its requests over A and B).
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await page.goto(`${nginx.url}/events/${DEMO_CAMERA_EVENT}`);
    await waitForPlayingVideo(page, 60_000);
    expect(await page.evaluate(() => window.__yunzhan!.protocol)).toBe('ll-hls');

    // Chat and a poll vote cross nodes.
    const admin = await connectClient(publisherNode.url, await signIn(publisherNode.url, 'admin', ADMIN_PASSWORD));
    const viewer = await signUp(otherNode.url, 'multihost-viewer');
    const onOtherNode = await connectClient(otherNode.url, viewer.cookie);
    sockets.push(admin, onOtherNode);
    for (const s of [admin, onOtherNode]) await ok(s, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const channel = `event:${DEMO_CAMERA_EVENT}`;
    const heard: ChatMessage[] = [];
    onOtherNode.on('chat:batch', (p) => heard.push(...p.messages));
    const heardOnPublisherNode: ChatMessage[] = [];
    admin.on('chat:batch', (p) => heardOnPublisherNode.push(...p.messages));
    const sent = await ok<ChatMessage>(onOtherNode, 'chat:send', { channel, text: 'hello from the other node' });
    await waitFor(() => heardOnPublisherNode.find((m) => m.id === sent.id), 10_000, "the message on the publisher's node");
    const tallies: PollState[] = [];
    admin.on('poll:state', (s) => tallies.push(s));
    const poll = await ok<PollState>(admin, 'poll:create', { channel, question: 'Encore?', options: ['yes', 'no'] });
    await ok(onOtherNode, 'poll:vote', { pollId: poll.id, choices: [0] });
    await waitFor(() => tallies.find((t) => t.id === poll.id && t.totalVoters === 1), 10_000, "the vote counted on the publisher's node");

    // The worker running the ladder dies with its host (SIGKILL to its process group); the
    // other one takes the live over, and the viewer keeps playing.
    const lost = running.worker;
    process.kill(-lost.child.pid!, 'SIGKILL');
    await lost.exited;
    const taken = await waitFor(() => {
      const h = ladderHost();
      return h && h.worker !== lost ? h : undefined;
    }, 30_000, 'the ladder on the other worker');
    expect(taken.worker.address).not.toBe(lost.address);
    const before = (await sampleVideo(page))!.currentTime;
    await waitFor(async () => {
      const s = await sampleVideo(page);
      return s && !s.paused && s.currentTime > before + 8 ? s : undefined;
    }, 60_000, 'the viewer playing on, 8 s past the failover');
    // The playlists through the other node now come from the other worker and continue after a discontinuity.
    const afterWorker = await (await fetch(`${llBase}${rendition}.m3u8`)).text();
    const discontinuitiesAfterWorker = Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(afterWorker)?.[1] ?? 0);
    expect(discontinuitiesAfterWorker).toBeGreaterThanOrEqual(1);

    // The publisher's node dies: the host's console reconnects through nginx to the other node,
    // which takes the live over; the same live goes on for the viewer, and chat goes on.
    publisherNode.child.kill('SIGKILL');
    await publisherNode.exited;
    const atLoss = (await sampleVideo(page))!.currentTime;
    await waitFor(async () => ((await liveOwner()) === otherNode ? true : undefined), 60_000, 'the other node holding the live');
    await waitFor(async () => {
      const s = await sampleVideo(page);
      return s && !s.paused && s.currentTime > atLoss + 8 ? s : undefined;
    }, 90_000, "the viewer playing on, 8 s past the loss of the publisher's node");
    const resumed = await summary(otherNode.url);
    expect(resumed.status).toBe('live');
    expect(resumed.hls?.master).toBe(`/hls/${streamId}/master.m3u8`);
    const afterNode = await (await fetch(`${llBase}${rendition}.m3u8`)).text();
    expect(Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(afterNode)?.[1] ?? 0) + (afterNode.match(/#EXT-X-DISCONTINUITY\n/g)?.length ?? 0)).toBeGreaterThan(discontinuitiesAfterWorker);
    await host.getByTestId('end-live').waitFor({ state: 'visible', timeout: 10_000 });
    const late = await signUp(nginx.url, 'multihost-late');
    const throughProxy = await connectClient(nginx.url, late.cookie);
    sockets.push(throughProxy);
    await ok(throughProxy, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const again = await ok<ChatMessage>(throughProxy, 'chat:send', { channel, text: "still here after the publisher's node" });
    await waitFor(() => heard.find((m) => m.id === again.id), 10_000, "the message on the other node after the publisher's node died");

    // The host ends the show on the other node: one live, one replay, complete.
    await host.getByTestId('end-live').click();
    const ended = await waitFor(async () => {
      const s = await summary(otherNode.url);
      return s.status === 'ended' ? s : undefined;
    }, 60_000, 'the live ended');
    expect(ended.hls?.master).toBe(`/hls/${streamId}/master.m3u8`);
    const replay = await renditionPlaylists(otherNode.url, streamId);
    expect(replay.length).toBeGreaterThan(0);
    for (const playlist of replay) {
      expect(playlist).toContain('#EXT-X-ENDLIST');
      expect(playlist).toContain('#EXT-X-DISCONTINUITY');
    }
  }, 420_000);
});
