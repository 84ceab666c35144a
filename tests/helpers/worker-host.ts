import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run worker` as a host of its own in the multi-host tests: its own process group (so
// killing the group is its machine dying), address and data folder, joined only by Redis.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running media worker host. */
export interface WorkerHost {
  address: string;
  dataDir: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** Starts `media-worker/src/worker-main.ts` bound to and advertising `address`, one job of each type at once. */
export function spawnWorkerHost(address: string, dataDir: string, redis: { url: string; keyPrefix: string }): WorkerHost {
  const child = spawn(process.execPath, ['--import', 'tsx', 'media-worker/src/worker-main.ts'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      HOST: address,
      PORT: '0',
      WORKER_ADVERTISE_HOST: address,
      DATA_DIR: dataDir,
      CONCURRENCY: '1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { address, dataDir, child, exited: new Promise((r) => child.once('exit', r)) };
}
