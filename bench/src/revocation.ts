import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@yunzhan/shared';
import { startClusterNode, stopClusterNode, type ClusterNode } from '../../tests/helpers/cluster-node';
import { deleteKeys, ensureRedis } from '../../tests/helpers/redis';
import { freePort } from '../../tests/helpers/util';

// Issue 10, finding 2: a session ended on one node must cut its open sockets on every node within
// one second. Measured: from the moment a sign-out request leaves the client for node A to the
// moment a socket of that session, open on node B, is disconnected (two server processes, one
// database, the real Redis). Beside it, the bare tool: two socket.io servers on the same Redis
// streams adapter, server A emitting to a room and disconnecting it, the socket on server B.

/** Figures of one side, in ms. */
export interface RevocationSide {
  trials: number;
  p50: number;
  p95: number;
  max: number;
}

/** The revocation section's result. */
export interface RevocationFigures {
  yunzhan: RevocationSide;
  bare: RevocationSide;
}

const STRONG = 'Bench-Revoke-Harbour-7731';

function summarise(samples: number[]): RevocationSide {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { trials: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

function open(url: string, cookie?: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], auth: { protocolVersion: PROTOCOL_VERSION }, extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const disconnected = (socket: Socket) => new Promise<number>((resolve) => socket.once('disconnect', () => resolve(performance.now())));

async function post(url: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
}

async function measureYunzhan(redisUrl: string, trials: number, log: (s: string) => void): Promise<number[]> {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-revoke-')), '.data');
  const prefix = `bench-revoke-${process.pid}`;
  const nodes: ClusterNode[] = [];
  try {
    // Sign-in limits are not what is measured: one account signs in once per trial.
    const env = { SIGN_IN_ADDRESS_RATE: '1000/100', SIGN_UP_ADDRESS_RATE: '1000/100' };
    nodes.push(await startClusterNode(0, { dataDir, redisUrl, redisKeyPrefix: prefix, env }));
    nodes.push(await startClusterNode(1, { dataDir, redisUrl, redisKeyPrefix: prefix, env }));
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const signUp = await post(`${a.url}/api/auth/sign-up`, { username: 'bench-revoke', password: STRONG });
    if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
    const samples: number[] = [];
    for (let i = 0; i < trials; i++) {
      const res = await post(`${a.url}/api/auth/sign-in`, { username: 'bench-revoke', password: STRONG });
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      await res.arrayBuffer();
      const socket = await open(b.url, cookie);
      const cut = disconnected(socket);
      const start = performance.now();
      const out = await post(`${a.url}/api/auth/sign-out`, {}, cookie);
      await out.arrayBuffer();
      samples.push((await cut) - start);
    }
    log(`  Yunzhan: ${trials} sign-outs on node A, each cutting a socket on node B`);
    return samples;
  } finally {
    await Promise.all(nodes.map(stopClusterNode));
    await deleteKeys(redisUrl, prefix);
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

async function measureBare(redisUrl: string, trials: number, log: (s: string) => void): Promise<number[]> {
  const prefix = `bench-revoke-bare-${process.pid}`;
  const servers: { io: Server; http: http.Server; redis: Redis }[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const redis = new Redis(redisUrl);
      const server = http.createServer();
      const io = new Server(server, { adapter: createAdapter(redis, { streamName: `${prefix}:sio`, channelPrefix: `${prefix}:sio`, sessionKeyPrefix: `${prefix}:sio:session:` }) });
      io.on('connection', (socket) => void socket.join(`session:${String(socket.handshake.auth.session)}`));
      const port = await freePort();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      servers.push({ io, http: server, redis });
    }
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    const samples: number[] = [];
    for (let i = 0; i < trials; i++) {
      const socket = connect(urlOf(b.http), { transports: ['websocket'], auth: { session: i }, reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const cut = disconnected(socket);
      const start = performance.now();
      a.io.to(`session:${i}`).emit('session:ended', { reason: 'signed-out' });
      a.io.in(`session:${i}`).disconnectSockets();
      samples.push((await cut) - start);
    }
    log(`  bare: ${trials} emits + disconnectSockets on server A, each cutting a socket on server B`);
    return samples;
  } finally {
    for (const s of servers) {
      await new Promise<void>((resolve) => s.io.close(() => resolve()));
      await s.redis.quit().catch(() => s.redis.disconnect());
    }
    await deleteKeys(redisUrl, prefix);
  }
}

/** Revocation latency across two nodes on Redis, Yunzhan against the bare adapter. BENCH_REVOKE_TRIALS sets the trials (default 50). */
export async function measureRevocation(log: (s: string) => void): Promise<RevocationFigures> {
  const trials = Math.max(5, Number(process.env.BENCH_REVOKE_TRIALS ?? 50));
  const redis = await ensureRedis();
  try {
    const bare = summarise(await measureBare(redis.url, trials, log));
    const yunzhan = summarise(await measureYunzhan(redis.url, trials, log));
    return { yunzhan, bare };
  } finally {
    await redis.stop();
  }
}
