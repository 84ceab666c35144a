import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { SlowModeRefusal, type NewChatMessage } from './chat-store';
import { REPLY_EXCERPT_LENGTH } from './sqlite-chat-store';
import { openStore } from './db-store';
import { migrate } from './legacy-migrate';

const everyone = { userId: null, moderator: false };

async function storeWithUsers() {
  const store = await openStore({ sqliteFile: ':memory:' });
  for (const id of ['u1', 'u2', 'mod']) await store.users.create({ id, username: id, displayName: id.toUpperCase(), role: 'viewer', passwordHash: 'x' });
  const message = (over: Partial<NewChatMessage> = {}): NewChatMessage => ({
    channel: 'event:e1',
    userId: 'u1',
    displayName: 'U1',
    text: 'hello',
    status: 'visible',
    replyToId: null,
    mentions: [],
    danmaku: null,
    clientId: null,
    ...over,
  });
  return { store, message };
}

describe('SQLite chat store', () => {
  it('numbers messages per channel and pages back with beforeSeq and forward with afterSeq', async () => {
    const { store, message } = await storeWithUsers();
    for (let i = 1; i <= 7; i++) await store.chat.insert(message({ text: `m${i}` }));
    await store.chat.insert(message({ channel: 'hall:h1', text: 'elsewhere' }));
    const newest = await store.chat.page({ channel: 'event:e1', limit: 3, viewer: everyone });
    expect(newest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(newest.hasMore).toBe(true);
    const older = await store.chat.page({ channel: 'event:e1', beforeSeq: 5, limit: 3, viewer: everyone });
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const oldest = await store.chat.page({ channel: 'event:e1', beforeSeq: 2, limit: 3, viewer: everyone });
    expect(oldest).toMatchObject({ hasMore: false, messages: [{ seq: 1, text: 'm1' }] });
    const after = await store.chat.page({ channel: 'event:e1', afterSeq: 2, limit: 3, viewer: everyone });
    expect(after.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(after.hasMore).toBe(true);
    const rest = await store.chat.page({ channel: 'event:e1', afterSeq: 5, limit: 3, viewer: everyone });
    expect(rest).toMatchObject({ hasMore: false });
    expect(rest.messages.map((m) => m.seq)).toEqual([6, 7]);
    expect((await store.chat.page({ channel: 'hall:h1', limit: 10, viewer: everyone })).messages.map((m) => m.seq)).toEqual([1]);
    await store.close();
  });

  it('returns the stored message for a retried clientId instead of storing it twice', async () => {
    const { store, message } = await storeWithUsers();
    const first = await store.chat.insert(message({ clientId: 'retry-key-1' }));
    const again = await store.chat.insert(message({ clientId: 'retry-key-1', text: 'changed' }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, message: first.message });
    // The key is the sender's own: someone else may use the same one.
    expect((await store.chat.insert(message({ userId: 'u2', clientId: 'retry-key-1' }))).created).toBe(true);
    await store.close();
  });

  it('enforces slow mode inside the insert, so two processes on one database cannot both let a message through', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yz-slow-')), 'chat.sqlite');
    const a = await openStore({ sqliteFile: file });
    const b = await openStore({ sqliteFile: file });
    await a.users.create({ id: 'u1', username: 'u1', displayName: 'U1', role: 'viewer', passwordHash: 'x' });
    const message: Omit<NewChatMessage, 'text'> = { channel: 'event:e1', userId: 'u1', displayName: 'U1', status: 'visible', replyToId: null, mentions: [], danmaku: null, clientId: null, minGapMs: 60_000 };
    const results = await Promise.allSettled([a.chat.insert({ ...message, text: 'from a' }), b.chat.insert({ ...message, text: 'from b' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(SlowModeRefusal);
    expect((refused?.reason as SlowModeRefusal).retryAfterMs).toBeGreaterThan(0);
    // Without slow mode the same sender writes again at once.
    expect((await b.chat.insert({ ...message, minGapMs: 0, text: 'again' })).created).toBe(true);
    await a.close();
    await b.close();
  });

  it('shows held and hidden messages only to their author and moderators', async () => {
    const { store, message } = await storeWithUsers();
    await store.chat.insert(message({ text: 'ok' }));
    await store.chat.insert(message({ text: 'held', status: 'held' }));
    await store.chat.insert(message({ text: 'hidden', status: 'hidden', userId: 'u2' }));
    const texts = async (viewer: { userId: string | null; moderator: boolean }) =>
      (await store.chat.page({ channel: 'event:e1', limit: 10, viewer })).messages.map((m) => m.text);
    expect(await texts(everyone)).toEqual(['ok']);
    expect(await texts({ userId: 'u1', moderator: false })).toEqual(['ok', 'held']);
    expect(await texts({ userId: 'u2', moderator: false })).toEqual(['ok', 'hidden']);
    expect(await texts({ userId: 'mod', moderator: true })).toEqual(['ok', 'held', 'hidden']);
    expect((await store.chat.held('event:e1', 10)).map((m) => m.text)).toEqual(['held']);
    await store.close();
  });

  it('quotes the message a reply answers, shortened, and drops the quote once that message is deleted', async () => {
    const { store, message } = await storeWithUsers();
    const original = (await store.chat.insert(message({ text: 'x'.repeat(200) }))).message;
    const reply = (await store.chat.insert(message({ userId: 'u2', displayName: 'U2', text: 're', replyToId: original.id }))).message;
    expect(reply.replyTo).toMatchObject({ id: original.id, displayName: 'U1' });
    expect([...reply.replyTo!.excerpt]).toHaveLength(REPLY_EXCERPT_LENGTH);
    await store.moderation.act('event:e1', 'mod', { type: 'delete', messageId: original.id }, new Date());
    expect((await store.chat.get(reply.id))?.replyTo?.excerpt).toBe('');
    await store.close();
  });

  it('writes every moderation action to the log with its effect, and neither when the action fails', async () => {
    const { store, message } = await storeWithUsers();
    const m = (await store.chat.insert(message())).message;
    const now = new Date('2030-01-01T00:00:00.000Z');
    await store.moderation.act('event:e1', 'mod', { type: 'mute', userId: 'u1', seconds: 60, reason: 'calm down' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'ban', userId: 'u2', reason: '' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'slow-mode', seconds: 30 }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'keyword-add', phrase: 'spam', action: 'hold' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: m.id }, now);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: 'nope' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.moderation.act('hall:other', 'mod', { type: 'delete', messageId: m.id }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.moderation.standing('event:e1', 'u1')).toEqual({ mutedUntil: '2030-01-01T00:01:00.000Z', banned: false });
    expect(await store.moderation.standing('event:e1', 'u2')).toEqual({ mutedUntil: null, banned: true });
    expect(await store.moderation.settings('event:e1')).toMatchObject({ slowModeSeconds: 30, keywordRules: [{ phrase: 'spam', action: 'hold' }] });
    expect((await store.chat.pinned('event:e1')).map((p) => p.id)).toEqual([m.id]);
    const log = await store.moderation.log('event:e1', 10);
    expect(log.map((l) => l.action.type)).toEqual(['pin', 'keyword-add', 'slow-mode', 'ban', 'mute']);
    expect(await store.moderation.log('hall:other', 10)).toEqual([]);
    await store.close();
  });

  it('moves existing event chat into channels, numbered by time (migration 6)', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.id < 6));
    db.prepare("INSERT INTO users (id, username, username_key, display_name, role, password_hash, created_at) VALUES ('u1', 'Ann', 'ann', 'Ann', 'viewer', 'x', '2026-01-01T00:00:00.000Z')").run();
    for (const e of ['e1', 'e2']) {
      db.prepare("INSERT INTO events (id, title, description, status, starts_at, created_at) VALUES (?, 'T', '', 'scheduled', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").run(e);
    }
    const insert = db.prepare("INSERT INTO chat_messages VALUES (?, ?, ?, 'u1', 'Ann', ?, ?)");
    insert.run('a', 7, 'e1', 'second', '2026-01-01T00:00:02.000Z');
    insert.run('b', 3, 'e1', 'first', '2026-01-01T00:00:01.000Z');
    insert.run('c', 9, 'e2', 'other', '2026-01-01T00:00:05.000Z');
    migrate(db);
    const rows = db.prepare('SELECT id, channel, seq, status, mentions, pinned FROM chat_messages ORDER BY channel, seq').all();
    expect(rows).toEqual([
      { id: 'b', channel: 'event:e1', seq: 1, status: 'visible', mentions: '[]', pinned: 0 },
      { id: 'a', channel: 'event:e1', seq: 2, status: 'visible', mentions: '[]', pinned: 0 },
      { id: 'c', channel: 'event:e2', seq: 1, status: 'visible', mentions: '[]', pinned: 0 },
    ]);
    expect(() => db.prepare("INSERT INTO chat_messages (id, channel, seq, user_id, display_name, text, created_at) VALUES ('d', 'event:e1', 2, 'u1', 'Ann', 'dup', 'x')").run()).toThrow(/UNIQUE/);
  });
});
