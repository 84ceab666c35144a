import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { PlanCategory } from './plan';

// The HTTP half of the vote storm's bare baselines (bare-vote-server.ts on SQLite,
// bare-pg-vote-server.ts on PostgreSQL): a bare node:http server, no express, no zod, no policy
// table, no rate limiter, no tallies. Per request it finds the session by the SHA-256 of the
// cookie's token, parses the JSON body, checks the entry, and hands the vote to the engine's
// transaction. Prints `{"port":N}` when it listens.

/** What the bare servers are given (a JSON file; its path in BARE_VOTE_SETUP). */
export interface BareVoteSetup {
  sessions: { token: string; userId: string }[];
  categories: PlanCategory[];
}

/** An HTTP status and a JSON body. */
export type Answer = [number, unknown];

/** What an engine does for the bare server; each call is the same SQL on both engines. */
export interface BareVoteEngine {
  /** The account of a live session, by token hash. */
  session(tokenHash: string, now: string): Promise<string | undefined>;
  entry(entryId: string): Promise<{ category_id: string; votes_per_account: number } | undefined>;
  /** In one transaction: replay a known key, refuse a duplicate, take slot = votes so far or refuse at the limit. */
  vote(userId: string, categoryId: string, entryId: string, key: string | null, limit: number): Promise<Answer>;
  count(): Promise<number>;
  close(): Promise<void>;
}

/** The bare servers' schema: the keys the real award_votes table has (account+entry, account+slot, account+key). */
export const BARE_VOTE_SCHEMA = `
  CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at TEXT NOT NULL);
  CREATE TABLE categories (id TEXT PRIMARY KEY, votes_per_account INTEGER NOT NULL);
  CREATE TABLE entries (id TEXT PRIMARY KEY, category_id TEXT NOT NULL REFERENCES categories(id));
  CREATE TABLE votes (
    category_id TEXT NOT NULL, entry_id TEXT NOT NULL, user_id TEXT NOT NULL, slot INTEGER NOT NULL,
    idempotency_key TEXT, created_at TEXT NOT NULL,
    UNIQUE (category_id, user_id, entry_id), UNIQUE (category_id, user_id, slot)
  );
  CREATE UNIQUE INDEX votes_key ON votes(user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
`;

/** The SQL both bare engines run, with `?` placeholders (PostgreSQL numbers them). */
export const BARE_VOTE_SQL = {
  session: 'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?',
  entry: 'SELECT e.category_id, c.votes_per_account FROM entries e JOIN categories c ON c.id = e.category_id WHERE e.id = ?',
  byKey: 'SELECT category_id, entry_id FROM votes WHERE user_id = ? AND idempotency_key = ?',
  voted: 'SELECT count(*) AS n FROM votes WHERE category_id = ? AND user_id = ? AND entry_id = ?',
  used: 'SELECT count(*) AS n FROM votes WHERE category_id = ? AND user_id = ?',
  insert: 'INSERT INTO votes (category_id, entry_id, user_id, slot, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  mine: 'SELECT entry_id FROM votes WHERE category_id = ? AND user_id = ? ORDER BY slot',
  count: 'SELECT count(*) AS n FROM votes',
} as const;

/** SHA-256 of a session token, as the real session store keys it. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The setup file named by BARE_VOTE_SETUP. */
export const readBareVoteSetup = () => JSON.parse(fs.readFileSync(process.env.BARE_VOTE_SETUP!, 'utf8')) as BareVoteSetup;

/** An error answer in the real server's shape. */
export const refuse = (status: number, code: string, reason?: string): Answer => [status, { error: { code, message: code, ...(reason ? { details: { reason } } : {}) } }];

/** The vote's answers, shared by both engines' transactions. */
export const voteAnswers = {
  keyReused: () => refuse(409, 'CONFLICT', 'idempotency-key-reused'),
  replayed: (categoryId: string, entryId: string): Answer => [200, { categoryId, entryId, replayed: true }],
  alreadyVoted: () => refuse(409, 'CONFLICT', 'already-voted'),
  limit: () => refuse(409, 'VOTE_LIMIT'),
  accepted: (categoryId: string, entryId: string, myVotes: string[], limit: number): Answer => [201, { categoryId, entryId, replayed: false, myVotes, votesLeft: limit - myVotes.length }],
};

/** A vote request as the bare servers read it: the session token, the body's ids and the Idempotency-Key; or the answer refusing it. */
export type VoteRequestRead = { token: string; categoryId: string; entryId: string; key: string | null } | Answer;

/** Reads POST /votes the way every bare server does: the cookie's token, the JSON body, the key's shape. */
export function readVoteRequest(req: http.IncomingMessage, body: string): VoteRequestRead {
  const token = /(?:^|;\s*)yz_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (!token) return refuse(401, 'UNAUTHENTICATED');
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
  return { token, categoryId: input.categoryId, entryId: input.entryId, key: key ?? null };
}

async function handle(engine: BareVoteEngine, req: http.IncomingMessage, body: string): Promise<Answer> {
  if (req.method === 'GET' && req.url === '/count') return [200, { votes: await engine.count() }];
  if (req.method !== 'POST' || req.url !== '/votes') return refuse(404, 'NOT_FOUND');
  const read = readVoteRequest(req, body);
  if (Array.isArray(read)) return read;
  const userId = await engine.session(hashToken(read.token), new Date().toISOString());
  if (!userId) return refuse(401, 'UNAUTHENTICATED');
  const entry = await engine.entry(read.entryId);
  if (!entry || entry.category_id !== read.categoryId) return refuse(404, 'NOT_FOUND');
  return engine.vote(userId, read.categoryId, read.entryId, read.key, entry.votes_per_account);
}

/** Serves POST /votes and GET /count on a free loopback port until SIGTERM. */
export function serveBareVotes(engine: BareVoteEngine): void {
  serveAnswers((req, body) => handle(engine, req, body), () => engine.close());
}

/** Serves `answer`'s answers (a bare node:http server, JSON bodies) on a free loopback port until SIGTERM; prints `{"port":N}`. */
export function serveAnswers(answer: (req: http.IncomingMessage, body: string) => Promise<Answer>, close: () => Promise<void>): void {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const reply = ([status, json]: Answer) => {
        const text = JSON.stringify(json);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      answer(req, body).then(reply, (err: unknown) => reply([500, { error: { code: 'INTERNAL', message: String(err) } }]));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close();
      close().finally(() => process.exit(0));
    });
  }
}
