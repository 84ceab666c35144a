import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  eventChannel,
  type ChatMessage,
  type ChatPage,
  type JoinResult,
  type ModState,
  type ModerationAction,
  type PublicUser,
} from '@yunzhan/shared';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';
import { emitRaw, inbox, ok, signUp } from './helpers/chat';

// Chat and moderation against the real server: every rule is checked on a fresh socket after a
// reconnect too, because bans, mutes and settings live in the database, not in a socket.
let server: TestServer;
let adminCookie: string;
let hostCookie: string;
let host: PublicUser;
const sockets: TestSocket[] = [];
let eventCount = 0;

const connect = async (cookie?: string) => {
  const s = await connectClient(server.url, cookie);
  sockets.push(s);
  return s;
};

/** A new event hosted by the demo host: each test gets a channel of its own. */
async function freshChannel(): Promise<{ eventId: string; channel: string }> {
  const eventId = `chat-test-${++eventCount}`;
  const res = await fetch(`${server.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie },
    body: JSON.stringify({ id: eventId, title: `Chat test ${eventCount}`, hostIds: [host.id] }),
  });
  if (res.status !== 201) throw new Error(`event not created: ${res.status} ${await res.text()}`);
  return { eventId, channel: eventChannel(eventId) };
}

/** Connects and joins an event's room; returns the socket and what the join answered. */
async function joined(eventId: string, cookie?: string): Promise<{ socket: TestSocket; join: JoinResult }> {
  const socket = await connect(cookie);
  const join = await ok<JoinResult>(socket, 'event:join', { eventId });
  return { socket, join };
}

const send = (socket: TestSocket, channel: string, text: string, extra: Record<string, unknown> = {}) => emitRaw<ChatMessage>(socket, 'chat:send', { channel, text, ...extra });
const act = (socket: TestSocket, channel: string, action: ModerationAction) => ok<null>(socket, 'mod:act', { channel, action });

let viewers: { user: PublicUser; cookie: string }[] = [];

beforeAll(async () => {
  // Generous chat limits: these tests send from one address much faster than people type.
  server = await startTestServer({ chatUserRate: { burst: 100, perSecond: 50 }, chatAddressRate: { burst: 1000, perSecond: 500 } });
  adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
  host = ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: hostCookie } })).json()) as { user: PublicUser }).user;
  viewers = [];
  for (const name of ['ann', 'bob', 'cyd', 'dee', 'eve']) viewers.push(await signUp(server.url, name));
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('chat moderation', () => {
  it('refuses a muted viewer with FORBIDDEN/muted, also on a new socket after reconnecting, until unmuted', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann] = viewers;
    const mod = (await joined(eventId, hostCookie)).socket;
    const first = await joined(eventId, ann!.cookie);
    const standings = inbox(first.socket).standings;
    expect((await send(first.socket, channel, 'before')).ok).toBe(true);

    await act(mod, channel, { type: 'mute', userId: ann!.user.id, seconds: 600, reason: 'cool off' });
    expect(await send(first.socket, channel, 'while muted')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'muted' } } });
    await waitFor(() => standings.find((s) => s.channel === channel && s.mutedUntil), 5000, 'a chat:standing with the mute');

    first.socket.disconnect();
    const again = await joined(eventId, ann!.cookie);
    expect(again.join.standing).toMatchObject({ channel, banned: false, mutedUntil: expect.any(String) });
    expect(await send(again.socket, channel, 'still muted')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'muted' } } });

    await act(mod, channel, { type: 'unmute', userId: ann!.user.id });
    expect(await send(again.socket, channel, 'after unmute')).toMatchObject({ ok: true, data: { status: 'visible' } });
  });

  it('refuses a banned viewer with FORBIDDEN/banned across a reconnect, until unbanned', async () => {
    const { eventId, channel } = await freshChannel();
    const bob = viewers[1]!;
    const mod = (await joined(eventId, hostCookie)).socket;
    const first = await joined(eventId, bob.cookie);
    await act(mod, channel, { type: 'ban', userId: bob.user.id, reason: 'spam' });
    expect(await send(first.socket, channel, 'banned')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'banned' } } });
    // Banned from writing, not from watching: the socket stays connected.
    expect(first.socket.connected).toBe(true);

    first.socket.disconnect();
    const again = await joined(eventId, bob.cookie);
    expect(again.join.standing.banned).toBe(true);
    expect(await send(again.socket, channel, 'banned again')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'banned' } } });
    // A ban in one channel is not a ban everywhere.
    const other = await freshChannel();
    const elsewhere = await joined(other.eventId, bob.cookie);
    expect((await send(elsewhere.socket, other.channel, 'elsewhere')).ok).toBe(true);

    await act(mod, channel, { type: 'unban', userId: bob.user.id });
    expect((await send(again.socket, channel, 'welcome back')).ok).toBe(true);
  });

  it('enforces slow mode per viewer with a retry time, across a reconnect, and exempts moderators', async () => {
    const { eventId, channel } = await freshChannel();
    const cy = viewers[2]!;
    const mod = (await joined(eventId, hostCookie)).socket;
    await act(mod, channel, { type: 'slow-mode', seconds: 60 });
    const first = await joined(eventId, cy.cookie);
    expect((await send(first.socket, channel, 'one')).ok).toBe(true);
    const second = await send(first.socket, channel, 'two');
    expect(second).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'slow-mode', retryAfterMs: expect.any(Number) } } });
    if (!second.ok) expect((second.error.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);

    first.socket.disconnect();
    const again = await joined(eventId, cy.cookie);
    expect(again.join.standing.nextMessageAt).not.toBeNull();
    expect(await send(again.socket, channel, 'three')).toMatchObject({ ok: false, error: { details: { reason: 'slow-mode' } } });

    for (const text of ['mod one', 'mod two', 'mod three']) expect((await send(mod, channel, text)).ok).toBe(true);
    await act(mod, channel, { type: 'slow-mode', seconds: 0 });
    expect((await send(again.socket, channel, 'slow mode off')).ok).toBe(true);
  });

  it('holds a message matching a hold keyword for review: only the author and moderators see it until approved', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann, bob] = viewers;
    const mod = await joined(eventId, hostCookie);
    const modBox = inbox(mod.socket);
    await act(mod.socket, channel, { type: 'keyword-add', phrase: 'Free Tickets', action: 'hold' });

    let author = await joined(eventId, ann!.cookie);
    // The rule holds on a fresh connection too.
    author.socket.disconnect();
    author = await joined(eventId, ann!.cookie);
    const authorBox = inbox(author.socket);
    const other = await joined(eventId, bob!.cookie);
    const otherBox = inbox(other.socket);

    const held = await send(author.socket, channel, 'get ＦＲＥＥ tickets here');
    expect(held).toMatchObject({ ok: true, data: { status: 'held' } });
    const heldId = held.ok ? held.data.id : '';
    // A later message reaches the other viewer; the held one before it never does.
    const control = await send(mod.socket, channel, 'control message');
    await waitFor(() => otherBox.messages.some((m) => m.id === (control.ok ? control.data.id : '')), 5000, 'the control message');
    expect(otherBox.messages.map((m) => m.id)).not.toContain(heldId);
    const otherHistory = await ok<ChatPage>(other.socket, 'chat:history', { channel });
    expect(otherHistory.messages.map((m) => m.id)).not.toContain(heldId);
    const authorHistory = await ok<ChatPage>(author.socket, 'chat:history', { channel });
    expect(authorHistory.messages.find((m) => m.id === heldId)?.status).toBe('held');

    await waitFor(() => modBox.queues.some((q) => q.held.some((m) => m.id === heldId)), 5000, 'the held message in mod:queue');
    const state = await ok<ModState>(mod.socket, 'mod:state', { channel });
    expect(state.held.map((m) => m.id)).toEqual([heldId]);
    expect(state.settings.keywordRules).toMatchObject([{ phrase: 'Free Tickets', action: 'hold' }]);

    await act(mod.socket, channel, { type: 'approve', messageId: heldId });
    await waitFor(() => otherBox.updates.find((m) => m.id === heldId && m.status === 'visible'), 5000, 'the approved message for the other viewer');
    await waitFor(() => authorBox.updates.find((m) => m.id === heldId && m.status === 'visible'), 5000, 'the approved message for its author');
    expect((await ok<ModState>(mod.socket, 'mod:state', { channel })).held).toEqual([]);
  });

  it('hides a message matching a hide keyword from everyone but its author and the moderators', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann, bob] = viewers;
    const mod = (await joined(eventId, hostCookie)).socket;
    await act(mod, channel, { type: 'keyword-add', phrase: 'badword', action: 'hide' });
    const author = (await joined(eventId, ann!.cookie)).socket;
    const other = await joined(eventId, bob!.cookie);
    const otherBox = inbox(other.socket);
    const hidden = await send(author, channel, 'a BadWord here');
    expect(hidden).toMatchObject({ ok: true, data: { status: 'hidden' } });
    const control = await send(mod, channel, 'after the hidden one');
    await waitFor(() => otherBox.messages.some((m) => control.ok && m.id === control.data.id), 5000, 'the control message');
    expect(otherBox.messages.some((m) => m.text.includes('BadWord'))).toBe(false);
    const id = hidden.ok ? hidden.data.id : '';
    expect((await ok<ChatPage>(other.socket, 'chat:history', { channel })).messages.map((m) => m.id)).not.toContain(id);
    expect((await ok<ChatPage>(author, 'chat:history', { channel })).messages.map((m) => m.id)).toContain(id);
    expect((await ok<ChatPage>(mod, 'chat:history', { channel })).messages.find((m) => m.id === id)?.status).toBe('hidden');
  });

  it('deletes a message as a tombstone through chat:update and pins one into event:join', async () => {
    const { eventId, channel } = await freshChannel();
    const mod = (await joined(eventId, hostCookie)).socket;
    const viewer = await joined(eventId, viewers[0]!.cookie);
    const box = inbox(viewer.socket);
    const doomed = await ok<ChatMessage>(viewer.socket, 'chat:send', { channel, text: 'regrettable' });
    const keeper = await ok<ChatMessage>(viewer.socket, 'chat:send', { channel, text: 'pin me' });
    await act(mod, channel, { type: 'delete', messageId: doomed.id });
    const tombstone = await waitFor(() => box.updates.find((m) => m.id === doomed.id), 5000, 'the tombstone');
    expect(tombstone).toMatchObject({ status: 'deleted', text: '', pinned: false });

    await act(mod, channel, { type: 'pin', messageId: keeper.id });
    await waitFor(() => box.updates.find((m) => m.id === keeper.id && m.pinned), 5000, 'the pin update');
    const later = await joined(eventId);
    expect(later.join.pinned.map((m) => m.id)).toEqual([keeper.id]);
    expect(later.join.history.map((m) => m.id)).not.toContain(doomed.id);
    expect(await emitRaw(mod, 'mod:act', { channel, action: { type: 'pin', messageId: doomed.id } })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await act(mod, channel, { type: 'unpin', messageId: keeper.id });
    expect((await joined(eventId)).join.pinned).toEqual([]);
  });

  it('stores replies with a short quote and mentions as user ids', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann, bob] = viewers;
    const a = (await joined(eventId, ann!.cookie)).socket;
    const b = (await joined(eventId, bob!.cookie)).socket;
    const original = await ok<ChatMessage>(a, 'chat:send', { channel, text: `long ${'x'.repeat(300)}` });
    const reply = await ok<ChatMessage>(b, 'chat:send', { channel, text: '@ann agreed, and @nobody-here too', replyToId: original.id, danmaku: { mode: 'top' } });
    expect(reply.replyTo).toMatchObject({ id: original.id, displayName: ann!.user.displayName });
    expect([...reply.replyTo!.excerpt].length).toBeLessThanOrEqual(80);
    expect(reply.mentions).toEqual([ann!.user.id]);
    expect(reply.danmaku).toEqual({ mode: 'top', colour: '#ffffff' });
    expect(await send(b, channel, 'to nowhere', { replyToId: 'no-such-message' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('puts reports in the review queue until a moderator dismisses them', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann, bob] = viewers;
    const mod = await joined(eventId, hostCookie);
    const modBox = inbox(mod.socket);
    const a = (await joined(eventId, ann!.cookie)).socket;
    const b = (await joined(eventId, bob!.cookie)).socket;
    const rude = await ok<ChatMessage>(a, 'chat:send', { channel, text: 'rude words' });
    expect(await ok(b, 'chat:report', { channel, messageId: rude.id, reason: 'abuse', note: 'not nice' })).toBeNull();
    // Reporting twice files one report.
    await ok(b, 'chat:report', { channel, messageId: rude.id, reason: 'abuse' });
    const queued = await waitFor(() => modBox.queues.find((q) => q.reports.length > 0), 5000, 'the report in mod:queue');
    expect(queued.reports).toMatchObject([{ messageId: rude.id, reporterId: bob!.user.id, reason: 'abuse', note: 'not nice' }]);
    const state = await ok<ModState>(mod.socket, 'mod:state', { channel });
    expect(state.reports).toHaveLength(1);
    expect(await emitRaw(b, 'mod:state', { channel })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emitRaw(b, 'chat:report', { channel, messageId: 'nope', reason: 'spam' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    await act(mod.socket, channel, { type: 'report-dismiss', reportId: state.reports[0]!.id });
    expect((await ok<ModState>(mod.socket, 'mod:state', { channel })).reports).toEqual([]);
  });

  it('keeps a members-only channel to accounts old enough', async () => {
    const { eventId, channel } = await freshChannel();
    const mod = (await joined(eventId, hostCookie)).socket;
    const viewer = (await joined(eventId, viewers[3]!.cookie)).socket;
    await act(mod, channel, { type: 'members-only', on: true, minAgeMinutes: 60 });
    expect(await send(viewer, channel, 'too new')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'members-only' } } });
    expect((await send(mod, channel, 'hosts may')).ok).toBe(true);
    await act(mod, channel, { type: 'members-only', on: true, minAgeMinutes: 0 });
    expect((await send(viewer, channel, 'any member')).ok).toBe(true);
  });

  it('lets only moderators act, lets owners name moderators, and logs every action', async () => {
    const { eventId, channel } = await freshChannel();
    const [ann, bob] = viewers;
    const mod = (await joined(eventId, hostCookie)).socket;
    const a = await joined(eventId, ann!.cookie);
    const aBox = inbox(a.socket);
    const b = (await joined(eventId, bob!.cookie)).socket;
    expect(await emitRaw(a.socket, 'mod:act', { channel, action: { type: 'slow-mode', seconds: 5 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const anon = (await joined(eventId)).socket;
    expect(await emitRaw(anon, 'mod:act', { channel, action: { type: 'slow-mode', seconds: 5 } })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    await act(mod, channel, { type: 'moderator-add', userId: ann!.user.id });
    await waitFor(() => aBox.standings.find((s) => s.channel === channel && s.moderator), 5000, 'the moderator standing');
    // A named moderator moderates, but does not name others, nor restrict moderators.
    await act(a.socket, channel, { type: 'mute', userId: bob!.user.id, seconds: 60, reason: '' });
    expect(await send(b, channel, 'muted by ann')).toMatchObject({ ok: false, error: { details: { reason: 'muted' } } });
    expect(await emitRaw(a.socket, 'mod:act', { channel, action: { type: 'moderator-add', userId: bob!.user.id } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emitRaw(a.socket, 'mod:act', { channel, action: { type: 'ban', userId: host.id, reason: '' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = (await joined(eventId, adminCookie)).socket;
    await act(admin, channel, { type: 'unmute', userId: bob!.user.id });
    await act(mod, channel, { type: 'moderator-remove', userId: ann!.user.id });
    expect(await emitRaw(a.socket, 'mod:act', { channel, action: { type: 'slow-mode', seconds: 5 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const { log } = await ok<ModState>(mod, 'mod:state', { channel });
    expect(log.map((l) => [l.action.type, l.moderatorId])).toEqual([
      ['moderator-remove', host.id],
      ['unmute', expect.any(String)],
      ['mute', ann!.user.id],
      ['moderator-add', host.id],
    ]);
  });

  it('pages history back with beforeSeq and forward with afterSeq', async () => {
    const { eventId, channel } = await freshChannel();
    const mod = (await joined(eventId, hostCookie)).socket;
    for (let i = 1; i <= 12; i++) await ok(mod, 'chat:send', { channel, text: `n${i}` });
    const newest = await ok<ChatPage>(mod, 'chat:history', { channel, limit: 5 });
    expect(newest.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(newest.hasMore).toBe(true);
    const back = await ok<ChatPage>(mod, 'chat:history', { channel, beforeSeq: 8, limit: 5 });
    expect(back.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
    const forward = await ok<ChatPage>(mod, 'chat:history', { channel, afterSeq: 9, limit: 5 });
    expect(forward).toMatchObject({ hasMore: false });
    expect(forward.messages.map((m) => m.text)).toEqual(['n10', 'n11', 'n12']);
    expect(await emitRaw(mod, 'chat:history', { channel, beforeSeq: 5, afterSeq: 2 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await emitRaw(mod, 'chat:history', { channel: 'event:no-such-event' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers a retried send with the same clientId with the stored message, broadcast once', async () => {
    const { eventId, channel } = await freshChannel();
    const viewer = (await joined(eventId, viewers[4]!.cookie)).socket;
    const watcher = await joined(eventId);
    const box = inbox(watcher.socket);
    const first = await ok<ChatMessage>(viewer, 'chat:send', { channel, text: 'only once', clientId: 'retry-0001' });
    const retry = await ok<ChatMessage>(viewer, 'chat:send', { channel, text: 'only once', clientId: 'retry-0001' });
    expect(retry).toEqual(first);
    const control = await ok<ChatMessage>(viewer, 'chat:send', { channel, text: 'next' });
    await waitFor(() => box.messages.some((m) => m.id === control.id), 5000, 'the next message');
    expect(box.messages.filter((m) => m.id === first.id)).toHaveLength(1);
  });

  it('recovers a dropped connection with the messages sent meanwhile (connection state recovery)', async () => {
    const { eventId, channel } = await freshChannel();
    const sender = (await joined(eventId, hostCookie)).socket;
    const socket: TestSocket = io(server.url, { transports: ['websocket'], auth: { protocolVersion: PROTOCOL_VERSION }, reconnectionDelay: 1000, randomizationFactor: 0, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await ok(socket, 'event:join', { eventId });
    const box = inbox(socket);
    const before = await ok<ChatMessage>(sender, 'chat:send', { channel, text: 'before the drop' });
    await waitFor(() => box.messages.some((m) => m.id === before.id), 5000, 'the first message');

    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await dropped;
    // The socket's own connect (the manager's 'reconnect' comes before the namespace is joined).
    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const during = await ok<ChatMessage>(sender, 'chat:send', { channel, text: 'while you were away' });
    await reconnected;
    expect(socket.recovered).toBe(true);
    await waitFor(() => box.messages.some((m) => m.id === during.id), 5000, 'the missed message, replayed');
    // Recovered with its rooms: new messages arrive without joining again.
    const after = await ok<ChatMessage>(sender, 'chat:send', { channel, text: 'after' });
    await waitFor(() => box.messages.some((m) => m.id === after.id), 5000, 'a message after recovery');
  });
});
