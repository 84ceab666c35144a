import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgrammeInput, type PublicUser } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import { ENGINES } from '../db/test-engines';
import type { Store } from '../db/store';
import type { EntryRecord, VoteOutcome } from './award-store';
import { openFixture, programmeBody, USERS, type Fixture } from './test-support';

const now = Date.now();

describe.each(ENGINES)('award votes on %s', (engine) => {
  let fx: Fixture;
  let entries: EntryRecord[];
  let voters: PublicUser[];
  const extra: Store[] = [];

  beforeEach(async () => {
    fx = await openFixture(engine);
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

  /** A second node: another handle on the same database. */
  const secondNode = async () => {
    const other = createStore(await openDatabase(fx.target));
    extra.push(other);
    return other;
  };
  const vote = (store: Store, userId: string, entry: EntryRecord, key: string | null = null) =>
    store.awards.vote({ programmeId: 'vote-test', categoryId: 'public', entryId: entry.id, userId, idempotencyKey: key });
  const total = async () => [...(await fx.store.awards.tally('vote-test', 'public')).values()].reduce((a, b) => a + b, 0);
  const codes = (settled: PromiseSettledResult<unknown>[]) => settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as { code?: string }).code ?? String(s.reason)] : []));
  const answers = (settled: PromiseSettledResult<VoteOutcome>[]) => settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));

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
    await expect(vote(fx.store, voters[0]!.id, entries[2]!)).rejects.toMatchObject({ code: 'VOTE_LIMIT', details: { votesPerAccount: 2 } });
    expect(await total()).toBe(2);
  });

  it('fills the slot of a vote that went with a deleted entry, and still holds the limit', async () => {
    await vote(fx.store, voters[0]!.id, entries[0]!);
    await vote(fx.store, voters[0]!.id, entries[1]!);
    // An operator deletes the first entry; its vote goes with it (ON DELETE CASCADE), leaving slot 0 free and slot 1 taken.
    await fx.test.database.db.deleteFrom('award_entries').where('id', '=', entries[0]!.id).execute();
    expect(await total()).toBe(1);
    const third = await fx.store.awards.addEntry(
      { id: 'en_entry3xx', programmeId: 'vote-test', categoryId: 'public', workId: (await fx.work(USERS.curator, 3)).id, entrantId: USERS.curator.id },
      10,
      { actorId: USERS.admin.id, action: 'entry-add', detail: null },
    );
    expect(await vote(fx.store, voters[0]!.id, third)).toEqual({ replayed: false, entryId: third.id, myVotes: [third.id, entries[1]!.id], votesLeft: 0 });
    await expect(vote(fx.store, voters[0]!.id, entries[2]!)).rejects.toMatchObject({ code: 'VOTE_LIMIT' });
    expect(await total()).toBe(2);
  });

  it('refuses a category that does not exist as NOT_FOUND', async () => {
    await expect(fx.store.awards.vote({ programmeId: 'vote-test', categoryId: 'nope', entryId: entries[0]!.id, userId: voters[0]!.id, idempotencyKey: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('replays the answer as it was right after the first request for the same idempotency key, counting nothing more', async () => {
    const first = await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001');
    const second = await vote(fx.store, voters[0]!.id, entries[1]!, 'key-000002');
    expect(second.myVotes).toEqual([entries[0]!.id, entries[1]!.id]);
    // The first vote's answer: one vote then, one left; not the account's two votes now.
    expect(await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001')).toEqual({ ...first, replayed: true });
    expect(await vote(fx.store, voters[0]!.id, entries[1]!, 'key-000002')).toEqual({ ...second, replayed: true });
    expect(await total()).toBe(2);
    // The same key of another account is that account's own.
    expect((await vote(fx.store, voters[1]!.id, entries[0]!, 'key-000001')).replayed).toBe(false);
  });

  it('refuses the same key with another vote as CONFLICT idempotency-key-reused', async () => {
    await vote(fx.store, voters[0]!.id, entries[0]!, 'key-000001');
    await expect(vote(fx.store, voters[0]!.id, entries[1]!, 'key-000001')).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'idempotency-key-reused' } });
    expect(await total()).toBe(1);
  });

  it('counts 50 identical votes with one idempotency key, sent at once from two nodes, once; the rest replay its answer', async () => {
    const stores = [fx.store, await secondNode()];
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => vote(stores[i % 2]!, voters[0]!.id, entries[0]!, 'key-same-50')));
    expect(codes(settled)).toEqual([]);
    const all = answers(settled);
    expect(all.filter((a) => !a.replayed)).toHaveLength(1);
    for (const a of all) expect(a).toEqual({ replayed: a.replayed, entryId: entries[0]!.id, myVotes: [entries[0]!.id], votesLeft: 1 });
    expect(await total()).toBe(1);
  });

  it('counts 50 identical votes without a key, sent at once from two nodes, once; the rest are already-voted', async () => {
    const stores = [fx.store, await secondNode()];
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => vote(stores[i % 2]!, voters[0]!.id, entries[0]!)));
    expect(answers(settled)).toHaveLength(1);
    expect(codes(settled)).toEqual(Array(49).fill('CONFLICT'));
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ details: { reason: 'already-voted' } });
    expect(await total()).toBe(1);
  });

  it('gives one account racing for three entries from two nodes exactly its two votes, in two distinct slots', async () => {
    const stores = [fx.store, await secondNode()];
    const settled = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => vote(stores[i % 2]!, voters[0]!.id, entries[i % 3]!)));
    const accepted = answers(settled);
    expect(accepted).toHaveLength(2);
    expect(new Set(accepted.map((a) => a.entryId)).size).toBe(2);
    expect(accepted.map((a) => a.votesLeft).sort()).toEqual([0, 1]);
    expect(codes(settled).every((c) => c === 'CONFLICT' || c === 'VOTE_LIMIT')).toBe(true);
    const mine = (await fx.store.awards.myVotes('vote-test', voters[0]!.id)).public!;
    expect(mine).toHaveLength(2);
    // The answers are the account's votes as each vote left them: the second one lists both.
    expect(accepted.find((a) => a.votesLeft === 0)!.myVotes).toEqual(mine);
    expect(await total()).toBe(2);
  });

  it('counts each vote exactly once when many accounts vote at once through two nodes', async () => {
    const stores = [fx.store, await secondNode()];
    // Every voter: the same vote three times (two with one key), a second entry, and a third beyond the limit.
    const perVoter = await Promise.all(
      voters.map((v, i) =>
        Promise.allSettled([
          vote(stores[i % 2]!, v.id, entries[0]!, `k-${v.id}-a`),
          vote(stores[(i + 1) % 2]!, v.id, entries[0]!, `k-${v.id}-a`),
          vote(stores[i % 2]!, v.id, entries[0]!),
          vote(stores[(i + 1) % 2]!, v.id, entries[1]!),
          vote(stores[i % 2]!, v.id, entries[2]!),
        ]),
      ),
    );
    for (const [i, settled] of perVoter.entries()) {
      const [keyed1, keyed2] = settled;
      const counted = answers(settled).filter((a) => !a.replayed);
      // Whichever two of the three entries came first; the rest are refused or replayed.
      expect(counted).toHaveLength(2);
      expect(new Set(counted.map((a) => a.entryId)).size).toBe(2);
      expect(codes(settled).every((c) => c === 'CONFLICT' || c === 'VOTE_LIMIT')).toBe(true);
      // The keyed pair: one counted and one replaying its answer, or both refused (another request took the entry or the slots).
      const pair = answers([keyed1!, keyed2!]);
      if (pair.length > 0) {
        expect(pair).toHaveLength(2);
        expect(pair.filter((a) => a.replayed)).toHaveLength(1);
        expect(pair[0]).toEqual({ ...pair[1], replayed: pair[0]!.replayed });
      }
      expect((await fx.store.awards.myVotes('vote-test', voters[i]!.id)).public).toHaveLength(2);
    }
    expect(await total()).toBe(voters.length * 2);
  });

  it('has keys that refuse a second row for the same account and entry, slot, or idempotency key, without the store’s checks', async () => {
    const raw = await openDatabase(fx.target);
    try {
      const row = (entryId: string, slot: number, key: string | null) => ({
        programme_id: 'vote-test',
        category_id: 'public',
        entry_id: entryId,
        user_id: USERS.viewer.id,
        slot,
        idempotency_key: key,
        created_at: 'now',
      });
      const insert = (r: ReturnType<typeof row>) => raw.db.insertInto('award_votes').values(r).execute();
      await insert(row(entries[0]!.id, 0, 'key-aaaaaa'));
      await expect(insert(row(entries[0]!.id, 1, null))).rejects.toThrow(/unique/i);
      await expect(insert(row(entries[1]!.id, 0, null))).rejects.toThrow(/unique/i);
      await expect(insert(row(entries[1]!.id, 1, 'key-aaaaaa'))).rejects.toThrow(/unique/i);
      await insert(row(entries[1]!.id, 1, null));
      expect(await fx.store.awards.myVotes('vote-test', USERS.viewer.id)).toEqual({ public: [entries[0]!.id, entries[1]!.id] });
    } finally {
      await raw.close();
    }
  });
});
