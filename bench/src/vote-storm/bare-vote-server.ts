import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';
import type { PlanCategory } from './plan';

// The vote storm's baseline: the least an HTTP server can do for the same guarantees. A bare
// node:http server (no express, no zod, no policy table, no rate limiter, no tallies) on one
// SQLite file with the same pragmas as the real store (WAL, synchronous NORMAL): per request it
// finds the session by the SHA-256 of the cookie's token, parses the JSON body, checks the
// entry, and in one IMMEDIATE transaction replays a known Idempotency-Key or inserts the vote
// with slot = votes so far, under the same UNIQUE keys (account+entry, account+slot,
// account+key). Run as its own process; prints `{"port":N}` when it listens.
// Env: BARE_VOTE_DB (SQLite file), BARE_VOTE_SETUP (JSON: { sessions: [{ token, userId }], categories }).

interface Setup {
  sessions: { token: string; userId: string }[];
  categories: PlanCategory[];
}

const setup = JSON.parse(fs.readFileSync(process.env.BARE_VOTE_SETUP!, 'utf8')) as Setup;
const db = new Database(process.env.BARE_VOTE_DB!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at TEXT NOT NULL);
  CREATE TABLE categories (id TEXT PRIMARY KEY, votes_per_account INTEGER NOT NULL);
  CREATE TABLE entries (id TEXT PRIMARY KEY, category_id TEXT NOT NULL REFERENCES categories(id));
  CREATE TABLE votes (
    category_id TEXT NOT NULL, entry_id TEXT NOT NULL, user_id TEXT NOT NULL, slot INTEGER NOT NULL,
    idempotency_key TEXT, created_at TEXT NOT NULL,
    UNIQUE (category_id, user_id, entry_id), UNIQUE (category_id, user_id, slot)
  );
  CREATE UNIQUE INDEX votes_key ON votes(user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
`);
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const expires = new Date(Date.now() + 3600_000).toISOString();
db.transaction(() => {
  for (const s of setup.sessions) db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(hash(s.token), s.userId, expires);
  for (const c of setup.categories) {
    db.prepare('INSERT INTO categories VALUES (?, ?)').run(c.id, c.votesPerAccount);
    for (const e of c.entryIds) db.prepare('INSERT INTO entries VALUES (?, ?)').run(e, c.id);
  }
})();

const q = {
  session: db.prepare<[string, string], string>('SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?').pluck(),
  entry: db.prepare<[string], { category_id: string; votes_per_account: number }>(
    'SELECT e.category_id, c.votes_per_account FROM entries e JOIN categories c ON c.id = e.category_id WHERE e.id = ?',
  ),
  byKey: db.prepare<[string, string], { category_id: string; entry_id: string }>('SELECT category_id, entry_id FROM votes WHERE user_id = ? AND idempotency_key = ?'),
  voted: db.prepare<[string, string, string], number>('SELECT count(*) FROM votes WHERE category_id = ? AND user_id = ? AND entry_id = ?').pluck(),
  used: db.prepare<[string, string], number>('SELECT count(*) FROM votes WHERE category_id = ? AND user_id = ?').pluck(),
  mine: db.prepare<[string, string], string>('SELECT entry_id FROM votes WHERE category_id = ? AND user_id = ? ORDER BY slot').pluck(),
  insert: db.prepare('INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?)'),
  count: db.prepare<[], number>('SELECT count(*) FROM votes').pluck(),
};

type Answer = [number, unknown];
const refuse = (status: number, code: string, reason?: string): Answer => [status, { error: { code, message: code, ...(reason ? { details: { reason } } : {}) } }];

const vote = db.transaction((userId: string, categoryId: string, entryId: string, key: string | null, limit: number): Answer => {
  if (key) {
    const first = q.byKey.get(userId, key);
    if (first) {
      if (first.category_id !== categoryId || first.entry_id !== entryId) return refuse(409, 'CONFLICT', 'idempotency-key-reused');
      return [200, { categoryId, entryId, replayed: true }];
    }
  }
  if (q.voted.get(categoryId, userId, entryId)! > 0) return refuse(409, 'CONFLICT', 'already-voted');
  const slot = q.used.get(categoryId, userId)!;
  if (slot >= limit) return refuse(409, 'VOTE_LIMIT');
  try {
    q.insert.run(categoryId, entryId, userId, slot, key, new Date().toISOString());
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    return refuse(409, 'CONFLICT', 'already-voted');
  }
  const myVotes = q.mine.all(categoryId, userId);
  return [201, { categoryId, entryId, replayed: false, myVotes, votesLeft: limit - myVotes.length }];
});

function handle(req: http.IncomingMessage, body: string): Answer {
  if (req.method === 'GET' && req.url === '/count') return [200, { votes: q.count.get() }];
  if (req.method !== 'POST' || req.url !== '/votes') return refuse(404, 'NOT_FOUND');
  const token = /(?:^|;\s*)yz_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const userId = token ? q.session.get(hash(token), new Date().toISOString()) : undefined;
  if (!userId) return refuse(401, 'UNAUTHENTICATED');
  let input: { categoryId?: unknown; entryId?: unknown };
  try {
    input = JSON.parse(body) as typeof input;
  } catch {
    return refuse(400, 'BAD_REQUEST');
  }
  const key = req.headers['idempotency-key'];
  if (typeof input.categoryId !== 'string' || typeof input.entryId !== 'string' || (key !== undefined && (typeof key !== 'string' || !/^[A-Za-z0-9_-]{8,100}$/.test(key)))) {
    return refuse(400, 'VALIDATION_FAILED');
  }
  const entry = q.entry.get(input.entryId);
  if (!entry || entry.category_id !== input.categoryId) return refuse(404, 'NOT_FOUND');
  return vote.immediate(userId, input.categoryId, input.entryId, key ?? null, entry.votes_per_account);
}

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    let answer: Answer;
    try {
      answer = handle(req, body);
    } catch (err) {
      answer = [500, { error: { code: 'INTERNAL', message: String(err) } }];
    }
    const text = JSON.stringify(answer[1]);
    res.writeHead(answer[0], { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    db.close();
    process.exit(0);
  });
}
