import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { ConflictError, InvalidStateError, NotFoundError, type ChatChannel, type PollState } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import type { PollsTable } from '../db/schema';

/** A poll as stored, with who created it (not sent to clients). */
export interface PollRecord extends PollState {
  createdBy: string;
}

/** What a new poll is made of. */
export interface NewPoll {
  channel: ChatChannel;
  question: string;
  options: string[];
  multiple: boolean;
  createdBy: string;
}

/** Live polls: one ballot per account per poll, results kept beside the ballots. */
export interface PollStore {
  create(poll: NewPoll): Promise<PollRecord>;
  get(id: string): Promise<PollRecord | null>;
  /**
   * Records a user's ballot and counts it, in one transaction. The first ballot is final: a
   * second (however concurrent) is CONFLICT; a closed poll is INVALID_STATE.
   */
  vote(pollId: string, userId: string, choices: number[]): Promise<PollRecord>;
  /** Closes an open poll (a closed one is returned as it is). */
  close(pollId: string): Promise<PollRecord>;
  /** Open polls of a channel and those closed since `closedSince`, newest first, at most `limit`. */
  recent(channel: ChatChannel, closedSince: string, limit: number): Promise<PollRecord[]>;
  /** How many polls of a channel are open. */
  openCount(channel: ChatChannel): Promise<number>;
  /**
   * Inside `Store.transaction`: holds the channel's polls for a count-then-create rule until the
   * transaction ends (PostgreSQL: a transaction-scoped advisory lock on the channel's name, as a
   * channel has no row of its own; SQLite's BEGIN IMMEDIATE serialises writers already).
   */
  lockChannel(channel: ChatChannel): Promise<void>;
}

/**
 * The poll store on the query layer (SQLite and PostgreSQL). A ballot first counts its voter with
 * a conditional UPDATE of the poll row (open polls only), which also locks that row until the
 * ballot commits: ballots of one poll and its close take turns, so none is counted after the
 * close, and the option counts change in the same transaction as the ballot they count.
 */
export function pollStore(db: Db, engine: Engine): PollStore {
  const toRecords = async (tx: Db, rows: Selectable<PollsTable>[]): Promise<PollRecord[]> => {
    if (rows.length === 0) return [];
    const options = await tx
      .selectFrom('poll_options')
      .select(['poll_id', 'text', 'votes'])
      .where('poll_id', 'in', rows.map((r) => r.id))
      .orderBy('poll_id')
      .orderBy('idx')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      question: row.question,
      options: options.filter((o) => o.poll_id === row.id).map((o) => ({ text: o.text, votes: o.votes })),
      multiple: row.multiple === 1,
      open: row.closed_at === null,
      totalVoters: row.total_voters,
      createdAt: row.created_at,
      closedAt: row.closed_at,
      createdBy: row.created_by,
    }));
  };
  const get = async (tx: Db, id: string) => {
    const row = await tx.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await toRecords(tx, [row]))[0]! : null;
  };
  const load = async (tx: Db, id: string) => {
    const poll = await get(tx, id);
    if (!poll) throw new NotFoundError('Poll');
    return poll;
  };

  return {
    async create(poll) {
      const id = `poll-${randomUUID()}`;
      return inTransaction(db, async (tx) => {
        await tx
          .insertInto('polls')
          .values({ id, channel: poll.channel, question: poll.question, multiple: poll.multiple ? 1 : 0, created_by: poll.createdBy, created_at: new Date().toISOString() })
          .execute();
        await tx
          .insertInto('poll_options')
          .values(poll.options.map((text, idx) => ({ poll_id: id, idx, text })))
          .execute();
        return load(tx, id);
      });
    },
    async get(id) {
      return get(db, id);
    },
    async vote(pollId, userId, choices) {
      return inTransaction(db, async (tx) => {
        const counted = await tx
          .updateTable('polls')
          .set((eb) => ({ total_voters: eb('total_voters', '+', 1) }))
          .where('id', '=', pollId)
          .where('closed_at', 'is', null)
          .returning('multiple')
          .executeTakeFirst();
        if (!counted) {
          if (await get(tx, pollId)) throw new InvalidStateError('The poll is closed');
          throw new NotFoundError('Poll');
        }
        const { n } = await tx
          .selectFrom('poll_options')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('poll_id', '=', pollId)
          .executeTakeFirstOrThrow();
        const picked = [...new Set(choices)].sort((a, b) => a - b);
        if (picked.some((c) => c < 0 || c >= Number(n))) throw new InvalidStateError('No such option');
        if (counted.multiple === 0 && picked.length !== 1) throw new InvalidStateError('Pick one option');
        // One ballot per account per poll (UNIQUE): a second, however concurrent, inserts nothing.
        const ballot = await tx
          .insertInto('poll_ballots')
          .values({ poll_id: pollId, user_id: userId, choices: JSON.stringify(picked), created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['poll_id', 'user_id']).doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (!ballot) throw new ConflictError('You already voted in this poll');
        await tx
          .updateTable('poll_options')
          .set((eb) => ({ votes: eb('votes', '+', 1) }))
          .where('poll_id', '=', pollId)
          .where('idx', 'in', picked)
          .execute();
        return load(tx, pollId);
      });
    },
    async close(pollId) {
      return inTransaction(db, async (tx) => {
        await tx.updateTable('polls').set({ closed_at: new Date().toISOString() }).where('id', '=', pollId).where('closed_at', 'is', null).execute();
        return load(tx, pollId);
      });
    },
    async recent(channel, closedSince, limit) {
      const rows = await db
        .selectFrom('polls')
        .selectAll()
        .where('channel', '=', channel)
        .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', closedSince)]))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return toRecords(db, rows);
    },
    async lockChannel(channel) {
      // The two-key form, keyed by 'polls' and the channel: apart from other advisory locks.
      if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('polls'), hashtext(${channel}))`.execute(db);
    },
    async openCount(channel) {
      const { n } = await db
        .selectFrom('polls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('channel', '=', channel)
        .where('closed_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}
