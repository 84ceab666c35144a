import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, PublicUser } from '@yunzhan/shared';
import { emitRaw } from '../helpers/chat';
import { startClusterNode, stopClusterNode, type ClusterNode } from '../helpers/cluster-node';
import { deleteKeys, ensureRedis, type TestRedis } from '../helpers/redis';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, type TestSocket } from '../helpers/server';
import { waitFor } from '../helpers/util';

// Finding 2: open socket.io connections were never re-checked. `socket.data.user` was set at the
// handshake only, so after sign-out the open socket still chatted as that user, and a demoted host
// kept moderating and publishing. Two server processes share one database and the real Redis:
// the session ends over HTTP on node A while the socket is open on node B.

const PREFIX = `test-revoke-${process.pid}-${Date.now()}`;
const STRONG = 'Quiet-Harbour-Lantern-4821';
const NEWER = 'Amber-Glacier-Violin-7350';

let redis: TestRedis;
let dataDir: string;
let a: ClusterNode;
let b: ClusterNode;
let admin: string;
const sockets: TestSocket[] = [];
const eventId = `revoke-${Date.now().toString(36)}`;
const channel = `event:${eventId}`;

async function json(node: ClusterNode, method: string, url: string, cookie?: string, body?: unknown): Promise<{ status: number; body: unknown; setCookie: string | null }> {
  const res = await fetch(`${node.url}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, setCookie: res.headers.get('set-cookie') };
}

async function signUp(node: ClusterNode, username: string): Promise<{ cookie: string; user: PublicUser }> {
  const res = await json(node, 'POST', '/api/auth/sign-up', undefined, { username, password: STRONG });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { cookie: res.setCookie!.split(';')[0]!, user: (res.body as { user: PublicUser }).user };
}

/** A socket on `node` with `cookie`, recording when it is told its session ended and when it drops. */
async function watched(node: ClusterNode, cookie: string) {
  const socket = await connectClient(node.url, cookie);
  sockets.push(socket);
  const seen: { ended?: { reason: string; at: number }; disconnected?: { reason: string; at: number } } = {};
  socket.on('session:ended', (p) => (seen.ended = { reason: p.reason, at: Date.now() }));
  socket.on('disconnect', (reason) => (seen.disconnected = { reason, at: Date.now() }));
  return { socket, seen };
}

const codeOf = (r: AckResult<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  redis = await ensureRedis();
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-revoke-')), '.data');
  a = await startClusterNode(0, { dataDir, redisUrl: redis.url, redisKeyPrefix: PREFIX });
  b = await startClusterNode(1, { dataDir, redisUrl: redis.url, redisKeyPrefix: PREFIX });
  admin = await signIn(a.url, 'admin', ADMIN_PASSWORD);
  const host = (await json(a, 'GET', '/api/users?role=host', admin)).body as PublicUser[];
  const created = await json(a, 'POST', '/api/events', admin, { id: eventId, title: 'Revocation test', description: '', hostIds: host.map((h) => h.id) });
  expect(created.status).toBe(201);
}, 150_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([a, b].filter(Boolean).map(stopClusterNode));
  if (redis) {
    await deleteKeys(redis.url, PREFIX);
    await redis.stop();
  }
  if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
}, 60_000);

describe('revoking sessions cuts open sockets on every node', () => {
  it('signing out on node A ends the socket opened with that session on node B', async () => {
    const viewer = await signUp(a, 'revoke-viewer');
    const { socket, seen } = await watched(b, viewer.cookie);
    expect(codeOf(await emitRaw(socket, 'event:join', { eventId }))).toBe('ok');
    expect(codeOf(await emitRaw(socket, 'chat:send', { channel, text: 'before sign-out' }))).toBe('ok');
    // Another session of the same account (another device) is not affected by this sign-out.
    const otherDevice = await signIn(a.url, 'revoke-viewer', STRONG);
    const other = await watched(b, otherDevice);

    const signedOutAt = Date.now();
    const out = await json(a, 'POST', '/api/auth/sign-out', viewer.cookie);
    expect(out.status).toBe(204);
    await waitFor(() => seen.disconnected, 10_000, 'the socket on node B to be cut');
    expect(seen.ended?.reason).toBe('signed-out');
    expect(socket.connected).toBe(false);
    console.log(`[revocation] from the sign-out request on node A to the disconnect on node B: ${seen.disconnected!.at - signedOutAt} ms`);

    // The old cookie now opens an anonymous connection, which may not chat.
    const again = await connectClient(b.url, viewer.cookie);
    sockets.push(again);
    expect(codeOf(await emitRaw(again, 'event:join', { eventId }))).toBe('ok');
    expect(codeOf(await emitRaw(again, 'chat:send', { channel, text: 'after sign-out' }))).toBe('UNAUTHENTICATED');
    expect(other.socket.connected).toBe(true);
    expect(other.seen.ended).toBeUndefined();
  });

  it("demoting a host on node A takes the moderator and publishing rights of the host's socket on node B", async () => {
    const hostCookie = await signIn(a.url, 'host', HOST_PASSWORD);
    const { socket, seen } = await watched(b, hostCookie);
    expect(codeOf(await emitRaw(socket, 'mod:state', { channel }))).toBe('ok');
    expect(codeOf(await emitRaw(socket, 'sfu:capabilities', { eventId }))).toBe('ok');

    const host = ((await json(a, 'GET', '/api/auth/me', hostCookie)).body as { user: PublicUser }).user;
    const demotedAt = Date.now();
    const demoted = await json(a, 'PATCH', `/api/users/${host.id}`, admin, { role: 'viewer' });
    expect(demoted.status).toBe(200);
    await waitFor(() => seen.disconnected, 10_000, "the host's socket on node B to be cut");
    expect(seen.ended?.reason).toBe('role-changed');
    console.log(`[revocation] from the role change request on node A to the disconnect on node B: ${seen.disconnected!.at - demotedAt} ms`);

    // The session is still good, but authorised anew it carries the new role's rights only.
    const again = await connectClient(b.url, hostCookie);
    sockets.push(again);
    expect(codeOf(await emitRaw(again, 'mod:state', { channel }))).toBe('FORBIDDEN');
    expect(codeOf(await emitRaw(again, 'sfu:capabilities', { eventId }))).toBe('FORBIDDEN');
    expect(codeOf(await emitRaw(again, 'event:join', { eventId }))).toBe('ok');
    expect(codeOf(await emitRaw(again, 'chat:send', { channel, text: 'still a viewer' }))).toBe('ok');
  });

  it("a new password ends the account's other sessions and their sockets, and keeps this browser signed in", async () => {
    const first = await signUp(a, 'revoke-changer');
    const laptop = await signIn(a.url, 'revoke-changer', STRONG);
    const { socket, seen } = await watched(b, laptop);

    const wrong = await json(a, 'POST', '/api/auth/password', first.cookie, { currentPassword: 'not-the-password', newPassword: NEWER });
    expect([wrong.status, (wrong.body as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    // A wrong current password changes nothing: the other session and its socket live on.
    expect(socket.connected).toBe(true);
    const changed = await json(a, 'POST', '/api/auth/password', first.cookie, { currentPassword: STRONG, newPassword: NEWER });
    expect(changed.status).toBe(204);
    await waitFor(() => seen.disconnected, 10_000, "the laptop's socket on node B to be cut");
    expect(seen.ended?.reason).toBe('password-changed');

    const me = async (cookie: string) => ((await json(b, 'GET', '/api/auth/me', cookie)).body as { user: PublicUser | null }).user;
    expect(await me(laptop)).toBeNull();
    expect(await me(first.cookie)).toBeNull();
    const renewed = changed.setCookie!.split(';')[0]!;
    expect((await me(renewed))?.username).toBe('revoke-changer');
    expect((await json(a, 'POST', '/api/auth/sign-in', undefined, { username: 'revoke-changer', password: STRONG })).status).toBe(401);
    expect((await json(a, 'POST', '/api/auth/sign-in', undefined, { username: 'revoke-changer', password: NEWER })).status).toBe(200);
  });
});
