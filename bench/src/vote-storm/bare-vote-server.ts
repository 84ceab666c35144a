import Database from 'better-sqlite3';
import { BARE_VOTE_SCHEMA, BARE_VOTE_SQL as SQL, hashToken, readBareVoteSetup, serveBareVotes, voteAnswers, type Answer } from './bare-vote-http';

// The vote storm's SQLite baseline: the least an HTTP server can do for the same guarantees
// (bare-vote-http.ts), on one better-sqlite3 file with the same pragmas as the real store (WAL,
// synchronous NORMAL): in one IMMEDIATE transaction it replays a known Idempotency-Key or inserts
// the vote with slot = votes so far, under the same UNIQUE keys (account+entry, account+slot,
// account+key). Run as its own process.
// Env: BARE_VOTE_DB (SQLite file), BARE_VOTE_SETUP (JSON: { sessions: [{ token, userId }], categories }).

const setup = readBareVoteSetup();
const db = new Database(process.env.BARE_VOTE_DB!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(BARE_VOTE_SCHEMA);
const expires = new Date(Date.now() + 3600_000).toISOString();
db.transaction(() => {
  for (const s of setup.sessions) db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(hashToken(s.token), s.userId, expires);
  for (const c of setup.categories) {
    db.prepare('INSERT INTO categories VALUES (?, ?)').run(c.id, c.votesPerAccount);
    for (const e of c.entryIds) db.prepare('INSERT INTO entries VALUES (?, ?)').run(e, c.id);
  }
})();

const q = {
  session: db.prepare<[string, string], string>(SQL.session).pluck(),
  entry: db.prepare<[string], { category_id: string; votes_per_account: number }>(SQL.entry),
  byKey: db.prepare<[string, string], { category_id: string; entry_id: string }>(SQL.byKey),
  voted: db.prepare<[string, string, string], number>(SQL.voted).pluck(),
  used: db.prepare<[string, string], number>(SQL.used).pluck(),
  mine: db.prepare<[string, string], string>(SQL.mine).pluck(),
  insert: db.prepare(SQL.insert),
  count: db.prepare<[], number>(SQL.count).pluck(),
};

const vote = db.transaction((userId: string, categoryId: string, entryId: string, key: string | null, limit: number): Answer => {
  if (key) {
    const first = q.byKey.get(userId, key);
    if (first) return first.category_id !== categoryId || first.entry_id !== entryId ? voteAnswers.keyReused() : voteAnswers.replayed(categoryId, entryId);
  }
  if (q.voted.get(categoryId, userId, entryId)! > 0) return voteAnswers.alreadyVoted();
  const slot = q.used.get(categoryId, userId)!;
  if (slot >= limit) return voteAnswers.limit();
  try {
    q.insert.run(categoryId, entryId, userId, slot, key, new Date().toISOString());
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    return voteAnswers.alreadyVoted();
  }
  return voteAnswers.accepted(categoryId, entryId, q.mine.all(categoryId, userId), limit);
});

serveBareVotes({
  session: async (hash, now) => q.session.get(hash, now),
  entry: async (id) => q.entry.get(id),
  vote: async (userId, categoryId, entryId, key, limit) => vote.immediate(userId, categoryId, entryId, key, limit),
  count: async () => q.count.get()!,
  close: async () => void db.close(),
});
