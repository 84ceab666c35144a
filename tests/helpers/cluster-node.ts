import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, HOST_PASSWORD } from './server';
import { freePort, waitFor } from './util';

// A server node as a separate Node process (`server/src/main.ts`), the way an operator runs one:
// the cluster tests start two on one data folder and one Redis.

/** The seeded curator's password on every node. */
export const CURATOR_PASSWORD = 'curator-test-password';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running server process. */
export interface ClusterNode {
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** Where a node keeps its data and which Redis joins it to the others. */
export interface ClusterNodeOptions {
  dataDir: string;
  /** The Redis that joins the nodes; none: each node on its own (e.g. joined only by PostgreSQL). */
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** Environment variables besides the defaults (e.g. TRUST_PROXY). */
  env?: Record<string, string>;
  /**
   * Loopback address the node binds its HTTP port and mediasoup to (e.g. 127.0.0.2, so nodes look
   * like separate hosts behind a proxy). Default 127.0.0.1.
   */
  host?: string;
}

/** Starts node number `index` (its own UDP ranges) and waits until it answers /healthz. */
export async function startClusterNode(index: number, options: ClusterNodeOptions): Promise<ClusterNode> {
  const port = await freePort();
  // Each node gets its own UDP ranges: both run a mediasoup worker on this machine.
  const rtc = 43000 + index * 200;
  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: host,
      ...(options.host ? { RTC_LISTEN_IP: host, RTC_ANNOUNCED_IP: host } : {}),
      DATA_DIR: options.dataDir,
      ADMIN_PASSWORD,
      HOST_PASSWORD,
      CURATOR_PASSWORD,
      REHEARSAL: 'off',
      RTMP_PORT: 'off',
      SRT_PORT: 'off',
      SEED_EXHIBITION: 'off',
      MEDIASOUP_WORKERS: '1',
      RTC_MIN_PORT: String(rtc),
      RTC_MAX_PORT: String(rtc + 99),
      RTP_MIN_PORT: String(rtc + 100),
      RTP_MAX_PORT: String(rtc + 199),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: options.redisKeyPrefix ?? 'yunzhan' } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const node = { url: `http://${host}:${port}`, child, exited: new Promise((r) => child.once('exit', r)) };
  try {
    await waitFor(async () => child.exitCode === null && (await fetch(`${node.url}/healthz`)).status < 500, 60_000, `server node ${index} to listen`);
  } catch (err) {
    await stopClusterNode(node);
    throw err;
  }
  return node;
}

/** SIGTERM, then SIGKILL after 20 s; resolves when the process is gone. */
export async function stopClusterNode(node: ClusterNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGTERM');
  const force = setTimeout(() => node.child.kill('SIGKILL'), 20_000);
  await node.exited;
  clearTimeout(force);
}
