import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, ChatMessage } from '@yunzhan/shared';
import { startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { ADMIN_PASSWORD, connectClient, signIn, type TestSocket } from './helpers/server';

// Two real server processes on one Redis enforce one set of limits: a sender spreading chat
// messages or password guesses over both nodes gets one allowance, not one per node. Each node
// counting in its own memory would let through twice as much here (see the counts per test).

const PREFIX = `test-cluster-limits-${process.pid}-${Date.now()}`;

let redis: TestRedis;
let dataDir: string;
const nodes: ClusterNode[] = [];
const sockets: TestSocket[] = [];
let octet = 0;
/** A client address of its own (the nodes trust X-Forwarded-For from loopback). */
const freshAddress = () => `198.51.100.${++octet}`;

function call<T>(socket: TestSocket, event: string, payload: unknown): Promise<AckResult<T>> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: AckResult<T>) => void) => void)(event, payload, resolve));
}

async function signInAs(node: ClusterNode, username: string, password: string, address: string): Promise<{ status: number; code?: string; retryAfterMs?: number }> {
  const res = await fetch(`${node.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { error?: { code: string; details?: { retryAfterMs?: number } } };
  return { status: res.status, code: body.error?.code, retryAfterMs: body.error?.details?.retryAfterMs };
}

async function signUp(node: ClusterNode, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
    body: JSON.stringify({ username, password: 'viewer-password-1' }),
  });
  if (res.status !== 201) throw new Error(`sign-up of ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('rate limits across two server processes on one Redis', () => {
  let a: ClusterNode;
  let b: ClusterNode;
  const eventId = `limits-${Date.now().toString(36)}`;
  const channel = `event:${eventId}`;

  beforeAll(async () => {
    redis = await ensureRedis();
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-cluster-limits-')), '.data');
    // 3 messages per account and 4 failed sign-ins per address, each per window of thousands of
    // seconds: nothing comes back during the test.
    const env = { TRUST_PROXY: 'loopback', CHAT_USER_RATE: '3/0.001', SIGN_IN_ADDRESS_RATE: '4/0.001' };
    // One after the other: the first creates and migrates the shared database and seeds it.
    a = await startClusterNode(0, { dataDir, redisUrl: redis.url, redisKeyPrefix: PREFIX, env });
    nodes.push(a);
    b = await startClusterNode(1, { dataDir, redisUrl: redis.url, redisKeyPrefix: PREFIX, env });
    nodes.push(b);
    const admin = await signIn(a.url, 'admin', ADMIN_PASSWORD);
    const res = await fetch(`${a.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ id: eventId, title: 'Limits across nodes', description: '', hostIds: [] }),
    });
    expect(res.status).toBe(201);
  }, 150_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map(stopClusterNode));
    if (redis) {
      await deleteKeys(redis.url, PREFIX);
      await redis.stop();
    }
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }, 60_000);

  it('limits chat messages from one account alternating between the nodes as one sender', async () => {
    const cookie = await signUp(a, 'chatty-across-nodes');
    const [onA, onB] = [await connectClient(a.url, cookie), await connectClient(b.url, cookie)];
    sockets.push(onA, onB);
    for (const s of [onA, onB]) expect((await call(s, 'event:join', { eventId })).ok).toBe(true);
    const results: AckResult<ChatMessage>[] = [];
    for (let i = 0; i < 8; i++) results.push(await call<ChatMessage>(i % 2 === 0 ? onA : onB, 'chat:send', { channel, text: `message ${i}` }));
    // Per node in memory: 6 sent (3 on each).
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(results[3]).toMatchObject({ ok: false, error: { details: { retryAfterMs: expect.any(Number) } } });
    // Another account on the same nodes still sends.
    const other = await connectClient(b.url, await signUp(b, 'quiet-across-nodes'));
    sockets.push(other);
    expect((await call(other, 'event:join', { eventId })).ok).toBe(true);
    expect((await call(other, 'chat:send', { channel, text: 'hello' })).ok).toBe(true);
  }, 60_000);

  it('backs an account off after five wrong passwords spread over both nodes and many addresses', async () => {
    await signUp(a, 'guessed-across-nodes');
    // Four wrong passwords, alternating nodes, each from its own address: all answered.
    for (let i = 0; i < 4; i++) expect((await signInAs(i % 2 === 0 ? a : b, 'guessed-across-nodes', `wrong-${i}`, freshAddress())).status).toBe(401);
    // Six more at once, three per node: the fifth failure is the last free one, and only one
    // guess passes the back-off it starts. Per node in memory: all six (five failures per node).
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => signInAs(i % 2 === 0 ? a : b, 'guessed-across-nodes', `burst-${i}`, freshAddress())));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(1);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect([r.code, r.retryAfterMs! > 0]).toEqual(['RATE_LIMITED', true]);
    // The right password on either node waits too: the back-off does not say whether a guess was right.
    expect((await signInAs(b, 'guessed-across-nodes', 'viewer-password-1', freshAddress())).status).toBe(429);
  }, 60_000);

  it('limits failed sign-ins from one address across both nodes', async () => {
    const office = freshAddress();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await signInAs(i % 2 === 0 ? a : b, `nobody-${i}`, 'wrong-password', office));
    // Per node in memory: six 401s (four allowed on each).
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
    // A right password from another address is served on either node.
    expect((await signInAs(b, 'admin', ADMIN_PASSWORD, freshAddress())).status).toBe(200);
  }, 60_000);
});
