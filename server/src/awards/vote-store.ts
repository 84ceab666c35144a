import { sql, type Selectable } from 'kysely';
import { AppError, AwardSchedule, CategoryInput, ConflictError, NotFoundError } from '@yunzhan/shared';
import { compiledQuery } from '../db/compiled-query';
import { inTransaction, type Db, type Engine } from '../db/database';
import type { AwardVotesTable } from '../db/schema';
import { parsedOnce, shareLocked } from './award-rows';
import type { AwardStore, EntryRecord, NewVote, VoteOutcome } from './award-store';

const alreadyVoted = () => new ConflictError('You already voted for this entry', { reason: 'already-voted' });
const keyReused = () => new ConflictError('This Idempotency-Key was used for another vote', { reason: 'idempotency-key-reused' });
const voteLimit = (n: number) => new AppError('VOTE_LIMIT', `No votes left in this category (${n} per account)`, { votesPerAccount: n });

// The statements of a vote, compiled once per engine (compiledQuery): a vote storm runs them
// thousands of times a minute.

/** The account's votes up to a slot, in the order cast. */
const votesUpTo = compiledQuery<{ programmeId: string; categoryId: string; userId: string; slot: number }, { entry_id: string }>(
  ['programmeId', 'categoryId', 'userId', 'slot'],
  (db, _engine, p) =>
    db
      .selectFrom('award_votes')
      .select('entry_id')
      .where('programme_id', '=', p.programmeId)
      .where('category_id', '=', p.categoryId)
      .where('user_id', '=', p.userId)
      .where('slot', '<=', p.slot)
      .orderBy('slot'),
);

type SeenVote = Pick<Selectable<AwardVotesTable>, 'programme_id' | 'category_id' | 'entry_id' | 'slot' | 'idempotency_key'>;

/**
 * The account's votes in the category, and its vote with the key when there is one. One
 * statement, so one snapshot on PostgreSQL: the key, the entry and the count agree even when a
 * concurrent vote of this account commits meanwhile.
 */
const seenWithKey = compiledQuery<{ userId: string; programmeId: string; categoryId: string; key: string }, SeenVote>(
  ['userId', 'programmeId', 'categoryId', 'key'],
  (db, _engine, p) =>
    db
      .selectFrom('award_votes')
      .select(['programme_id', 'category_id', 'entry_id', 'slot', 'idempotency_key'])
      .where('user_id', '=', p.userId)
      .where((eb) => eb.or([eb.and([eb('programme_id', '=', p.programmeId), eb('category_id', '=', p.categoryId)]), eb('idempotency_key', '=', p.key)])),
);
/** `seenWithKey` for a vote without a key. */
const seenInCategory = compiledQuery<{ userId: string; programmeId: string; categoryId: string }, SeenVote>(['userId', 'programmeId', 'categoryId'], (db, _engine, p) =>
  db
    .selectFrom('award_votes')
    .select(['programme_id', 'category_id', 'entry_id', 'slot', 'idempotency_key'])
    .where('user_id', '=', p.userId)
    .where((eb) => eb.and([eb('programme_id', '=', p.programmeId), eb('category_id', '=', p.categoryId)])),
);

/** Inserts the vote in `slot`, only while the slot is below the category's votes_per_account; nothing on a conflict. */
const insertVote = compiledQuery<
  { programmeId: string; categoryId: string; entryId: string; userId: string; slot: number; key: string | null; createdAt: string },
  { slot: number }
>(['programmeId', 'categoryId', 'entryId', 'userId', 'slot', 'key', 'createdAt'], (db, _engine, p) =>
  db
    .insertInto('award_votes')
    .columns(['programme_id', 'category_id', 'entry_id', 'user_id', 'slot', 'idempotency_key', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('award_categories')
        .select([
          eb.val(p.programmeId).as('programme_id'),
          eb.val(p.categoryId).as('category_id'),
          eb.val(p.entryId).as('entry_id'),
          eb.val(p.userId).as('user_id'),
          sql<number>`cast(${p.slot} as integer)`.as('slot'),
          sql<string | null>`cast(${p.key} as text)`.as('idempotency_key'),
          eb.val(p.createdAt).as('created_at'),
        ])
        .where('programme_id', '=', p.programmeId)
        .where('id', '=', p.categoryId)
        .where('votes_per_account', '>', p.slot),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('slot'),
);

/** The category's votes per account and definition, share-locked (voteTarget). */
const targetCategory = compiledQuery<{ programmeId: string; categoryId: string }, { votes_per_account: number; definition: string }>(
  ['programmeId', 'categoryId'],
  (db, engine, p) =>
    shareLocked(engine, db.selectFrom('award_categories').select(['votes_per_account', 'definition']).where('programme_id', '=', p.programmeId).where('id', '=', p.categoryId)),
);
/** The entry's category and status with the programme's schedule, the entry share-locked (voteTarget). */
const targetEntry = compiledQuery<{ programmeId: string; entryId: string }, { category_id: string; status: string; schedule: string }>(
  ['programmeId', 'entryId'],
  (db, engine, p) =>
    shareLocked(
      engine,
      db
        .selectFrom('award_entries')
        .innerJoin('award_programmes', 'award_programmes.id', 'award_entries.programme_id')
        .select(['award_entries.category_id', 'award_entries.status', 'award_programmes.schedule'])
        .where('award_entries.programme_id', '=', p.programmeId)
        .where('award_entries.id', '=', p.entryId),
      'award_entries',
    ),
);

/** The statements of a vote, by name, for the vote storm's same-SQL baseline (bench/src/vote-storm). */
export const VOTE_STATEMENTS = { targetCategory, targetEntry, seenInCategory, seenWithKey, insertVote, votesUpTo };

/**
 * The answer as it was right after the vote in `slot`: the account's votes up to it, in the
 * order of their slots (the order cast, but for a vote that filled a gap).
 */
async function answerAt(tx: Db, engine: Engine, v: NewVote, slot: number, entryId: string, replayed: boolean, limit: number): Promise<VoteOutcome> {
  const rows = await votesUpTo(tx, engine, { programmeId: v.programmeId, categoryId: v.categoryId, userId: v.userId, slot });
  const myVotes = rows.map((r) => r.entry_id);
  return { replayed, entryId, myVotes, votesLeft: Math.max(0, limit - myVotes.length) };
}

/** One look at the account's votes and one insert; null when a concurrent vote took the slot first. */
async function attempt(tx: Db, engine: Engine, v: NewVote, limit: number): Promise<VoteOutcome | null> {
  const look = { userId: v.userId, programmeId: v.programmeId, categoryId: v.categoryId };
  const rows = v.idempotencyKey === null ? await seenInCategory(tx, engine, look) : await seenWithKey(tx, engine, { ...look, key: v.idempotencyKey });
  const first = v.idempotencyKey === null ? undefined : rows.find((r) => r.idempotency_key === v.idempotencyKey);
  if (first) {
    const same = first.programme_id === v.programmeId && first.category_id === v.categoryId && first.entry_id === v.entryId;
    if (!same) throw keyReused();
    return answerAt(tx, engine, v, first.slot, first.entry_id, true, limit);
  }
  const mine = rows.filter((r) => r.programme_id === v.programmeId && r.category_id === v.categoryId);
  if (mine.some((r) => r.entry_id === v.entryId)) throw alreadyVoted();
  if (mine.length >= limit) throw voteLimit(limit);
  // The lowest free slot: the account's slots are 0..n-1 unless rows went with a deleted entry,
  // work or category (ON DELETE CASCADE), and a gap must not leave the account stuck on a taken slot.
  const used = new Set(mine.map((r) => r.slot));
  let slot = 0;
  while (used.has(slot)) slot++;
  // The limit is part of the insert: no row unless the slot is below the category's votes_per_account.
  const [inserted] = await insertVote(tx, engine, { ...v, slot, key: v.idempotencyKey, createdAt: new Date().toISOString() });
  return inserted ? answerAt(tx, engine, v, Math.max(inserted.slot, ...used), v.entryId, false, limit) : null;
}

/**
 * The votes part of the award store. A vote takes slot = the account's votes so far in the
 * category, inserted only while slot < votes_per_account. The keys of award_votes decide: one row
 * per (account, entry), per (account, slot) and per (account, idempotency key), so two writers can
 * never both take the last slot, the same entry or the same key. The insert does nothing on a
 * conflict (PostgreSQL waits for the writer that holds the key to commit), and the vote looks
 * again: a replay, a refusal, or the next free slot.
 */
export function voteStore(db: Db, engine: Engine): Pick<AwardStore, 'vote' | 'voteTarget' | 'myVotes' | 'tally'> {
  return {
    async vote(v, votesPerAccount) {
      return inTransaction(db, async (tx) => {
        let limit = votesPerAccount;
        if (limit === undefined) {
          const category = await tx
            .selectFrom('award_categories')
            .select('votes_per_account')
            .where('programme_id', '=', v.programmeId)
            .where('id', '=', v.categoryId)
            .executeTakeFirst();
          if (!category) throw new NotFoundError('Category');
          limit = category.votes_per_account;
        }
        // Each miss means another vote of this account committed a row first; after `limit` of
        // them the account has no slot left, and the next look says so.
        for (let i = 0; i <= limit + 1; i++) {
          const outcome = await attempt(tx, engine, v, limit);
          if (outcome) return outcome;
        }
        throw new Error(`vote of ${v.userId} in ${v.programmeId}/${v.categoryId}: no slot after ${limit + 2} attempts`);
      });
    },
    async voteTarget(programmeId, categoryId, entryId) {
      // Two statements: the schedule must be read after the category lock is granted (a statement
      // sees what committed before it started, and a lock wait does not refresh unlocked rows).
      const [category] = await targetCategory(db, engine, { programmeId, categoryId });
      if (!category) return null;
      const [row] = await targetEntry(db, engine, { programmeId, entryId });
      if (!row) return null;
      return {
        votesPerAccount: category.votes_per_account,
        tallies: parsedOnce(CategoryInput, category.definition).tallies,
        schedule: parsedOnce(AwardSchedule, row.schedule),
        entry: { categoryId: row.category_id, status: row.status as EntryRecord['status'] },
      };
    },
    async myVotes(programmeId, userId) {
      const rows = await db
        .selectFrom('award_votes')
        .select(['category_id', 'entry_id'])
        .where('programme_id', '=', programmeId)
        .where('user_id', '=', userId)
        .orderBy('category_id')
        .orderBy('slot')
        .execute();
      const mine: Record<string, string[]> = {};
      for (const r of rows) (mine[r.category_id] ??= []).push(r.entry_id);
      return mine;
    },
    async tally(programmeId, categoryId) {
      const rows = await db
        .selectFrom('award_votes')
        .select((eb) => ['entry_id', eb.fn.countAll<number>().as('n')])
        .where('programme_id', '=', programmeId)
        .where('category_id', '=', categoryId)
        .groupBy('entry_id')
        .execute();
      return new Map(rows.map((r) => [r.entry_id, Number(r.n)]));
    },
  };
}
