import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../db/db-store';
import { openDatabase, type Database } from '../db/database';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import type { NewChatMessage } from './chat-store';

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

describe.each(ENGINES)('moderation store on %s', (engine) => {
  let t: TestStore;
  const others: Database[] = [];
  afterEach(async () => {
    for (const d of others.splice(0)) await d.close();
    await t?.dispose();
  });
  const secondNode = async () => {
    const database = await openDatabase(t.target);
    others.push(database);
    return createStore(database);
  };

  it('writes every moderation action to the log with its effect, and neither when the action fails', async () => {
    t = await openTestStore(engine, 'mod-log');
    const { store } = t;
    await addUsers(store);
    const m = (await store.chat.insert(message())).message;
    const now = new Date('2030-01-01T00:00:00.000Z');
    await store.moderation.act('event:e1', 'mod', { type: 'mute', userId: 'u1', seconds: 60, reason: 'calm down' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'ban', userId: 'u2', reason: '' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'slow-mode', seconds: 30 }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'keyword-add', phrase: 'spam', action: 'hold' }, now);
    await store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: m.id }, now);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: 'nope' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.moderation.act('hall:other', 'mod', { type: 'delete', messageId: m.id }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.moderation.act('event:e1', 'mod', { type: 'ban', userId: 'nobody', reason: '' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.moderation.standing('event:e1', 'u1')).toEqual({ mutedUntil: '2030-01-01T00:01:00.000Z', banned: false });
    expect(await store.moderation.standing('event:e1', 'u2')).toEqual({ mutedUntil: null, banned: true });
    expect(await store.moderation.standing('hall:other', 'u2')).toEqual({ mutedUntil: null, banned: false });
    expect(await store.moderation.settings('event:e1')).toMatchObject({ slowModeSeconds: 30, keywordRules: [{ phrase: 'spam', action: 'hold' }] });
    expect((await store.chat.pinned('event:e1')).map((p) => p.id)).toEqual([m.id]);
    // Same time for all five: the log keeps the order they were written in.
    const log = await store.moderation.log('event:e1', 10);
    expect(log.map((l) => l.action.type)).toEqual(['pin', 'keyword-add', 'slow-mode', 'ban', 'mute']);
    expect(log[4]).toMatchObject({ moderatorId: 'mod', channel: 'event:e1', at: now.toISOString(), action: { type: 'mute', userId: 'u1', seconds: 60, reason: 'calm down' } });
    expect((await store.moderation.log('event:e1', 2)).map((l) => l.action.type)).toEqual(['pin', 'keyword-add']);
    expect(await store.moderation.log('hall:other', 10)).toEqual([]);
  });

  it('keeps neither the effect nor the log line when writing the log fails', async () => {
    t = await openTestStore(engine, 'mod-atomic');
    const { store } = t;
    await addUsers(store);
    const m = (await store.chat.insert(message())).message;
    await sql`DROP TABLE chat_moderation_log`.execute(t.database.db);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'mute', userId: 'u1', seconds: 60, reason: '' }, new Date())).rejects.toThrow(/chat_moderation_log/);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'delete', messageId: m.id }, new Date())).rejects.toThrow(/chat_moderation_log/);
    await expect(store.moderation.act('event:e1', 'mod', { type: 'slow-mode', seconds: 10 }, new Date())).rejects.toThrow(/chat_moderation_log/);
    expect(await store.moderation.standing('event:e1', 'u1')).toEqual({ mutedUntil: null, banned: false });
    expect((await store.chat.get(m.id))?.status).toBe('visible');
    expect((await store.moderation.settings('event:e1')).slowModeSeconds).toBe(0);
  });

  it('rolls an action back with the caller\'s transaction', async () => {
    t = await openTestStore(engine, 'mod-outer-tx');
    const { store } = t;
    await addUsers(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.moderation.act('event:e1', 'mod', { type: 'ban', userId: 'u1', reason: 'x' }, new Date());
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await store.moderation.standing('event:e1', 'u1')).banned).toBe(false);
    expect(await store.moderation.log('event:e1', 10)).toEqual([]);
  });

  it('answers defaults for a channel never set, and undoes mutes, bans, rules, moderators and members-only', async () => {
    t = await openTestStore(engine, 'mod-settings');
    const { store } = t;
    await addUsers(store);
    expect(await store.moderation.settings('hall:h1')).toEqual({
      channel: 'hall:h1',
      slowModeSeconds: 0,
      membersOnly: false,
      membersOnlyMinAgeMinutes: 0,
      keywordRules: [],
      moderatorIds: [],
    });
    const now = new Date('2030-01-01T00:00:00.000Z');
    const act = (action: Parameters<Store['moderation']['act']>[2]) => store.moderation.act('hall:h1', 'mod', action, now);
    await act({ type: 'members-only', on: true, minAgeMinutes: 15 });
    await act({ type: 'keyword-add', phrase: 'one', action: 'hide' });
    await act({ type: 'keyword-add', phrase: 'two', action: 'hold' });
    await act({ type: 'moderator-add', userId: 'u2' });
    await act({ type: 'moderator-add', userId: 'u1' });
    await act({ type: 'moderator-add', userId: 'u2' });
    await expect(act({ type: 'moderator-add', userId: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const settings = await store.moderation.settings('hall:h1');
    expect(settings).toMatchObject({ membersOnly: true, membersOnlyMinAgeMinutes: 15, moderatorIds: ['u2', 'u1'] });
    expect(settings.keywordRules.map((r) => r.phrase)).toEqual(['one', 'two']);
    await act({ type: 'keyword-remove', ruleId: settings.keywordRules[0]!.id });
    await expect(act({ type: 'keyword-remove', ruleId: settings.keywordRules[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await act({ type: 'moderator-remove', userId: 'u2' });
    await act({ type: 'members-only', on: false, minAgeMinutes: 0 });
    await act({ type: 'mute', userId: 'u1', seconds: 60, reason: '' });
    await act({ type: 'mute', userId: 'u1', seconds: 120, reason: 'longer' });
    expect((await store.moderation.standing('hall:h1', 'u1')).mutedUntil).toBe('2030-01-01T00:02:00.000Z');
    await act({ type: 'ban', userId: 'u1', reason: '' });
    await act({ type: 'unmute', userId: 'u1' });
    await act({ type: 'unban', userId: 'u1' });
    expect(await store.moderation.standing('hall:h1', 'u1')).toEqual({ mutedUntil: null, banned: false });
    expect(await store.moderation.settings('hall:h1')).toMatchObject({ membersOnly: false, keywordRules: [{ phrase: 'two' }], moderatorIds: ['u1'] });
  });

  it('changes messages by the rules of their status: no approving a deleted one, pins only visible ones, a delete unpins', async () => {
    t = await openTestStore(engine, 'mod-messages');
    const { store } = t;
    await addUsers(store);
    const held = (await store.chat.insert(message({ status: 'held', text: 'held' }))).message;
    const shown = (await store.chat.insert(message({ text: 'shown' }))).message;
    await expect(store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: held.id }, new Date())).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const approved = await store.moderation.act('event:e1', 'mod', { type: 'approve', messageId: held.id }, new Date());
    expect(approved).toMatchObject({ kind: 'message', before: 'held', message: { id: held.id, status: 'visible' } });
    await store.moderation.act('event:e1', 'mod', { type: 'pin', messageId: shown.id }, new Date());
    const deleted = await store.moderation.act('event:e1', 'mod', { type: 'delete', messageId: shown.id }, new Date());
    expect(deleted).toMatchObject({ kind: 'message', before: 'visible', message: { status: 'deleted', pinned: false } });
    await expect(store.moderation.act('event:e1', 'mod', { type: 'approve', messageId: shown.id }, new Date())).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await store.chat.pinned('event:e1')).toEqual([]);
    expect((await store.moderation.log('event:e1', 10)).map((l) => l.action.type)).toEqual(['delete', 'pin', 'approve']);
  });

  it('never brings a message deleted on one node back when another approves it at the same moment', async () => {
    t = await openTestStore(engine, 'mod-race');
    const a = t.store;
    await addUsers(a);
    const b = await secondNode();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await a.chat.insert(message({ status: 'held', text: `m${i}` }))).message.id);
    const results = await Promise.allSettled(
      ids.flatMap((id, i) => {
        const del = (i % 2 ? a : b).moderation.act('event:e1', 'mod', { type: 'delete', messageId: id }, new Date());
        const approve = (i % 2 ? b : a).moderation.act('event:e1', 'mod', { type: 'approve', messageId: id }, new Date());
        return i % 3 ? [del, approve] : [approve, del];
      }),
    );
    // An approval either came first (then the delete) or was refused (the message was deleted).
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'INVALID_STATE')).toBe(true);
    for (const id of ids) expect((await a.chat.get(id))?.status).toBe('deleted');
    const log = await a.moderation.log('event:e1', 100);
    expect(log.filter((l) => l.action.type === 'delete')).toHaveLength(10);
    expect(log.filter((l) => l.action.type === 'approve')).toHaveLength(results.filter((r) => r.status === 'fulfilled').length - 10);
  });

  it('keeps a channel to 200 keyword rules when two nodes add rules at once', async () => {
    t = await openTestStore(engine, 'mod-rule-cap');
    const a = t.store;
    await addUsers(a);
    const b = await secondNode();
    await t.database.db
      .insertInto('chat_keyword_rules')
      .values(Array.from({ length: 198 }, (_, i) => ({ id: `r${i}`, channel: 'event:e1', phrase: `p${i}`, action: 'hide', created_at: '2030-01-01T00:00:00.000Z' })))
      .execute();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).moderation.act('event:e1', 'mod', { type: 'keyword-add', phrase: `new${i}`, action: 'hold' }, new Date())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'INVALID_STATE')).toBe(true);
    expect((await a.moderation.settings('event:e1')).keywordRules).toHaveLength(200);
    expect((await a.moderation.log('event:e1', 100)).filter((l) => l.action.type === 'keyword-add')).toHaveLength(2);
  });
});
