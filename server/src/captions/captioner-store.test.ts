import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CAPTIONERS } from '@yunzhan/shared';
import { createStore } from '../db/db-store';
import { openDatabase, type Database } from '../db/database';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';

async function seed(store: Store, userIds: readonly string[]) {
  for (const id of userIds) await store.users.create({ id, username: id, displayName: id.toUpperCase(), role: 'viewer', passwordHash: 'x' });
  for (const id of ['e1', 'e2']) {
    await store.events.create({ id, title: id, description: '', status: 'scheduled', startsAt: '2030-01-01T00:00:00.000Z', startedAt: null, endedAt: null, streamId: null, hostIds: [] });
  }
}

describe.each(ENGINES)('captioner store on %s', (engine) => {
  let t: TestStore;
  const others: Database[] = [];
  afterEach(async () => {
    for (const d of others.splice(0)) await d.close();
    await t?.dispose();
  });

  it('replaces an event’s list, keeps each event’s apart and lists them by username', async () => {
    t = await openTestStore(engine, 'captioners');
    const { store } = t;
    await seed(store, ['zoe', 'amy', 'bob']);
    await store.captioners.replace('e1', ['zoe', 'amy']);
    await store.captioners.replace('e2', ['bob']);
    expect(await store.captioners.list('e1')).toEqual([
      { id: 'amy', username: 'amy', displayName: 'AMY' },
      { id: 'zoe', username: 'zoe', displayName: 'ZOE' },
    ]);
    expect(await store.captioners.isCaptioner('e1', 'zoe')).toBe(true);
    expect(await store.captioners.isCaptioner('e1', 'bob')).toBe(false);
    expect(await store.captioners.isCaptioner('e2', 'bob')).toBe(true);
    await store.captioners.replace('e1', ['bob', 'amy']);
    expect((await store.captioners.list('e1')).map((c) => c.id)).toEqual(['amy', 'bob']);
    await store.captioners.replace('e1', []);
    expect(await store.captioners.list('e1')).toEqual([]);
    expect((await store.captioners.list('e2')).map((c) => c.id)).toEqual(['bob']);
  });

  it('leaves one whole list when two nodes replace the same event’s at once, never the two merged', async () => {
    t = await openTestStore(engine, 'captioners-race');
    const first = Array.from({ length: MAX_CAPTIONERS }, (_, i) => `first-${String(i).padStart(2, '0')}`);
    const second = Array.from({ length: MAX_CAPTIONERS }, (_, i) => `second-${String(i).padStart(2, '0')}`);
    await seed(t.store, [...first, ...second]);
    const database = await openDatabase(t.target);
    others.push(database);
    const otherNode = createStore(database);
    for (let round = 0; round < 5; round++) {
      await Promise.all([t.store.captioners.replace('e1', first), otherNode.captioners.replace('e1', second)]);
      const ids = (await t.store.captioners.list('e1')).map((c) => c.id);
      expect([first, second], `round ${round}`).toContainEqual(ids);
    }
  });
});
