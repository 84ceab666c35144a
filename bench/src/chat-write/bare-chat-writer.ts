import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

// The chat write path's baseline: the bare driver (better-sqlite3, or pg with one Pool) running the
// statements the real chat store's insert runs, in one transaction: take the channel's next seq
// (the counter row's upsert, which on PostgreSQL holds the row lock until commit), look for the
// sender's clientId, insert the message, read it back with its reply quote. No query builder, no
// row mapping beyond what the answer needs. The tables are the real ones (the database is migrated
// by the real store first), so both writers pay for the same indexes and keys.

/** A message as both writers are given it. */
export interface ChatWrite {
  channel: string;
  userId: string;
  displayName: string;
  text: string;
  clientId: string;
}

/** Something that stores chat messages: the real store or a bare driver. */
export interface ChatWriter {
  /** Stores one message under its channel's next seq; resolves once committed, with the seq. */
  insert(m: ChatWrite): Promise<number>;
  close(): Promise<void>;
}

/** A bare writer that also finds the account of a session (for the bare socket.io server). */
export interface BareChatDb extends ChatWriter {
  /** The account of a live session, by token hash. */
  sessionUser(tokenHash: string, now: string): Promise<{ id: string; display_name: string } | undefined>;
}

/** The statements, with `?` placeholders (numbered for PostgreSQL). */
export const BARE_CHAT_SQL = {
  nextSeq:
    'insert into chat_channel_seq (channel, last_seq) values (?, ?) on conflict (channel) do update set last_seq = chat_channel_seq.last_seq + ? returning last_seq',
  byClientId:
    'select m.*, r.display_name as reply_display_name, r.text as reply_text, r.status as reply_status from chat_messages as m left join chat_messages as r on r.id = m.reply_to where m.channel = ? and m.user_id = ? and m.client_id = ?',
  insert:
    'insert into chat_messages (id, channel, seq, user_id, display_name, badge, text, status, reply_to, mentions, pinned, danmaku, client_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  byId: 'select m.*, r.display_name as reply_display_name, r.text as reply_text, r.status as reply_status from chat_messages as m left join chat_messages as r on r.id = m.reply_to where m.id = ?',
  sessionUser: 'select u.id, u.display_name from sessions s join users u on u.id = s.user_id where s.token_hash = ? and s.expires_at > ?',
} as const;

const row = (m: ChatWrite, id: string, seq: number) => [id, m.channel, seq, m.userId, m.displayName, null, m.text, 'visible', null, '[]', 0, null, m.clientId, new Date().toISOString()];

/** better-sqlite3 on the file, with the real store's pragmas; one BEGIN IMMEDIATE transaction per message. */
export function bareSqliteChatWriter(file: string): BareChatDb {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const q = {
    nextSeq: db.prepare<[string, number, number], number>(BARE_CHAT_SQL.nextSeq).pluck(),
    byClientId: db.prepare<[string, string, string], { id: string }>(BARE_CHAT_SQL.byClientId),
    insert: db.prepare(BARE_CHAT_SQL.insert),
    byId: db.prepare<[string], { seq: number }>(BARE_CHAT_SQL.byId),
    sessionUser: db.prepare<[string, string], { id: string; display_name: string }>(BARE_CHAT_SQL.sessionUser),
  };
  const insert = db.transaction((m: ChatWrite): number => {
    const seq = q.nextSeq.get(m.channel, 1, 1)!;
    if (q.byClientId.get(m.channel, m.userId, m.clientId)) throw new Error(`clientId ${m.clientId} already stored`);
    const id = randomUUID();
    q.insert.run(...row(m, id, seq));
    return q.byId.get(id)!.seq;
  });
  return {
    insert: async (m) => insert.immediate(m),
    sessionUser: async (hash, now) => q.sessionUser.get(hash, now),
    close: async () => void db.close(),
  };
}

/** `?` placeholders numbered for PostgreSQL. */
const numbered = (text: string) => {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
};

/** pg with one Pool of `poolSize` (the real store's default, 10); BEGIN ... COMMIT on one pooled client per message. */
export function barePgChatWriter(url: string, poolSize = 10): BareChatDb {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined);
  const SQL = Object.fromEntries(Object.entries(BARE_CHAT_SQL).map(([k, v]) => [k, numbered(v)])) as typeof BARE_CHAT_SQL;
  return {
    async insert(m) {
      const client = await pool.connect();
      let open = false;
      try {
        await client.query('BEGIN');
        open = true;
        const seq = Number((await client.query<{ last_seq: string | number }>(SQL.nextSeq, [m.channel, 1, 1])).rows[0]!.last_seq);
        if ((await client.query(SQL.byClientId, [m.channel, m.userId, m.clientId])).rows.length > 0) throw new Error(`clientId ${m.clientId} already stored`);
        const id = randomUUID();
        await client.query(SQL.insert, row(m, id, seq));
        const stored = Number((await client.query<{ seq: string | number }>(SQL.byId, [id])).rows[0]!.seq);
        await client.query('COMMIT');
        open = false;
        return stored;
      } catch (err) {
        if (open) await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    sessionUser: async (hash, now) => (await pool.query<{ id: string; display_name: string }>(SQL.sessionUser, [hash, now])).rows[0],
    close: () => pool.end(),
  };
}
