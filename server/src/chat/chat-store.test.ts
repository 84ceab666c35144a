import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../db/db-store';
import { migrateDatabase, openDatabase, type Database, type Engine } from '../db/database';
import { migrate } from '../db/legacy-migrate';
import { MIGRATIONS } from '../db/migrations';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { createTestDatabase } from '../db/test-postgres';
import { REPLY_EXCERPT_LENGTH, SlowModeRefusal, type NewChatMessage } from './chat-store';

const everyone = { userId: null, moderator: false };
const moderatorView = { userId: 'mod', moderator: true };

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

async function addUsers(store: Store, ids = ['u1', 'u2', 'mod']) {
  for (const id of ids) await store.users.create({ id, username: id, displayName: id.toUpperCase(), role: 'viewer', passwordHash: 'x' });
}

const seqs = async (store: Store, channel = 'event:e1') =>
  (await store.chat.page({ channel, limit: 1000, viewer: moderatorView })).messages.map((m) => m.seq);

describe.each(ENGINES)('chat store on %s', (engine) => {
  let t: TestStore;
  const others: Database[] = [];
  afterEach(async () => {
    for (const d of others.splice(0)) await d.close();
    await t?.dispose();
  });
  /** A second node: another handle on the same database. */
  const secondNode = async () => {
    const database = await openDatabase(t.target);
    others.push(database);
    return createStore(database);
  };

  it('numbers messages per channel and pages back with beforeSeq and forward with afterSeq', async () => {
    t = await openTestStore(engine, 'chat-paging');
    const { store } = t;
    await addUsers(store);
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
    expect(await seqs(store, 'hall:h1')).toEqual([1]);
  });

  it('keeps what a message was sent with: badge, mentions, danmaku, and the author\'s latest time', async () => {
    t = await openTestStore(engine, 'chat-fields');
    const { store } = t;
    await addUsers(store);
    const danmaku = { mode: 'top' as const, colour: '#ff0000' };
    const { message: m } = await store.chat.insert(message({ badge: 'host', mentions: ['u2'], danmaku, text: '你好 @u2' }));
    expect(await store.chat.get(m.id)).toEqual(m);
    expect(m).toMatchObject({ seq: 1, badge: 'host', mentions: ['u2'], text: '你好 @u2', pinned: false, replyTo: null, userId: 'u1', displayName: 'U1' });
    expect(m.danmaku).toEqual(danmaku);
    expect(await store.chat.lastMessageAt('event:e1', 'u1')).toBe(m.createdAt);
    expect(await store.chat.lastMessageAt('event:e1', 'u2')).toBeNull();
    expect(await store.chat.get('missing')).toBeNull();
  });

  it('returns the stored message for a retried clientId instead of storing it twice, without using up a seq', async () => {
    t = await openTestStore(engine, 'chat-client-id');
    const { store } = t;
    await addUsers(store);
    const first = await store.chat.insert(message({ clientId: 'retry-key-1' }));
    const again = await store.chat.insert(message({ clientId: 'retry-key-1', text: 'changed' }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, message: first.message });
    expect(await store.chat.byClientId('event:e1', 'u1', 'retry-key-1')).toEqual(first.message);
    expect(await store.chat.byClientId('event:e1', 'u2', 'retry-key-1')).toBeNull();
    // The key is the sender's own: someone else may use the same one.
    expect((await store.chat.insert(message({ userId: 'u2', clientId: 'retry-key-1' }))).created).toBe(true);
    expect(await seqs(store)).toEqual([1, 2]);
  });

  it('refuses a message inside slow mode without using up a seq, even when the caller\'s transaction commits', async () => {
    t = await openTestStore(engine, 'chat-slow');
    const { store } = t;
    await addUsers(store);
    await store.transaction(async (tx) => {
      await tx.chat.insert(message({ text: 'first' }));
      const refused = await tx.chat.insert(message({ text: 'too soon', minGapMs: 60_000 })).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(SlowModeRefusal);
      expect((refused as SlowModeRefusal).retryAfterMs).toBeGreaterThan(59_000);
    });
    // Another sender is not slowed by u1's message.
    expect((await store.chat.insert(message({ userId: 'u2', minGapMs: 60_000 }))).message.seq).toBe(2);
    expect(await seqs(store)).toEqual([1, 2]);
  });

  it('leaves no gap when the transaction of an insert rolls back', async () => {
    t = await openTestStore(engine, 'chat-rollback');
    const { store } = t;
    await addUsers(store);
    await store.chat.insert(message({ text: 'one' }));
    await expect(
      store.transaction(async (tx) => {
        await tx.chat.insert(message({ text: 'rolled back' }));
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await store.chat.insert(message({ text: 'two' }))).message.seq).toBe(2);
    expect((await store.chat.page({ channel: 'event:e1', limit: 10, viewer: everyone })).messages.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('shows held and hidden messages only to their author and moderators', async () => {
    t = await openTestStore(engine, 'chat-visibility');
    const { store } = t;
    await addUsers(store);
    await store.chat.insert(message({ text: 'ok' }));
    await store.chat.insert(message({ text: 'held', status: 'held' }));
    await store.chat.insert(message({ text: 'hidden', status: 'hidden', userId: 'u2' }));
    const texts = async (viewer: { userId: string | null; moderator: boolean }) =>
      (await store.chat.page({ channel: 'event:e1', limit: 10, viewer })).messages.map((m) => m.text);
    expect(await texts(everyone)).toEqual(['ok']);
    expect(await texts({ userId: 'u1', moderator: false })).toEqual(['ok', 'held']);
    expect(await texts({ userId: 'u2', moderator: false })).toEqual(['ok', 'hidden']);
    expect(await texts(moderatorView)).toEqual(['ok', 'held', 'hidden']);
    expect((await store.chat.held('event:e1', 10)).map((m) => m.text)).toEqual(['held']);
  });

  it('quotes the message a reply answers, shortened, and drops the quote once that message is deleted', async () => {
    t = await openTestStore(engine, 'chat-reply');
    const { store } = t;
    await addUsers(store);
    const original = (await store.chat.insert(message({ text: 'x'.repeat(200) }))).message;
    const reply = (await store.chat.insert(message({ userId: 'u2', displayName: 'U2', text: 're', replyToId: original.id }))).message;
    expect(reply.replyTo).toMatchObject({ id: original.id, displayName: 'U1' });
    expect([...reply.replyTo!.excerpt]).toHaveLength(REPLY_EXCERPT_LENGTH);
    await store.moderation.act('event:e1', 'mod', { type: 'delete', messageId: original.id }, new Date());
    expect((await store.chat.get(reply.id))?.replyTo?.excerpt).toBe('');
  });

  it('files a report once per reporter and lists open reports oldest first, in the order they were filed', async () => {
    t = await openTestStore(engine, 'chat-reports');
    const { store } = t;
    await addUsers(store, ['u1', 'u2', 'u3', 'mod']);
    const m = (await store.chat.insert(message())).message;
    expect(await store.chat.report({ channel: 'event:e1', messageId: m.id, reporterId: 'u2', reason: 'spam', note: '' })).toBe(true);
    expect(await store.chat.report({ channel: 'event:e1', messageId: m.id, reporterId: 'u2', reason: 'abuse', note: 'again' })).toBe(false);
    expect(await store.chat.report({ channel: 'event:e1', messageId: m.id, reporterId: 'u3', reason: 'other', note: 'n' })).toBe(true);
    const open = await store.chat.openReports('event:e1', 10);
    expect(open.map((r) => [r.reporterId, r.reason])).toEqual([['u2', 'spam'], ['u3', 'other']]);
    expect(await store.chat.openReports('hall:other', 10)).toEqual([]);
    await store.moderation.act('event:e1', 'mod', { type: 'report-dismiss', reportId: open[0]!.id }, new Date());
    expect((await store.chat.openReports('event:e1', 10)).map((r) => r.reporterId)).toEqual(['u3']);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'report-dismiss', reportId: open[0]!.id }, new Date())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Approving the message closes its remaining reports.
    await store.moderation.act('event:e1', 'mod', { type: 'approve', messageId: m.id }, new Date());
    expect(await store.chat.openReports('event:e1', 10)).toEqual([]);
  });

  it('numbers 100 messages sent at once from two nodes 1..100 with no gap and no repeat', async () => {
    t = await openTestStore(engine, 'chat-seq-race');
    const a = t.store;
    await addUsers(a);
    const b = await secondNode();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).chat.insert(message({ userId: i % 3 ? 'u1' : 'u2', text: `m${i}` }))),
    );
    expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await seqs(a)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Another channel counts on its own.
    expect((await b.chat.insert(message({ channel: 'hall:h1' }))).message.seq).toBe(1);
  });

  it('stores one message when two nodes get the same clientId at once, and both answer with it', async () => {
    t = await openTestStore(engine, 'chat-client-id-race');
    const a = t.store;
    await addUsers(a);
    const b = await secondNode();
    for (let round = 0; round < 5; round++) {
      const key = `key-${round}`;
      const [x, y] = await Promise.all([a.chat.insert(message({ clientId: key, text: 'from a' })), b.chat.insert(message({ clientId: key, text: 'from b' }))]);
      expect([x.created, y.created].sort()).toEqual([false, true]);
      expect(x.message).toEqual(y.message);
    }
    expect(await seqs(a)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets one of two messages through when two nodes insert for the same sender in slow mode at once', async () => {
    t = await openTestStore(engine, 'chat-slow-race');
    const a = t.store;
    await addUsers(a);
    const b = await secondNode();
    for (const userId of ['u1', 'u2']) {
      const slow = message({ userId, minGapMs: 60_000 });
      const results = await Promise.allSettled([a.chat.insert({ ...slow, text: 'from a' }), b.chat.insert({ ...slow, text: 'from b' })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(SlowModeRefusal);
      expect((refused?.reason as SlowModeRefusal).retryAfterMs).toBeGreaterThan(0);
    }
    // Without slow mode the same sender writes again at once; the refusals used up no seq.
    expect((await b.chat.insert(message({ text: 'again' }))).message.seq).toBe(3);
  });
});

/** A database of `engine` with the migrations before `before` applied, and its disposal. */
async function databaseBefore(engine: Engine, before: number, label: string) {
  let target: { url?: string; sqliteFile?: string };
  let drop: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yunzhan-${label}-`));
    target = { sqliteFile: path.join(dir, 'db.sqlite') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const created = await createTestDatabase(label);
    target = { url: created.url };
    drop = created.drop;
  }
  const database = await openDatabase({ ...target, migrate: false });
  await migrateDatabase(database, MIGRATIONS.filter((m) => m.id < before));
  return {
    database,
    async dispose() {
      await database.close().catch(() => undefined);
      await drop();
    },
  };
}

describe.each(ENGINES)('chat upgrades on %s', (engine) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => dispose?.());

  it('keeps counting each channel on from its existing messages (migration 11)', async () => {
    const before = await databaseBefore(engine, 11, 'chat-upgrade');
    dispose = before.dispose;
    const { db } = before.database;
    await db.insertInto('users').values({ id: 'u1', username: 'Ann', username_key: 'ann', display_name: 'Ann', role: 'viewer', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const row = (id: string, channel: string, seq: number) => ({ id, channel, seq, user_id: 'u1', display_name: 'Ann', text: id, client_id: null, reply_to: null, danmaku: null, badge: null, created_at: '2026-01-01T00:00:00.000Z' });
    await db.insertInto('chat_messages').values([row('a', 'event:e1', 1), row('b', 'event:e1', 2), row('c', 'event:e1', 3), row('d', 'hall:h1', 1)]).execute();
    expect(await migrateDatabase(before.database)).toEqual(MIGRATIONS.filter((m) => m.id >= 11).map((m) => m.id));
    const store = createStore(before.database);
    expect((await store.chat.insert(message())).message.seq).toBe(4);
    expect((await store.chat.insert(message({ channel: 'hall:h1' }))).message.seq).toBe(2);
    expect((await store.chat.insert(message({ channel: 'hall:new' }))).message.seq).toBe(1);
  });
});

describe('chat upgrades of SQLite files', () => {
  it('moves existing event chat into channels, numbered by time (migration 6)', () => {
    const db = new BetterSqlite3(':memory:');
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
    expect(db.prepare('SELECT channel, last_seq FROM chat_channel_seq ORDER BY channel').all()).toEqual([
      { channel: 'event:e1', last_seq: 2 },
      { channel: 'event:e2', last_seq: 1 },
    ]);
    expect(() => db.prepare("INSERT INTO chat_messages (id, channel, seq, user_id, display_name, text, created_at) VALUES ('d', 'event:e1', 2, 'u1', 'Ann', 'dup', 'x')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
