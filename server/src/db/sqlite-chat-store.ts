import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ChatBadge, DanmakuStyle, type ChatMessage, type ChatMessageStatus, type ChatReport } from '@yunzhan/shared';
import { SlowModeRefusal, type ChatPageQuery, type ChatStore, type NewChatMessage } from './chat-store';

/** Longest quote of the message a reply answers, in characters. */
export const REPLY_EXCERPT_LENGTH = 80;

/** A chat_messages row joined with the message it replies to. */
export interface ChatRow {
  id: string;
  channel: string;
  seq: number;
  user_id: string;
  display_name: string;
  badge: string | null;
  text: string;
  status: ChatMessageStatus;
  reply_to: string | null;
  mentions: string;
  pinned: number;
  danmaku: string | null;
  client_id: string | null;
  created_at: string;
  reply_display_name: string | null;
  reply_text: string | null;
  reply_status: ChatMessageStatus | null;
}

/** A chat_reports row. */
export interface ReportRow {
  id: string;
  channel: string;
  message_id: string;
  reporter_id: string;
  reason: ChatReport['reason'];
  note: string;
  created_at: string;
}

/** Messages with the author and quote of what they reply to. Append `WHERE ...`. */
export const CHAT_SELECT = `
  SELECT m.*, r.display_name AS reply_display_name, r.text AS reply_text, r.status AS reply_status
  FROM chat_messages m LEFT JOIN chat_messages r ON r.id = m.reply_to`;

/** The first `REPLY_EXCERPT_LENGTH` characters (code points, so no split surrogate), with an ellipsis when cut. */
export function excerptOf(text: string): string {
  const chars = [...text];
  return chars.length <= REPLY_EXCERPT_LENGTH ? text : `${chars.slice(0, REPLY_EXCERPT_LENGTH - 1).join('')}…`;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A row as the stored message. A reply quotes its original only while that is visible. */
export const toChatMessage = (r: ChatRow): ChatMessage => {
  const danmaku = r.danmaku ? DanmakuStyle.safeParse(parseJson(r.danmaku, null)) : null;
  return {
    id: r.id,
    channel: r.channel,
    seq: r.seq,
    userId: r.user_id,
    displayName: r.display_name,
    badge: ChatBadge.safeParse(r.badge).data ?? null,
    text: r.text,
    status: r.status,
    replyTo: r.reply_to
      ? { id: r.reply_to, displayName: r.reply_display_name ?? '', excerpt: r.reply_status === 'visible' && r.reply_text ? excerptOf(r.reply_text) : '' }
      : null,
    mentions: parseJson<string[]>(r.mentions, []),
    pinned: r.pinned === 1,
    danmaku: danmaku?.success ? danmaku.data : null,
    createdAt: r.created_at,
  };
};

/** A chat_reports row as the shared report. */
export const toReport = (r: ReportRow): ChatReport => ({
  id: r.id,
  channel: r.channel,
  messageId: r.message_id,
  reporterId: r.reporter_id,
  reason: r.reason,
  note: r.note,
  at: r.created_at,
});

/** The chat part of the SQLite store. */
export function sqliteChatStore(db: Database.Database): ChatStore {
  const q = {
    nextSeq: db.prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM chat_messages WHERE channel = ?'),
    insert: db.prepare(
      `INSERT INTO chat_messages (id, channel, seq, user_id, display_name, badge, text, status, reply_to, mentions, pinned, danmaku, client_id, created_at)
       VALUES (@id, @channel, @seq, @userId, @displayName, @badge, @text, @status, @replyToId, @mentions, 0, @danmaku, @clientId, @createdAt)`,
    ),
    byId: db.prepare<[string], ChatRow>(`${CHAT_SELECT} WHERE m.id = ?`),
    byClientId: db.prepare<[string, string, string], ChatRow>(`${CHAT_SELECT} WHERE m.channel = ? AND m.user_id = ? AND m.client_id = ?`),
    pinned: db.prepare<[string], ChatRow>(`${CHAT_SELECT} WHERE m.channel = ? AND m.pinned = 1 AND m.status = 'visible' ORDER BY m.seq`),
    held: db.prepare<[string, number], ChatRow>(`${CHAT_SELECT} WHERE m.channel = ? AND m.status = 'held' ORDER BY m.seq LIMIT ?`),
    lastAt: db.prepare<[string, string], { at: string | null }>('SELECT MAX(created_at) AS at FROM chat_messages WHERE channel = ? AND user_id = ?'),
    report: db.prepare(
      `INSERT OR IGNORE INTO chat_reports (id, channel, message_id, reporter_id, reason, note, created_at)
       VALUES (@id, @channel, @messageId, @reporterId, @reason, @note, @createdAt)`,
    ),
    openReports: db.prepare<[string, number], ReportRow>(
      'SELECT * FROM chat_reports WHERE channel = ? AND resolved_at IS NULL ORDER BY created_at, rowid LIMIT ?',
    ),
  };

  const get = (id: string) => {
    const row = q.byId.get(id);
    return row ? toChatMessage(row) : null;
  };
  const byClientId = (channel: string, userId: string, clientId: string) => {
    const row = q.byClientId.get(channel, userId, clientId);
    return row ? toChatMessage(row) : null;
  };

  // IMMEDIATE: the write lock is taken before the seq is read, so two processes sharing the file
  // wait for each other (busy_timeout) instead of both reading the same MAX(seq).
  const insert = db.transaction((m: NewChatMessage): { message: ChatMessage; created: boolean } => {
    const existing = m.clientId ? byClientId(m.channel, m.userId, m.clientId) : null;
    if (existing) return { message: existing, created: false };
    const now = Date.now();
    if (m.minGapMs && m.minGapMs > 0) {
      const last = q.lastAt.get(m.channel, m.userId)?.at;
      const wait = last ? Date.parse(last) + m.minGapMs - now : 0;
      if (wait > 0) throw new SlowModeRefusal(wait);
    }
    const id = randomUUID();
    const { seq } = q.nextSeq.get(m.channel)!;
    const { minGapMs: _gap, ...row } = m;
    q.insert.run({
      ...row,
      id,
      seq,
      badge: m.badge ?? null,
      mentions: JSON.stringify(m.mentions),
      danmaku: m.danmaku ? JSON.stringify(m.danmaku) : null,
      createdAt: new Date(now).toISOString(),
    });
    return { message: get(id)!, created: true };
  });

  return {
    async insert(message) {
      return insert.immediate(message);
    },
    async byClientId(channel, userId, clientId) {
      return byClientId(channel, userId, clientId);
    },
    async get(id) {
      return get(id);
    },
    async page(query: ChatPageQuery) {
      const where = ['m.channel = @channel'];
      if (query.beforeSeq !== undefined) where.push('m.seq < @beforeSeq');
      if (query.afterSeq !== undefined) where.push('m.seq > @afterSeq');
      if (!query.viewer.moderator) where.push(`(m.status = 'visible' OR (m.user_id = @viewerId AND m.status IN ('held', 'hidden')))`);
      // Catching up reads forwards from afterSeq; otherwise the newest (before beforeSeq) backwards.
      const forwards = query.afterSeq !== undefined && query.beforeSeq === undefined;
      const rows = db
        .prepare<Record<string, unknown>, ChatRow>(`${CHAT_SELECT} WHERE ${where.join(' AND ')} ORDER BY m.seq ${forwards ? 'ASC' : 'DESC'} LIMIT @limit`)
        .all({
          channel: query.channel,
          beforeSeq: query.beforeSeq ?? null,
          afterSeq: query.afterSeq ?? null,
          viewerId: query.viewer.userId ?? '',
          limit: query.limit + 1,
        });
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit).map(toChatMessage);
      return { messages: forwards ? page : page.reverse(), hasMore };
    },
    async pinned(channel) {
      return q.pinned.all(channel).map(toChatMessage);
    },
    async held(channel, limit) {
      return q.held.all(channel, limit).map(toChatMessage);
    },
    async lastMessageAt(channel, userId) {
      return q.lastAt.get(channel, userId)?.at ?? null;
    },
    async report(report) {
      const info = q.report.run({ ...report, id: randomUUID(), createdAt: new Date().toISOString() });
      return info.changes > 0;
    },
    async openReports(channel, limit) {
      return q.openReports.all(channel, limit).map(toReport);
    },
  };
}
