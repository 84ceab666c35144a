import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { openStore } from './db-store';
import { migrate } from './legacy-migrate';

describe('SQLite store', () => {
  it('applies each migration once and records it', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(migrate(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
  });

  it('keeps chat in order per channel and returns the latest page oldest first', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    await store.users.create({ id: 'u1', username: 'Ann', displayName: 'Ann', role: 'viewer', passwordHash: 'x' });
    await store.events.create({ id: 'e1', title: 'T', description: '', status: 'scheduled', startsAt: new Date().toISOString(), startedAt: null, endedAt: null, streamId: null, hostIds: ['u1'] });
    const base = { channel: 'event:e1', userId: 'u1', displayName: 'Ann', status: 'visible' as const, replyToId: null, mentions: [], danmaku: null, clientId: null };
    for (let i = 0; i < 5; i++) await store.chat.insert({ ...base, text: `m${i}` });
    const page = await store.chat.page({ channel: 'event:e1', limit: 3, viewer: { userId: null, moderator: false } });
    expect(page.messages.map((m) => [m.seq, m.text])).toEqual([[3, 'm2'], [4, 'm3'], [5, 'm4']]);
    expect(page.hasMore).toBe(true);
    expect((await store.events.get('e1'))?.hostIds).toEqual(['u1']);
    expect((await store.users.byUsername('ANN'))?.id).toBe('u1');
    await store.close();
  });

  it('refuses a second user with the same name in another case', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    await store.users.create({ id: 'a', username: 'Bo', displayName: 'Bo', role: 'viewer', passwordHash: 'x' });
    await expect(store.users.create({ id: 'b', username: 'bo', displayName: 'Bo', role: 'viewer', passwordHash: 'x' })).rejects.toThrow(/UNIQUE/);
    await store.close();
  });

  it('finds a session only until it expires', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    await store.users.create({ id: 'u', username: 'cy', displayName: 'Cy', role: 'host', passwordHash: 'x' });
    await store.sessions.create('hash', 'u', '2030-01-01T00:00:00.000Z');
    expect((await store.sessions.user('hash', '2029-12-31T00:00:00.000Z'))?.id).toBe('u');
    expect(await store.sessions.user('hash', '2030-01-02T00:00:00.000Z')).toBeNull();
    expect(await store.sessions.deleteExpired('2030-01-02T00:00:00.000Z')).toBe(1);
    await store.close();
  });
});
