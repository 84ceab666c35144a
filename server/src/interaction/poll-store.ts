import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ConflictError, InvalidStateError, NotFoundError, type ChatChannel, type PollState } from '@yunzhan/shared';

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
}

interface PollRow {
  id: string;
  channel: string;
  question: string;
  multiple: number;
  total_voters: number;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

/** The SQLite poll store on an open (migrated) database. */
export function sqlitePollStore(db: Database.Database): PollStore {
  const q = {
    insertPoll: db.prepare('INSERT INTO polls (id, channel, question, multiple, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertOption: db.prepare('INSERT INTO poll_options (poll_id, idx, text) VALUES (?, ?, ?)'),
    poll: db.prepare<[string], PollRow>('SELECT * FROM polls WHERE id = ?'),
    options: db.prepare<[string], { text: string; votes: number }>('SELECT text, votes FROM poll_options WHERE poll_id = ? ORDER BY idx'),
    insertBallot: db.prepare('INSERT INTO poll_ballots (poll_id, user_id, choices, created_at) VALUES (?, ?, ?, ?)'),
    countChoice: db.prepare('UPDATE poll_options SET votes = votes + 1 WHERE poll_id = ? AND idx = ?'),
    countVoter: db.prepare('UPDATE polls SET total_voters = total_voters + 1 WHERE id = ?'),
    close: db.prepare('UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL'),
    recent: db.prepare<[string, string, number], PollRow>(
      'SELECT * FROM polls WHERE channel = ? AND (closed_at IS NULL OR closed_at >= ?) ORDER BY created_at DESC, id LIMIT ?',
    ),
    openCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM polls WHERE channel = ? AND closed_at IS NULL'),
  };
  const toRecord = (row: PollRow): PollRecord => ({
    id: row.id,
    channel: row.channel,
    question: row.question,
    options: q.options.all(row.id),
    multiple: row.multiple === 1,
    open: row.closed_at === null,
    totalVoters: row.total_voters,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    createdBy: row.created_by,
  });
  const load = (id: string): PollRecord => {
    const row = q.poll.get(id);
    if (!row) throw new NotFoundError('Poll');
    return toRecord(row);
  };

  // IMMEDIATE: the ballot reads the poll, then writes. Two processes on one database file (a
  // cluster on one machine) would otherwise both read, and the second to write would fail with
  // SQLITE_BUSY at once instead of waiting out busy_timeout.
  const vote = db.transaction((pollId: string, userId: string, choices: number[]) => {
    const row = q.poll.get(pollId);
    if (!row) throw new NotFoundError('Poll');
    if (row.closed_at !== null) throw new InvalidStateError('The poll is closed');
    const optionCount = q.options.all(pollId).length;
    const picked = [...new Set(choices)].sort((a, b) => a - b);
    if (picked.some((c) => c >= optionCount)) throw new InvalidStateError('No such option');
    if (row.multiple === 0 && picked.length !== 1) throw new InvalidStateError('Pick one option');
    try {
      q.insertBallot.run(pollId, userId, JSON.stringify(picked), new Date().toISOString());
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError('You already voted in this poll');
      throw err;
    }
    for (const c of picked) q.countChoice.run(pollId, c);
    q.countVoter.run(pollId);
  });

  return {
    async create(poll) {
      const id = `poll-${randomUUID()}`;
      db.transaction(() => {
        q.insertPoll.run(id, poll.channel, poll.question, poll.multiple ? 1 : 0, poll.createdBy, new Date().toISOString());
        poll.options.forEach((text, idx) => q.insertOption.run(id, idx, text));
      })();
      return load(id);
    },
    async get(id) {
      const row = q.poll.get(id);
      return row ? toRecord(row) : null;
    },
    async vote(pollId, userId, choices) {
      vote.immediate(pollId, userId, choices);
      return load(pollId);
    },
    async close(pollId) {
      q.close.run(new Date().toISOString(), pollId);
      return load(pollId);
    },
    async recent(channel, closedSince, limit) {
      return q.recent.all(channel, closedSince, limit).map(toRecord);
    },
    async openCount(channel) {
      return q.openCount.get(channel)!.n;
    },
  };
}
