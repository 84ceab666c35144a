import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, ChatMessage, JoinResult, PollState, PresenceCount, ReactionBurst } from '@yunzhan/shared';
import { ADMIN_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';

// Reactions, polls, presence and the chat fan-out over the real realtime protocol: a real server
// on a free port, typed clients, one event room.

let server: TestServer;
const sockets: TestSocket[] = [];
const eventId = 'interaction-test';
const channel = `event:${eventId}`;

function call<T>(socket: TestSocket, event: string, payload: unknown): Promise<AckResult<T>> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: AckResult<T>) => void) => void)(event, payload, resolve));
}

async function viewer(cookie?: string): Promise<TestSocket> {
  const socket = await connectClient(server.url, cookie);
  sockets.push(socket);
  const joined = await call<JoinResult>(socket, 'event:join', { eventId });
  if (!joined.ok) throw new Error(joined.error.message);
  return socket;
}

async function signUp(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'viewer-password-1' }) });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('interaction over the realtime protocol', () => {
  let admin: string;
  beforeAll(async () => {
    // The burst below is one account sending 12 messages at once: raise the chat limits (the knob the bench uses).
    server = await startTestServer({ chatUserRate: { burst: 50, perSecond: 10 }, chatAddressRate: { burst: 100, perSecond: 20 } });
    admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ id: eventId, title: 'Interaction', description: '', hostIds: [] }),
    });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.dispose();
  });

  it('sends a burst of chat as a few batches, every message once and in order', async () => {
    const watchers = await Promise.all([viewer(), viewer(), viewer()]);
    const batches: ChatMessage[][][] = watchers.map(() => []);
    watchers.forEach((w, i) => w.on('chat:batch', (b) => b.channel === channel && batches[i]!.push(b.messages)));
    const sender = await viewer(admin);
    const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => call<ChatMessage>(sender, 'chat:send', { channel, text: `burst ${i}` })));
    expect(sent.every((r) => r.ok)).toBe(true);
    await waitFor(() => batches.every((b) => b.flat().length === 12), 5000, 'every message at every watcher');
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(3);
      const seqs = b.flat().map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('sums reactions of one tick into one burst, refuses unknown ones and rate-limits floods', async () => {
    const watcher = await viewer();
    const bursts: ReactionBurst[] = [];
    watcher.on('reaction:burst', (b) => bursts.push(b));
    const senders = await Promise.all([viewer(), viewer(), viewer(await signUp('reactor'))]);
    const acks = await Promise.all(senders.flatMap((s) => [call(s, 'reaction:send', { channel, reaction: 'clap' }), call(s, 'reaction:send', { channel, reaction: 'heart' })]));
    expect(acks.every((a) => a.ok)).toBe(true);
    await waitFor(() => bursts.reduce((n, b) => n + (b.counts.clap ?? 0), 0) === 3, 3000, 'the clap burst');
    expect(bursts.reduce((n, b) => n + (b.counts.heart ?? 0), 0)).toBe(3);
    expect(bursts.length).toBeLessThanOrEqual(2);

    expect(await call(watcher, 'reaction:send', { channel, reaction: 'poop' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await call(watcher, 'reaction:send', { channel: 'event:elsewhere', reaction: 'clap' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const flood = await Promise.all(Array.from({ length: 30 }, () => call(watcher, 'reaction:send', { channel, reaction: 'wow' })));
    expect(flood.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toContain('RATE_LIMITED');
  });

  it('runs a poll: hosts open it, duplicate ballots count once, joiners get it, close ends it', async () => {
    const host = await viewer(admin);
    const cookie = await signUp('poll-voter');
    const [tabA, tabB, watcher] = [await viewer(cookie), await viewer(cookie), await viewer()];
    const states: PollState[] = [];
    watcher.on('poll:state', (s) => states.push(s));

    expect(await call(watcher, 'poll:create', { channel, question: 'x', options: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const created = await call<PollState>(host, 'poll:create', { channel, question: 'Encore?', options: ['yes', 'no'] });
    if (!created.ok) throw new Error(created.error.message);
    const pollId = created.data.id;
    const ballots = await Promise.all([tabA, tabB, tabA, tabB, tabA].map((s) => call<PollState>(s, 'poll:vote', { pollId, choices: [0] })));
    expect(ballots.filter((b) => b.ok)).toHaveLength(1);
    expect(ballots.filter((b) => !b.ok).every((b) => !b.ok && b.error.code === 'CONFLICT')).toBe(true);
    expect(await call(watcher, 'poll:vote', { pollId, choices: [1] })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await waitFor(() => states.some((s) => s.id === pollId && s.totalVoters === 1), 3000, 'the tally');

    const late = await connectClient(server.url);
    sockets.push(late);
    const joined = await call<JoinResult>(late, 'event:join', { eventId });
    expect(joined.ok && joined.data.polls.find((p) => p.id === pollId)).toMatchObject({ open: true, totalVoters: 1, options: [{ votes: 1 }, { votes: 0 }] });

    expect(await call<PollState>(host, 'poll:close', { pollId })).toMatchObject({ ok: true, data: { open: false } });
    await waitFor(() => states.some((s) => s.id === pollId && !s.open), 3000, 'the closed state');
    expect(await call(tabA, 'poll:vote', { pollId, choices: [1] })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('counts presence for the room and the lobby from one source, one count per tick', async () => {
    const watcher = await viewer();
    const counts: PresenceCount[] = [];
    watcher.on('presence:count', (p) => p.channel === channel && counts.push(p));
    const lobby = async () => ((await (await fetch(`${server.url}/api/events/${eventId}`)).json()) as { viewerCount: number }).viewerCount;
    const before = await lobby();
    // Ten people: ten browsers, each with the presence cookie the page gives it.
    const crowd = await Promise.all(Array.from({ length: 10 }, (_, i) => viewer(`yz_browser=crowd-${i}`)));
    expect(await lobby()).toBe(before + 10);
    await waitFor(() => counts.some((c) => c.count === before + 10), 5000, 'the count after the crowd');
    // Ten joins inside one tick: one count (or two, when the tick fell in the middle), not ten.
    expect(counts.length).toBeLessThanOrEqual(2);
    expect(counts.at(-1)).toEqual({ channel, count: before + 10, approximate: false });
    for (const s of crowd) s.disconnect();
    await waitFor(async () => (await lobby()) === before, 5000, 'the lobby count after they left');
  });
});
