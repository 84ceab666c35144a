import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AckResult, type ChatMessage, type ChatStanding, type PollState, type PresenceCount } from '@yunzhan/shared';
import { startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { ADMIN_PASSWORD, connectClient, signIn, type TestSocket } from './helpers/server';
import { waitFor } from './helpers/util';

// Two real server processes (separate Node processes, one SQLite database, one Redis) are one
// cluster: a room spans both, moderation made on one holds on the other at once (not after a
// cache expiry), presence counts both, and a ballot cast on both at the same time counts once.
// The nodes trust channel policies read from the database for a minute (CHAT_POLICY_CACHE_MS),
// far longer than any test here waits: a refusal on the other node can only be the invalidation
// that crossed Redis, never an expiry, whatever the machine's load.

/** How long each node trusts a policy it read: longer than every wait below. */
const POLICY_CACHE_MS = 60_000;

const PREFIX = `test-cluster-${process.pid}-${Date.now()}`;

type Node = ClusterNode;

let redis: TestRedis;
let dataDir: string;
const nodes: Node[] = [];
const sockets: TestSocket[] = [];

async function startNode(index: number): Promise<Node> {
  const node = await startClusterNode(index, { dataDir, redisUrl: redis.url, redisKeyPrefix: PREFIX, env: { CHAT_POLICY_CACHE_MS: String(POLICY_CACHE_MS) } });
  nodes.push(node);
  return node;
}

function call<T>(socket: TestSocket, event: string, payload: unknown): Promise<AckResult<T>> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: AckResult<T>) => void) => void)(event, payload, resolve));
}

async function client(node: Node, cookie?: string): Promise<TestSocket> {
  const socket = await connectClient(node.url, cookie);
  sockets.push(socket);
  return socket;
}

async function signUp(node: Node, username: string): Promise<{ cookie: string; id: string }> {
  const res = await fetch(`${node.url}/api/auth/sign-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'viewer-password-1' }) });
  if (res.status !== 201) throw new Error(`sign-up of ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string } };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, id: body.user.id };
}

describe('two server processes on one Redis', () => {
  let a: Node;
  let b: Node;
  const eventId = `cluster-${Date.now().toString(36)}`;
  const channel = `event:${eventId}`;

  beforeAll(async () => {
    redis = await ensureRedis();
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-cluster-')), '.data');
    // One after the other: the first creates and migrates the shared database and seeds it.
    a = await startNode(0);
    b = await startNode(1);
    const admin = await signIn(a.url, 'admin', ADMIN_PASSWORD);
    const res = await fetch(`${a.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ id: eventId, title: 'Cluster test', description: '', hostIds: [] }),
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

  it('delivers a message sent on one node to a client on the other, and counts presence on both', async () => {
    const alice = await signUp(a, 'alice-cluster');
    const onA = await client(a, alice.cookie);
    const onB = await client(b);
    const presenceOnB: PresenceCount[] = [];
    onB.on('presence:count', (p) => presenceOnB.push(p));
    expect((await call(onA, 'event:join', { eventId })).ok).toBe(true);
    expect((await call(onB, 'event:join', { eventId })).ok).toBe(true);

    const received: ChatMessage[] = [];
    onB.on('chat:batch', (batch) => received.push(...batch.messages));
    const sent = await call<ChatMessage>(onA, 'chat:send', { channel, text: 'hello from node A' });
    expect(sent.ok).toBe(true);
    await waitFor(() => received.some((m) => m.text === 'hello from node A'), 5000, 'the message on node B');

    // Each node counts its own socket and hears about the other's within a presence tick.
    await waitFor(() => presenceOnB.some((p) => p.channel === channel && p.count === 2), 10_000, 'presence 2 on node B');
    const lobby = async (node: Node) => ((await (await fetch(`${node.url}/api/events/${eventId}`)).json()) as { viewerCount: number }).viewerCount;
    await waitFor(async () => (await lobby(a)) === 2 && (await lobby(b)) === 2, 10_000, 'viewerCount 2 in both lobbies');
  }, 60_000);

  it('applies a ban made on one node to the user’s next message on the other at once', async () => {
    const troll = await signUp(b, 'troll-cluster');
    const onB = await client(b, troll.cookie);
    const standings: ChatStanding[] = [];
    onB.on('chat:standing', (s) => standings.push(s));
    expect((await call(onB, 'event:join', { eventId })).ok).toBe(true);
    // Node B reads (and caches) the troll's standing: allowed.
    expect((await call(onB, 'chat:send', { channel, text: 'first words' })).ok).toBe(true);

    const admin = await client(a, await signIn(a.url, 'admin', ADMIN_PASSWORD));
    expect((await call(admin, 'event:join', { eventId })).ok).toBe(true);
    // Node B caches the standing for POLICY_CACHE_MS. Send once more right before the ban so that
    // its cached "allowed" is fresh: from here on only the invalidation from node A can refuse.
    expect((await call(onB, 'chat:send', { channel, text: 'still allowed' })).ok).toBe(true);
    const ban = await call(admin, 'mod:act', { channel, action: { type: 'ban', userId: troll.id, reason: 'test' } });
    expect(ban).toEqual({ ok: true, data: null });

    // The invalidation crosses Redis while the test's next send crosses a WebSocket: a send may
    // still slip through in those few milliseconds, then the sends are refused.
    let refusal: AckResult<ChatMessage> | undefined;
    await waitFor(
      async () => {
        const attempt = await call<ChatMessage>(onB, 'chat:send', { channel, text: 'still here?' });
        if (!attempt.ok && attempt.error.code === 'FORBIDDEN') refusal = attempt;
        return refusal !== undefined;
      },
      POLICY_CACHE_MS / 2,
      "a refusal on node B (the ban's invalidation; the cache would not expire yet)",
    );
    expect(refusal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'banned' } } });
    await waitFor(() => standings.some((s) => s.channel === channel && s.banned), 5000, 'the banned standing on node B');
  }, 60_000);

  it('counts a ballot cast on both nodes at the same moment once', async () => {
    const host = await client(a, await signIn(a.url, 'admin', ADMIN_PASSWORD));
    expect((await call(host, 'event:join', { eventId })).ok).toBe(true);
    const voter = await signUp(a, 'voter-cluster');
    const [onA, onB] = [await client(a, voter.cookie), await client(b, voter.cookie)];
    for (const s of [onA, onB]) expect((await call(s, 'event:join', { eventId })).ok).toBe(true);
    const states: PollState[] = [];
    onB.on('poll:state', (s) => states.push(s));

    const created = await call<PollState>(host, 'poll:create', { channel, question: 'Encore?', options: ['yes', 'no'] });
    if (!created.ok) throw new Error(created.error.message);
    const votes = await Promise.all([onA, onB, onA, onB].map((s, i) => call<PollState>(s, 'poll:vote', { pollId: created.data.id, choices: [i % 2] })));
    expect(votes.filter((v) => v.ok)).toHaveLength(1);
    expect(votes.filter((v) => !v.ok).map((v) => !v.ok && v.error.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    await waitFor(() => states.some((s) => s.id === created.data.id && s.totalVoters === 1), 5000, 'the tally on node B');
    expect(states.filter((s) => s.id === created.data.id).every((s) => s.totalVoters <= 1)).toBe(true);
  }, 60_000);
  it('recovers a viewer’s connection on the other node with the messages it missed', async () => {
    const speaker = await client(a, (await signUp(a, 'speaker-cluster')).cookie);
    expect((await call(speaker, 'event:join', { eventId })).ok).toBe(true);
    const viewerOnA = await client(a);
    expect((await call(viewerOnA, 'event:join', { eventId })).ok).toBe(true);
    const seen: string[] = [];
    viewerOnA.on('chat:batch', (b) => seen.push(...b.messages.map((m) => m.text)));
    expect((await call(speaker, 'chat:send', { channel, text: 'before the drop' })).ok).toBe(true);
    await waitFor(() => seen.includes('before the drop'), 5000, 'the first message');
    // socket.io-client keeps the session id and the offset of the last broadcast it received.
    const state = viewerOnA as unknown as { _pid?: string; _lastOffset?: string };
    expect(state._pid && state._lastOffset).toBeTruthy();

    viewerOnA.io.engine.close(); // the network drops: node A keeps the session in Redis
    await new Promise((r) => setTimeout(r, 300));
    expect((await call(speaker, 'chat:send', { channel, text: 'while away' })).ok).toBe(true);

    // The viewer comes back through the load balancer and lands on node B.
    const back = connect(b.url, { transports: ['websocket'], auth: { protocolVersion: PROTOCOL_VERSION }, reconnection: false, forceNew: true, autoConnect: false }) as unknown as TestSocket;
    sockets.push(back);
    Object.assign(back, { _pid: state._pid, _lastOffset: state._lastOffset });
    const missed: string[] = [];
    back.on('chat:batch', (batch) => missed.push(...batch.messages.map((m) => m.text)));
    back.connect();
    await waitFor(() => back.connected, 5000, 'the reconnection to node B');
    expect(back.recovered).toBe(true);
    await waitFor(() => missed.includes('while away'), 5000, 'the missed message replayed by node B');
    expect(missed).not.toContain('before the drop');
  }, 60_000);
});
