import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnCluster, type OwnPostgres } from '../server/src/db/test-postgres';
import { startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import type { AckResult, JoinResult } from '@yunzhan/shared';
import { ADMIN_PASSWORD, connectClient, type TestSocket } from './helpers/server';

// The server on a PostgreSQL of its own that this file stops and starts again: a database that
// cannot be reached at start stops the server with one line; one lost mid-run makes requests
// answer 503 DATABASE_UNAVAILABLE while the process stays up; once it is back, service resumes
// without a restart. Only accounts, sessions and events are used (the stores on the query layer).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let cluster: OwnPostgres;
let databaseUrl: string;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-outage-'));
  dirs.push(dir);
  return dir;
};

/** A role that must sign in with its password (the cluster's other connections are trusted). */
const APP_ROLE = 'yunzhan_app';
const APP_PASSWORD = 'right-horse-battery';

beforeAll(async () => {
  cluster = await startOwnCluster({ hba: [`host all ${APP_ROLE} 127.0.0.1/32 scram-sha-256`] });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE yunzhan');
  await admin.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}'`);
  await admin.end();
  databaseUrl = `postgres://postgres@127.0.0.1:${cluster.port}/yunzhan`;
});

afterAll(async () => {
  await cluster?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point with `env` until it exits; its exit code and stderr. */
function startAndFail(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), SEED_DEMO: 'off', REHEARSAL: 'off', RTMP_PORT: 'off', SRT_PORT: 'off', MEDIASOUP_WORKERS: '1', LOG_LEVEL: 'warn', REDIS_URL: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('a database that cannot be used at start', () => {
  it('stops the server with one line naming DATABASE_URL when PostgreSQL does not answer', async () => {
    await cluster.halt();
    try {
      const { code, stderr } = await startAndFail({ DATABASE_URL: databaseUrl });
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^yunzhan: cannot start: DATABASE_URL: cannot use PostgreSQL at 127\\.0\\.0\\.1:${cluster.port}/yunzhan: .*ECONNREFUSED`))]);
    } finally {
      await cluster.resume();
    }
  });

  it('names DATABASE_URL when its scheme is not PostgreSQL', async () => {
    const { code, stderr } = await startAndFail({ DATABASE_URL: 'mysql://root@127.0.0.1/yunzhan' });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^yunzhan: cannot start: DATABASE_URL has the scheme "mysql"/)]);
  });

  it('names DATABASE_URL when its role is unknown, without printing the password', async () => {
    const { code, stderr } = await startAndFail({ DATABASE_URL: `postgres://nobody:s3cret-pw@127.0.0.1:${cluster.port}/yunzhan` });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^yunzhan: cannot start: DATABASE_URL: cannot use PostgreSQL at .*role "nobody" does not exist/)]);
    expect(stderr).not.toContain('s3cret-pw');
  });

  it('names DATABASE_URL when the password is wrong, without printing it', async () => {
    // The role exists and must give its password (scram-sha-256): the wrong one is refused.
    const { code, stderr } = await startAndFail({ DATABASE_URL: `postgres://${APP_ROLE}:wrong-pw-123@127.0.0.1:${cluster.port}/yunzhan` });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^yunzhan: cannot start: DATABASE_URL: cannot use PostgreSQL at 127\\.0\\.0\\.1:${cluster.port}/yunzhan: .*password authentication failed for user "${APP_ROLE}"`)),
    ]);
    expect(stderr).not.toContain('wrong-pw-123');
    // The right password is accepted: the refusal was the password's.
    const right = new pg.Client({ connectionString: `postgres://${APP_ROLE}:${APP_PASSWORD}@127.0.0.1:${cluster.port}/yunzhan` });
    await right.connect();
    await right.end();
  });
});

describe('a database lost while the server runs', () => {
  let node: ClusterNode;
  beforeAll(async () => {
    node = await startClusterNode(0, { dataDir: tempDir(), redisUrl: '', redisKeyPrefix: 'outage', env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(async () => {
    if (node) await stopClusterNode(node);
  });

  const join = (socket: TestSocket, eventId: string) =>
    new Promise<AckResult<JoinResult>>((resolve) => socket.emit('event:join', { eventId }, resolve));

  const signIn = (password: string) =>
    fetch(`${node.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });

  it('answers 503 DATABASE_UNAVAILABLE while PostgreSQL is down and serves again once it is back, without a restart', async () => {
    const listed = await fetch(`${node.url}/api/events`);
    expect(listed.status).toBe(200);
    const eventId = ((await listed.json()) as { id: string }[])[0]!.id;
    const before = await signIn(ADMIN_PASSWORD);
    expect(before.status).toBe(200);
    const cookie = before.headers.get('set-cookie')!.split(';')[0]!;

    const socket = await connectClient(node.url);
    await cluster.halt();
    try {
      // A socket event that needs the database is acked with the same code.
      const refused = await join(socket, eventId);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.code).toBe('DATABASE_UNAVAILABLE');
      // A signed-in connection cannot be made (its session is in the database): refused with the code.
      const handshake = await connectClient(node.url, cookie).then(
        () => undefined,
        (err: unknown) => (err as { data?: { code?: string } }).data?.code,
      );
      expect(handshake).toBe('DATABASE_UNAVAILABLE');
      const health = await fetch(`${node.url}/healthz`);
      expect(health.status).toBe(503);
      expect((await health.json()).database).toMatchObject({ ok: false, driver: 'postgres', detail: expect.stringContaining('ECONNREFUSED') });

      for (const res of [await fetch(`${node.url}/api/events`), await signIn(ADMIN_PASSWORD), await fetch(`${node.url}/api/auth/me`, { headers: { cookie } })]) {
        expect(res.status).toBe(503);
        expect((await res.json()).error.code).toBe('DATABASE_UNAVAILABLE');
      }
      expect(node.child.exitCode).toBeNull();
      expect(node.child.signalCode).toBeNull();
    } finally {
      await cluster.resume();
    }

    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const events = await fetch(`${node.url}/api/events`);
    expect(events.status).toBe(200);
    expect((await events.json()).length).toBeGreaterThan(0);
    // The session made before the outage still holds, and new ones can be made.
    expect((await (await fetch(`${node.url}/api/auth/me`, { headers: { cookie } })).json()).user).toMatchObject({ username: 'admin' });
    expect((await signIn(ADMIN_PASSWORD)).status).toBe(200);
    expect((await join(socket, eventId)).ok).toBe(true);
    socket.disconnect();
    expect(node.child.exitCode).toBeNull();
  });
});
