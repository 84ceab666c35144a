import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicUser } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { holdingCommits } from '../db/test-holding';
import { waitingForLock } from '../works/work-fixtures';
import type { ChatEmitter } from './chat-emitter';
import { ChatService } from './chat-service';
import { ModerationService } from './moderation-service';

// "A moderator of this channel cannot be muted or banned" holds against a moderator being named
// at the same moment on another node: the restriction reads the named moderators again under the
// channel's lock, which naming a moderator takes too.

const host: PublicUser = { id: 'u-host', username: 'host', displayName: 'Host', role: 'host' };
const target: PublicUser = { id: 'u-x', username: 'x', displayName: 'X', role: 'viewer' };
const silent: ChatEmitter = { message() {}, update() {}, standing() {}, settings() {}, queue() {}, moderator() {} };
const moderation = (store: Store) => {
  const chat = new ChatService({ store, emitter: silent });
  return new ModerationService(store, chat, silent);
};

describe.each(ENGINES)('moderation racing on two nodes, %s', (engine) => {
  let t: TestStore;
  let nodeB: Store;

  beforeEach(async () => {
    t = await openTestStore(engine, 'moderation-service');
    for (const u of [host, target]) await t.store.users.create({ ...u, passwordHash: 'x' });
    await t.store.events.create({ id: 'gala', title: 'Gala', description: '', status: 'live', startsAt: new Date().toISOString(), startedAt: null, endedAt: null, streamId: null, hostIds: [host.id] });
    nodeB = createStore(await openDatabase(t.target));
  });
  afterEach(async () => {
    await nodeB?.close();
    await t.dispose();
  });

  for (const action of [
    { type: 'ban', userId: target.id, reason: '' },
    { type: 'mute', userId: target.id, seconds: 60, reason: '' },
  ] as const) {
    it(`refuses a ${action.type} racing the naming of its target as moderator with FORBIDDEN`, async () => {
      const hold = holdingCommits(nodeB);
      const naming = moderation(hold.store).act(host, { channel: 'event:gala', action: { type: 'moderator-add', userId: target.id } });
      naming.catch(() => undefined);
      await Promise.race([hold.held, naming.then(() => Promise.reject(new Error('naming finished without holding a transaction')))]);
      const restricting = moderation(t.store).act(host, { channel: 'event:gala', action });
      restricting.catch(() => undefined);
      try {
        await waitingForLock(t, restricting);
      } finally {
        hold.release();
      }
      await naming;
      await expect(restricting).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await t.store.moderation.standing('event:gala', target.id)).toEqual({ mutedUntil: null, banned: false });
      expect((await t.store.moderation.settings('event:gala')).moderatorIds).toEqual([target.id]);
    });
  }

  it('still restricts a viewer who is no moderator', async () => {
    await moderation(t.store).act(host, { channel: 'event:gala', action: { type: 'ban', userId: target.id, reason: 'spam' } });
    expect(await t.store.moderation.standing('event:gala', target.id)).toMatchObject({ banned: true });
    expect((await t.store.moderation.log('event:gala', 10)).map((l) => l.action.type)).toEqual(['ban']);
  });
});
