import pg from 'pg';
import { BARE_VOTE_SCHEMA, BARE_VOTE_SQL, hashToken, readBareVoteSetup, serveBareVotes, voteAnswers, type Answer } from './bare-vote-http';

// The vote storm's PostgreSQL baseline: the same HTTP server (bare-vote-http.ts) and the same SQL
// as the SQLite one (bare-vote-server.ts), on `pg` directly with one Pool of as many connections
// as the real server's (10). A vote is one transaction (BEGIN ... COMMIT on one pooled client):
// replay a known Idempotency-Key, refuse a duplicate, take slot = votes so far or refuse at the
// limit, under the same UNIQUE keys; a unique violation (a writer that slipped past the reads)
// rolls back and is refused as a duplicate, as on SQLite. Run as its own process.
// Env: BARE_VOTE_DB_URL (an empty database), BARE_VOTE_SETUP, BARE_VOTE_POOL (default 10).

/** `?` placeholders numbered for PostgreSQL. */
const numbered = (text: string) => {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
};
const SQL = Object.fromEntries(Object.entries(BARE_VOTE_SQL).map(([k, v]) => [k, numbered(v)])) as typeof BARE_VOTE_SQL;

const setup = readBareVoteSetup();
// COUNT is int8, read as a number (as the real store's pool does).
pg.types.setTypeParser(20, Number);
const pool = new pg.Pool({ connectionString: process.env.BARE_VOTE_DB_URL!, max: Number(process.env.BARE_VOTE_POOL ?? 10) });
pool.on('error', () => undefined);
{
  const expires = new Date(Date.now() + 3600_000).toISOString();
  const client = await pool.connect();
  try {
    await client.query(BARE_VOTE_SCHEMA);
    await client.query('INSERT INTO sessions SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
      setup.sessions.map((s) => hashToken(s.token)),
      setup.sessions.map((s) => s.userId),
      setup.sessions.map(() => expires),
    ]);
    for (const c of setup.categories) {
      await client.query('INSERT INTO categories VALUES ($1, $2)', [c.id, c.votesPerAccount]);
      for (const e of c.entryIds) await client.query('INSERT INTO entries VALUES ($1, $2)', [e, c.id]);
    }
    await client.query('ANALYZE');
  } finally {
    client.release();
  }
}

async function vote(userId: string, categoryId: string, entryId: string, key: string | null, limit: number): Promise<Answer> {
  const client = await pool.connect();
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    const answer = await (async (): Promise<Answer> => {
      if (key) {
        const first = (await client.query<{ category_id: string; entry_id: string }>(SQL.byKey, [userId, key])).rows[0];
        if (first) return first.category_id !== categoryId || first.entry_id !== entryId ? voteAnswers.keyReused() : voteAnswers.replayed(categoryId, entryId);
      }
      if ((await client.query<{ n: number }>(SQL.voted, [categoryId, userId, entryId])).rows[0]!.n > 0) return voteAnswers.alreadyVoted();
      const slot = (await client.query<{ n: number }>(SQL.used, [categoryId, userId])).rows[0]!.n;
      if (slot >= limit) return voteAnswers.limit();
      await client.query(SQL.insert, [categoryId, entryId, userId, slot, key, new Date().toISOString()]);
      const mine = (await client.query<{ entry_id: string }>(SQL.mine, [categoryId, userId])).rows.map((r) => r.entry_id);
      return voteAnswers.accepted(categoryId, entryId, mine, limit);
    })();
    await client.query('COMMIT');
    open = false;
    return answer;
  } catch (err) {
    if (open) await client.query('ROLLBACK');
    if ((err as { code?: string }).code !== '23505') throw err;
    return voteAnswers.alreadyVoted();
  } finally {
    client.release();
  }
}

serveBareVotes({
  session: async (hash, now) => (await pool.query<{ user_id: string }>(SQL.session, [hash, now])).rows[0]?.user_id,
  entry: async (id) => (await pool.query<{ category_id: string; votes_per_account: number }>(SQL.entry, [id])).rows[0],
  vote,
  count: async () => (await pool.query<{ n: number }>(SQL.count)).rows[0]!.n,
  close: () => pool.end(),
});
