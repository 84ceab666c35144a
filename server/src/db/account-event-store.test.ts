import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { migrationStatus } from './database';
import { ENGINES, openTestStore, type TestStore } from './test-engines';

const event = (id: string, hostIds: string[], startsAt = '2026-12-01T10:00:00.000Z') => ({
  id,
  title: `Event ${id}`,
  description: '',
  status: 'scheduled' as const,
  startsAt,
  startedAt: null,
  endedAt: null,
  streamId: null,
  hostIds,
});

describe.each(ENGINES)('accounts, sessions and events on %s', (engine) => {
  let t: TestStore;
  afterEach(async () => t?.dispose());

  it('applies every migration once; a second run and a second node apply nothing', async () => {
    t = await openTestStore(engine, 'accounts-migrate');
    const status = await migrationStatus(t.database);
    expect(status.map((s) => s.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(status.every((s) => s.appliedAt !== null)).toBe(true);
    const again = await openDatabase(t.target);
    expect((await migrationStatus(again)).filter((s) => s.appliedAt === null)).toEqual([]);
    await again.close();
  });

  it('finds an account by name in any case and refuses the same name in another case', async () => {
    t = await openTestStore(engine, 'accounts-names');
    const { store } = t;
    await store.users.create({ id: 'a', username: 'Bo', displayName: 'Bo', role: 'viewer', passwordHash: 'x' });
    expect((await store.users.byUsername('BO'))?.id).toBe('a');
    await expect(store.users.create({ id: 'b', username: 'bo', displayName: 'Bo', role: 'viewer', passwordHash: 'x' })).rejects.toThrow(/unique/i);
    expect((await store.users.list()).map((u) => u.id)).toEqual(['a']);
  });

  it('changes roles and passwords, lists staff, and says NOT_FOUND for a missing account', async () => {
    t = await openTestStore(engine, 'accounts-roles');
    const { store } = t;
    for (const [id, role] of [['v1', 'viewer'], ['v2', 'viewer'], ['c1', 'curator']] as const) {
      await store.users.create({ id, username: id, displayName: id, role, passwordHash: 'x' });
    }
    await store.events.create(event('e1', ['v2']));
    expect((await store.users.staff()).map((u) => u.id)).toEqual(['c1', 'v2']);
    expect((await store.users.setRole('v1', 'judge')).role).toBe('judge');
    expect((await store.users.list({ role: 'judge' })).map((u) => u.id)).toEqual(['v1']);
    await store.users.setPasswordHash('v1', 'new-hash');
    expect((await store.users.byId('v1'))?.passwordHash).toBe('new-hash');
    await expect(store.users.setRole('nobody', 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.users.setPasswordHash('nobody', 'h')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A CHECK guards the role column on both engines.
    await expect(store.users.create({ id: 'z', username: 'z', displayName: 'z', role: 'emperor' as 'viewer', passwordHash: 'x' })).rejects.toThrow(/check/i);
  });

  it('finds a session until it expires, and ends one or every session of an account', async () => {
    t = await openTestStore(engine, 'accounts-sessions');
    const { store } = t;
    await store.users.create({ id: 'u', username: 'cy', displayName: 'Cy', role: 'host', passwordHash: 'x' });
    await store.sessions.create('h1', 'u', '2030-01-01T00:00:00.000Z');
    await store.sessions.create('h2', 'u', '2031-01-01T00:00:00.000Z');
    await store.sessions.create('h3', 'u', '2031-01-01T00:00:00.000Z');
    expect((await store.sessions.user('h1', '2029-12-31T00:00:00.000Z'))?.id).toBe('u');
    expect(await store.sessions.user('h1', '2030-01-02T00:00:00.000Z')).toBeNull();
    expect(await store.sessions.deleteExpired('2030-01-02T00:00:00.000Z')).toBe(1);
    await store.sessions.delete('h2');
    expect(await store.sessions.user('h2', '2029-01-01T00:00:00.000Z')).toBeNull();
    expect((await store.sessions.user('h3', '2029-01-01T00:00:00.000Z'))?.id).toBe('u');
    await store.sessions.deleteForUser('u');
    expect(await store.sessions.user('h3', '2029-01-01T00:00:00.000Z')).toBeNull();
  });

  it('stores events with their hosts, lists them newest first (or of one status) and updates only what a patch names', async () => {
    t = await openTestStore(engine, 'accounts-events');
    const { store } = t;
    for (const id of ['h1', 'h2']) await store.users.create({ id, username: id, displayName: id, role: 'host', passwordHash: 'x' });
    await store.events.create(event('old', ['h1'], '2026-01-01T00:00:00.000Z'));
    await store.events.create(event('new', ['h2', 'h1'], '2026-06-01T00:00:00.000Z'));
    expect((await store.events.list()).map((e) => e.id)).toEqual(['new', 'old']);
    expect((await store.events.get('new'))?.hostIds).toEqual(['h1', 'h2']);
    const live = await store.events.update('old', { status: 'live', streamId: 's1', startedAt: '2026-01-01T00:00:01.000Z' });
    expect(live).toMatchObject({ status: 'live', streamId: 's1', title: 'Event old', endedAt: null });
    // The nodes' sweep asks for live events only.
    expect((await store.events.list({ status: 'live' })).map((e) => e.id)).toEqual(['old']);
    expect((await store.events.list({ status: 'ended' })).map((e) => e.id)).toEqual([]);
    await expect(store.events.update('missing', { status: 'ended' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.events.get('missing')).toBeNull();
  });

  it('rolls a transaction back whole: nothing of a failed one is kept', async () => {
    t = await openTestStore(engine, 'accounts-tx');
    const { store } = t;
    await expect(
      store.transaction(async (tx) => {
        await tx.users.create({ id: 'kept?', username: 'kept', displayName: 'k', role: 'viewer', passwordHash: 'x' });
        await tx.users.create({ id: 'dup', username: 'KEPT', displayName: 'k', role: 'viewer', passwordHash: 'x' });
      }),
    ).rejects.toThrow(/unique/i);
    expect(await store.users.list()).toEqual([]);
    const created = await store.transaction(async (tx) => {
      await tx.users.create({ id: 'ok', username: 'ok', displayName: 'ok', role: 'viewer', passwordHash: 'x' });
      return tx.users.byId('ok');
    });
    expect(created?.id).toBe('ok');
  });
});
