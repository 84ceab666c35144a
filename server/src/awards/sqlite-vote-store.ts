import type Database from 'better-sqlite3';
import { AppError, ConflictError, NotFoundError } from '@yunzhan/shared';
import type { AwardStore, NewVote, VoteOutcome } from './award-store';

interface VoteRow {
  rowid: number;
  programme_id: string;
  category_id: string;
  entry_id: string;
}

const alreadyVoted = () => new ConflictError('You already voted for this entry', { reason: 'already-voted' });
const voteLimit = (n: number) => new AppError('VOTE_LIMIT', `No votes left in this category (${n} per account)`, { votesPerAccount: n });

/**
 * The votes part of the SQLite award store. A vote takes slot = the account's votes so far in
 * the category, inserted only while slot < votes_per_account: with UNIQUE (account, slot) and
 * UNIQUE (account, entry) two concurrent votes can never both take the last slot or the same
 * entry, even from two processes on one database file.
 */
export function sqliteVoteStore(db: Database.Database): Pick<AwardStore, 'vote' | 'myVotes' | 'tally'> {
  const q = {
    byKey: db.prepare<[string, string], VoteRow>('SELECT rowid, programme_id, category_id, entry_id FROM award_votes WHERE user_id = ? AND idempotency_key = ?'),
    mine: db.prepare<[string, string, string, number], string>(
      'SELECT entry_id FROM award_votes WHERE programme_id = ? AND category_id = ? AND user_id = ? AND rowid <= ? ORDER BY slot',
    ).pluck(),
    limit: db.prepare<[string, string], number>('SELECT votes_per_account FROM award_categories WHERE programme_id = ? AND id = ?').pluck(),
    voted: db.prepare<[string, string, string, string], number>(
      'SELECT count(*) FROM award_votes WHERE programme_id = ? AND category_id = ? AND user_id = ? AND entry_id = ?',
    ).pluck(),
    used: db.prepare<[string, string, string], number>('SELECT count(*) FROM award_votes WHERE programme_id = ? AND category_id = ? AND user_id = ?').pluck(),
    // The limit is part of the insert: no row unless the slot is below the category's votes_per_account.
    insert: db.prepare(
      `INSERT INTO award_votes (programme_id, category_id, entry_id, user_id, slot, idempotency_key, created_at)
       SELECT @programmeId, @categoryId, @entryId, @userId, @slot, @key, @now
       WHERE @slot < (SELECT votes_per_account FROM award_categories WHERE programme_id = @programmeId AND id = @categoryId)`,
    ),
    allMine: db.prepare<[string, string], { category_id: string; entry_id: string }>(
      'SELECT category_id, entry_id FROM award_votes WHERE programme_id = ? AND user_id = ? ORDER BY category_id, slot',
    ),
    tally: db.prepare<[string, string], { entry_id: string; n: number }>(
      'SELECT entry_id, count(*) AS n FROM award_votes WHERE programme_id = ? AND category_id = ? GROUP BY entry_id',
    ),
  };

  /** The answer as it was right after the vote of `rowid`. */
  const answerAt = (v: NewVote, rowid: number, entryId: string, replayed: boolean, limit: number): VoteOutcome => {
    const myVotes = q.mine.all(v.programmeId, v.categoryId, v.userId, rowid);
    return { replayed, entryId, myVotes, votesLeft: Math.max(0, limit - myVotes.length) };
  };

  const vote = db.transaction((v: NewVote): VoteOutcome => {
    const limit = q.limit.get(v.programmeId, v.categoryId);
    if (limit === undefined) throw new NotFoundError('Category');
    if (v.idempotencyKey !== null) {
      const first = q.byKey.get(v.userId, v.idempotencyKey);
      if (first) {
        const same = first.programme_id === v.programmeId && first.category_id === v.categoryId && first.entry_id === v.entryId;
        if (!same) throw new ConflictError('This Idempotency-Key was used for another vote', { reason: 'idempotency-key-reused' });
        return answerAt(v, first.rowid, first.entry_id, true, limit);
      }
    }
    if (q.voted.get(v.programmeId, v.categoryId, v.userId, v.entryId)! > 0) throw alreadyVoted();
    const slot = q.used.get(v.programmeId, v.categoryId, v.userId)!;
    let info: Database.RunResult;
    try {
      info = q.insert.run({ ...v, key: v.idempotencyKey, slot, now: new Date().toISOString() });
    } catch (err) {
      // Only reachable if another writer slipped past the reads above; the keys still decide.
      const e = err as { code?: string; message?: string };
      if (e.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
      if (e.message?.includes('idempotency_key')) throw new ConflictError('This Idempotency-Key was used for another vote', { reason: 'idempotency-key-reused' });
      if (e.message?.includes('slot')) throw voteLimit(limit);
      throw alreadyVoted();
    }
    if (info.changes === 0) throw voteLimit(limit);
    return answerAt(v, Number(info.lastInsertRowid), v.entryId, false, limit);
  });

  return {
    async vote(v) {
      return vote.immediate(v);
    },
    async myVotes(programmeId, userId) {
      const mine: Record<string, string[]> = {};
      for (const r of q.allMine.all(programmeId, userId)) (mine[r.category_id] ??= []).push(r.entry_id);
      return mine;
    },
    async tally(programmeId, categoryId) {
      return new Map(q.tally.all(programmeId, categoryId).map((r) => [r.entry_id, r.n]));
    },
  };
}
