import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import {
  ChatBadge,
  DanmakuStyle,
  type ChatChannel,
  type ChatMessage,
  type ChatMessageStatus,
  type ChatPage,
  type ChatReport,
} from '@yunzhan/shared';
import { inTransaction, type Db } from '../db/database';
import type { ChatMessagesTable } from '../db/schema';

/** What the chat service hands the store to keep: everything but the id, seq and time. */
export interface NewChatMessage {
  channel: ChatChannel;
  userId: string;
  displayName: string;
  /** The author's role badge, decided by the chat service. Default none. */
  badge?: ChatBadge | null;
  text: string;
  status: ChatMessageStatus;
  replyToId: string | null;
  mentions: string[];
  danmaku: DanmakuStyle | null;
  /** The sender's idempotency key: a second insert with it returns the first message. */
  clientId: string | null;
  /**
   * Slow mode: the least time since the sender's previous message in the channel, checked in the
   * insert's own transaction so two nodes cannot both let a message through. Default 0 (none).
   */
  minGapMs?: number;
}

/** The insert was refused by slow mode; `retryAfterMs` says when the sender may write again. */
export class SlowModeRefusal extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`slow mode: retry after ${retryAfterMs} ms`);
    this.name = 'SlowModeRefusal';
  }
}

/** Which page of a channel to read, and for whom. */
export interface ChatPageQuery {
  channel: ChatChannel;
  /** Older than this seq (paging back). */
  beforeSeq?: number;
  /** Newer than this seq (catching up); the page then runs oldest first from here. */
  afterSeq?: number;
  limit: number;
  /** Who reads: a moderator sees every status; anyone else the visible messages and their own held or hidden ones. */
  viewer: { userId: string | null; moderator: boolean };
}

/** Chat messages and reports of every channel. */
export interface ChatStore {
  /**
   * Stores a message under the next seq of its channel (allocated in the insert's transaction).
   * With a `clientId` already used by this user in this channel, stores nothing and returns the
   * stored message with `created: false`. Throws SlowModeRefusal (nothing stored) when `minGapMs`
   * has not passed since the sender's previous message in the channel.
   */
  insert(message: NewChatMessage): Promise<{ message: ChatMessage; created: boolean }>;
  /** The message a user sent in a channel with this idempotency key, if any. */
  byClientId(channel: ChatChannel, userId: string, clientId: string): Promise<ChatMessage | null>;
  get(id: string): Promise<ChatMessage | null>;
  /**
   * A page by seq, oldest first. Newest page when neither bound is given; `hasMore` says older
   * messages remain (or, with `afterSeq`, newer ones).
   */
  page(query: ChatPageQuery): Promise<ChatPage>;
  /** The pinned visible messages of a channel, oldest first. */
  pinned(channel: ChatChannel): Promise<ChatMessage[]>;
  /** Messages waiting for review (`held`), oldest first. */
  held(channel: ChatChannel, limit: number): Promise<ChatMessage[]>;
  /** ISO time of a user's latest message in a channel (any status), or null. */
  lastMessageAt(channel: ChatChannel, userId: string): Promise<string | null>;
  /** Files a report; false (and nothing stored) when this user already reported the message. */
  report(report: Omit<ChatReport, 'id' | 'at'>): Promise<boolean>;
  /** Reports no moderator has acted on, oldest first. */
  openReports(channel: ChatChannel, limit: number): Promise<ChatReport[]>;
}

/** Longest quote of the message a reply answers, in characters. */
export const REPLY_EXCERPT_LENGTH = 80;

/** A chat_messages row with the author, text and status of the message it replies to. */
type ChatRow = Selectable<ChatMessagesTable> & {
  reply_display_name: string | null;
  reply_text: string | null;
  reply_status: string | null;
};

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
const toChatMessage = (r: ChatRow): ChatMessage => {
  const danmaku = r.danmaku ? DanmakuStyle.safeParse(parseJson(r.danmaku, null)) : null;
  return {
    id: r.id,
    channel: r.channel,
    seq: r.seq,
    userId: r.user_id,
    displayName: r.display_name,
    badge: ChatBadge.safeParse(r.badge).data ?? null,
    text: r.text,
    status: r.status as ChatMessageStatus,
    replyTo: r.reply_to
      ? { id: r.reply_to, displayName: r.reply_display_name ?? '', excerpt: r.reply_status === 'visible' && r.reply_text ? excerptOf(r.reply_text) : '' }
      : null,
    mentions: parseJson<string[]>(r.mentions, []),
    pinned: r.pinned === 1,
    danmaku: danmaku?.success ? danmaku.data : null,
    createdAt: r.created_at,
  };
};

/** Messages (`m`) with the author, text and status of what they reply to. */
const selectMessages = (db: Db) =>
  db
    .selectFrom('chat_messages as m')
    .leftJoin('chat_messages as r', 'r.id', 'm.reply_to')
    .selectAll('m')
    .select(['r.display_name as reply_display_name', 'r.text as reply_text', 'r.status as reply_status']);

/** A message of any channel by id, as stored, read on `db`. */
export async function chatMessageById(db: Db, id: string, channel?: ChatChannel): Promise<ChatMessage | null> {
  const row = await selectMessages(db)
    .where('m.id', '=', id)
    .$if(channel !== undefined, (q) => q.where('m.channel', '=', channel!))
    .executeTakeFirst();
  return row ? toChatMessage(row) : null;
}

const byClientIdOn = async (db: Db, channel: string, userId: string, clientId: string) => {
  const row = await selectMessages(db)
    .where('m.channel', '=', channel)
    .where('m.user_id', '=', userId)
    .where('m.client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toChatMessage(row) : null;
};

const lastMessageAtOn = async (db: Db, channel: string, userId: string) => {
  const r = await db
    .selectFrom('chat_messages')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('channel', '=', channel)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.at ?? null;
};

const toReport = (r: { id: string; channel: string; message_id: string; reporter_id: string; reason: string; note: string; created_at: string }): ChatReport => ({
  id: r.id,
  channel: r.channel,
  messageId: r.message_id,
  reporterId: r.reporter_id,
  reason: r.reason as ChatReport['reason'],
  note: r.note,
  at: r.created_at,
});

/** Chat messages and reports on the query layer: one implementation for SQLite and PostgreSQL. */
export function chatStore(db: Db): ChatStore {
  return {
    insert(m) {
      return inTransaction(db, async (tx) => {
        // The channel's counter row, incremented first: on PostgreSQL the upsert locks it until
        // commit, so inserts into one channel queue here and the checks below see every message
        // committed before (SQLite's BEGIN IMMEDIATE queues every writer already). A rollback
        // takes the number back with the row.
        const { last_seq: seq } = await tx
          .insertInto('chat_channel_seq')
          .values({ channel: m.channel, last_seq: 1 })
          .onConflict((oc) => oc.column('channel').doUpdateSet((eb) => ({ last_seq: eb('chat_channel_seq.last_seq', '+', 1) })))
          .returning('last_seq')
          .executeTakeFirstOrThrow();
        // Nothing is stored: the number is given back even if a caller's transaction commits.
        const giveBack = () =>
          tx
            .updateTable('chat_channel_seq')
            .set((eb) => ({ last_seq: eb('last_seq', '-', 1) }))
            .where('channel', '=', m.channel)
            .execute();
        if (m.clientId) {
          const existing = await byClientIdOn(tx, m.channel, m.userId, m.clientId);
          if (existing) {
            await giveBack();
            return { message: existing, created: false };
          }
        }
        const now = Date.now();
        if (m.minGapMs && m.minGapMs > 0) {
          const last = await lastMessageAtOn(tx, m.channel, m.userId);
          const wait = last ? Date.parse(last) + m.minGapMs - now : 0;
          if (wait > 0) {
            await giveBack();
            throw new SlowModeRefusal(wait);
          }
        }
        const id = randomUUID();
        await tx
          .insertInto('chat_messages')
          .values({
            id,
            channel: m.channel,
            seq,
            user_id: m.userId,
            display_name: m.displayName,
            badge: m.badge ?? null,
            text: m.text,
            status: m.status,
            reply_to: m.replyToId,
            mentions: JSON.stringify(m.mentions),
            pinned: 0,
            danmaku: m.danmaku ? JSON.stringify(m.danmaku) : null,
            client_id: m.clientId,
            created_at: new Date(now).toISOString(),
          })
          .execute();
        return { message: (await chatMessageById(tx, id))!, created: true };
      });
    },
    byClientId: (channel, userId, clientId) => byClientIdOn(db, channel, userId, clientId),
    get: (id) => chatMessageById(db, id),
    async page(query) {
      // Catching up reads forwards from afterSeq; otherwise the newest (before beforeSeq) backwards.
      const forwards = query.afterSeq !== undefined && query.beforeSeq === undefined;
      const { userId, moderator } = query.viewer;
      const rows = await selectMessages(db)
        .where('m.channel', '=', query.channel)
        .$if(query.beforeSeq !== undefined, (q) => q.where('m.seq', '<', query.beforeSeq!))
        .$if(query.afterSeq !== undefined, (q) => q.where('m.seq', '>', query.afterSeq!))
        .$if(!moderator, (q) =>
          q.where((eb) =>
            eb.or([eb('m.status', '=', 'visible'), eb.and([eb('m.user_id', '=', userId ?? ''), eb('m.status', 'in', ['held', 'hidden'])])]),
          ),
        )
        .orderBy('m.seq', forwards ? 'asc' : 'desc')
        .limit(query.limit + 1)
        .execute();
      const hasMore = rows.length > query.limit;
      const page = rows.slice(0, query.limit).map(toChatMessage);
      return { messages: forwards ? page : page.reverse(), hasMore };
    },
    async pinned(channel) {
      const rows = await selectMessages(db)
        .where('m.channel', '=', channel)
        .where('m.pinned', '=', 1)
        .where('m.status', '=', 'visible')
        .orderBy('m.seq')
        .execute();
      return rows.map(toChatMessage);
    },
    async held(channel, limit) {
      const rows = await selectMessages(db).where('m.channel', '=', channel).where('m.status', '=', 'held').orderBy('m.seq').limit(limit).execute();
      return rows.map(toChatMessage);
    },
    lastMessageAt: (channel, userId) => lastMessageAtOn(db, channel, userId),
    async report(report) {
      const r = await db
        .insertInto('chat_reports')
        .values({
          id: randomUUID(),
          channel: report.channel,
          message_id: report.messageId,
          reporter_id: report.reporterId,
          reason: report.reason,
          note: report.note,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['message_id', 'reporter_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async openReports(channel, limit) {
      const rows = await db
        .selectFrom('chat_reports')
        .select(['id', 'channel', 'message_id', 'reporter_id', 'reason', 'note', 'created_at'])
        .where('channel', '=', channel)
        .where('resolved_at', 'is', null)
        // rowid: the order of writing on both engines (migration 11).
        .orderBy('created_at')
        .orderBy(sql`rowid`)
        .limit(limit)
        .execute();
      return rows.map(toReport);
    },
  };
}
