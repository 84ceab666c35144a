import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './util';

/** A Redis for a test: the one at 127.0.0.1:6379 when it answers, else a throwaway redis-server. */
export interface TestRedis {
  url: string;
  /** Whether this is a redis-server of our own (nothing else uses it). */
  own: boolean;
  /** Stops our own redis-server; the shared one is left alone. */
  stop(): Promise<void>;
}

/** Whether something answers PING on 127.0.0.1:`port`. */
export function redisPings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function redisServerBinary(): string {
  const found = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('No Redis at 127.0.0.1:6379 and no redis-server to start (install redis-server)');
  execFileSync('apt-get', ['install', '-y', 'redis-server'], { stdio: 'ignore', timeout: 100_000 });
  return '/usr/bin/redis-server';
}

/** Uses the Redis at 127.0.0.1:6379, or starts one on a free port (installing redis-server when root and missing). */
export async function ensureRedis(): Promise<TestRedis> {
  if (await redisPings(6379)) return { url: 'redis://127.0.0.1:6379', own: false, stop: async () => {} };
  return startRedisServer();
}

/**
 * Starts a redis-server of our own (nothing kept on disk) on `port`, or a free one, and waits until
 * it answers. For tests that stop Redis under a running server; `stop()` then the same port again
 * brings it back empty.
 */
export async function startRedisServer(port?: number): Promise<TestRedis & { port: number }> {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(redisServerBinary(), ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => redisPings(p), 10_000, 'redis-server to answer');
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    own: true,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Deletes every key under `prefix` (what a test or bench left in a shared Redis). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const r = new Redis(url);
  try {
    const keys = await r.keys(`${prefix}*`);
    if (keys.length > 0) await r.del(...keys);
  } finally {
    await r.quit().catch(() => r.disconnect());
  }
}
