import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgrammeInput, type PublicUser } from '@yunzhan/shared';
import { openStore } from '../db/db-store';
import type { Store } from '../db/store';
import type { EntryRecord } from './award-store';
import { openFixture, programmeBody, USERS, type Fixture } from './test-support';

const now = Date.now();

describe('the SQLite vote store', () => {
  let fx: Fixture;
  let entries: EntryRecord[];
  let voters: PublicUser[];
  const extra: Store[] = [];

  beforeEach(async () => {
    fx = await openFixture();
    const input = ProgrammeInput.parse(programmeBody('vote-test', now, 'voting'));
    await fx.store.awards.createProgramme({ ...input, summary: null, createdBy: USERS.admin.id });
    entries = [];
    for (let i = 0; i < 3; i++) {
      const work = await fx.work(USERS.curator, i);
      entries.push(
        await fx.store.awards.addEntry({ id: `en_entry${i}xx`, programmeId: 'vote-test', categoryId: 'public', workId: work.id, entrantId: USERS.curator.id }, 10, {
          actorId: USERS.admin.id,
          action: 'entry-add',
          detail: null,
        }),
      );
    }
    voters = await fx.viewers(40);
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await fx.dispose();
  });

  const vote = (store: Store, userId: string, entry: EntryRecord, key: string | null = null) =>
    store.awards.vote({ programmeId: 'vote-test', categoryId: 'public', entryId: entry.id, userId, idempotencyKey: key });
  const total = async () => [...(await fx.store.awards.tally('vote-test', 'public')).values()].reduce((a, b) => a + b, 0);

  it('counts a vote and answers the account’s votes in the category', async () => {
    expect(await vote(fx.store, voters[0]!.id, entries[0]!)).toEqual({ replayed: false, entryId: entries[0]!.id, myVotes: [entries[0]!.id], votesLeft: 1 });
    expect(await fx.store.awards.myVotes('vote-test', voters[0]!.id)).toEqual({ public: [entries[0]!.id] });
    expect(await total()).toBe(1);
  });

  it('refuses a second vote for the same entry as CONFLICT already-voted', async () => {
    await vote(fx.store, voters[0]!.id, entries[0]!);
    await expect(vote(fx.store, voters[0]!.id, entries[0]!)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already-voted' } });
    expect(await total()).toBe(1);
  });

  it('refuses votes beyond votesPerAccount as VOTE_LIMIT', async () => {
    await vote(fx.store, voters[0]!.id, entries[0]!);
    expect((await vote(fx.store, voters[0]!.id, entries[1]!)).votesLeft).toBe(0);
    await expect(vote(fx.store, voters[0]!.id, entries[2]!)).rejects.toMatchObject({ code: 'VOTE_LIMIT' });
    expect(await total()).toBe(2);
  });

  it('replays the first answer for the same idempotency key and counts nothing more', async () => {
    const first = await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001');
    await vote(fx.store, voters[0]!.id, entries[1]!, 'key-000002');
    const again = await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001');
    expect(again).toEqual({ ...first, replayed: true });
    expect(await total()).toBe(2);
    // The same key of another account is that account's own.
    expect((await vote(fx.store, voters[1]!.id, entries[0]!, 'key-000001')).replayed).toBe(false);
  });

  it('refuses the same key with another vote as CONFLICT idempotency-key-reused', async () => {
    await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001');
    await expect(vote(fx.store, voters[0]!.id, entries[1]!, 'key-000001')).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'idempotency-key-reused' } });
    expect(await total()).toBe(1);
  });

  it('counts each vote exactly once when many arrive at once through two database handles', async () => {
    const other = await openStore({ sqliteFile: fx.file });
    extra.push(other);
    const stores = [fx.store, other];
    // Every voter: the same vote three times (two with one key), a second entry, and a third beyond the limit.
    const attempts = voters.flatMap((v, i) => [
      vote(stores[i % 2]!, v.id, entries[0]!, `k-${v.id}-a`),
      vote(stores[(i + 1) % 2]!, v.id, entries[0]!, `k-${v.id}-a`),
      vote(stores[i % 2]!, v.id, entries[0]!),
      vote(stores[(i + 1) % 2]!, v.id, entries[1]!),
      vote(stores[i % 2]!, v.id, entries[2]!),
    ]);
    const settled = await Promise.allSettled(attempts);
    const accepted = settled.filter((s) => s.status === 'fulfilled' && !s.value.replayed).length;
    const replayed = settled.filter((s) => s.status === 'fulfilled' && s.value.replayed).length;
    const codes = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as { code: string }).code] : []));
    expect(accepted).toBe(voters.length * 2);
    expect(replayed).toBe(voters.length);
    expect(codes.filter((c) => c === 'CONFLICT').length + codes.filter((c) => c === 'VOTE_LIMIT').length).toBe(voters.length * 2);
    expect(await total()).toBe(voters.length * 2);
    const tally = await fx.store.awards.tally('vote-test', 'public');
    expect(tally.get(entries[0]!.id)).toBe(voters.length);
    for (const v of voters) expect((await fx.store.awards.myVotes('vote-test', v.id)).public).toHaveLength(2);
  });
});

describe('the award_votes keys', () => {
  it('refuse a second row for the same account and entry, slot, or idempotency key even without the store’s checks', async () => {
    const fx = await openFixture();
    try {
      const input = ProgrammeInput.parse(programmeBody('keys-test', now, 'voting'));
      await fx.store.awards.createProgramme({ ...input, summary: null, createdBy: USERS.admin.id });
      const works = [await fx.work(USERS.curator, 1), await fx.work(USERS.curator, 2)];
      for (const [i, w] of works.entries()) {
        await fx.store.awards.addEntry({ id: `en_keys${i}xxx`, programmeId: 'keys-test', categoryId: 'public', workId: w.id, entrantId: USERS.curator.id }, 10, {
          actorId: USERS.admin.id,
          action: 'entry-add',
          detail: null,
        });
      }
      const db = new Database(fx.file);
      const insert = db.prepare("INSERT INTO award_votes (programme_id, category_id, entry_id, user_id, slot, idempotency_key, created_at) VALUES ('keys-test', 'public', ?, ?, ?, ?, 'now')");
      insert.run('en_keys0xxx', USERS.viewer.id, 0, 'key-aaaaaa');
      expect(() => insert.run('en_keys0xxx', USERS.viewer.id, 1, null)).toThrow(/UNIQUE/);
      expect(() => insert.run('en_keys1xxx', USERS.viewer.id, 0, null)).toThrow(/UNIQUE/);
      expect(() => insert.run('en_keys1xxx', USERS.viewer.id, 1, 'key-aaaaaa')).toThrow(/UNIQUE/);
      db.close();
    } finally {
      await fx.dispose();
    }
  });
});
