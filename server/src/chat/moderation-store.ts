import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  InvalidStateError,
  ModerationAction,
  NotFoundError,
  type ChannelSettings,
  type ChatChannel,
  type ChatMessage,
  type ChatMessageStatus,
  type KeywordRule,
  type ModerationLogEntry,
} from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import { chatMessageById } from './chat-store';

/** A user's restrictions in a channel as stored. */
export interface StoredStanding {
  /** ISO end of a mute (may be in the past: expired), or null. */
  mutedUntil: string | null;
  banned: boolean;
}

/** What a moderation action changed, for the service to announce. */
export type ModerationEffect =
  | { kind: 'message'; message: ChatMessage; before: ChatMessageStatus }
  | { kind: 'user'; userId: string }
  | { kind: 'settings' }
  | { kind: 'report' };

/** Moderation settings, restrictions and the moderation log of every channel. */
export interface ModerationStore {
  /** A channel's settings (defaults when nothing was ever set), rules and named moderators. */
  settings(channel: ChatChannel): Promise<ChannelSettings>;
  /** A user's mute and ban in a channel. */
  standing(channel: ChatChannel, userId: string): Promise<StoredStanding>;
  /**
   * Applies one action and writes it to the moderation log in the same transaction: both or
   * neither. Throws NotFoundError / InvalidStateError (nothing written) when it cannot apply.
   */
  act(channel: ChatChannel, moderatorId: string, action: ModerationAction, now: Date): Promise<ModerationEffect>;
  /** The newest `limit` log entries, newest first. */
  log(channel: ChatChannel, limit: number): Promise<ModerationLogEntry[]>;
  /**
   * Inside `Store.transaction`: the channel's settings row, created when missing, locked until
   * the transaction ends (PostgreSQL; SQLite serialises writers already). Changes of the
   * channel's moderators, rules and settings lock it too, so a rule that reads them waits.
   */
  lockChannel(channel: ChatChannel, now: Date): Promise<void>;
}

/** Most keyword rules one channel keeps (ChannelSettings allows 200). */
const MAX_KEYWORD_RULES = 200;
/** Most named moderators of one channel (ChannelSettings allows 100). */
const MAX_MODERATORS = 100;

/** One action type applied on a transaction. */
type Apply<T extends ModerationAction['type']> = (tx: Db, channel: ChatChannel, action: Extract<ModerationAction, { type: T }>, at: string) => Promise<ModerationEffect>;

/** Moderation on the query layer: one implementation for SQLite and PostgreSQL. */
export function moderationStore(db: Db, engine: Engine): ModerationStore {
  /**
   * Locks a message of the channel until commit (PostgreSQL; SQLite's writers queue already), so
   * a check of its status and the change that follows cannot interleave with another node's.
   */
  const lockedMessage = async (tx: Db, channel: ChatChannel, id: string) => {
    const row = await tx
      .selectFrom('chat_messages')
      .select('id')
      .where('id', '=', id)
      .where('channel', '=', channel)
      .$if(engine === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Message');
    return (await chatMessageById(tx, id, channel))!;
  };
  const changeMessage = async (tx: Db, channel: ChatChannel, id: string, change: (m: ChatMessage) => Promise<unknown>): Promise<ModerationEffect> => {
    const before = await lockedMessage(tx, channel, id);
    await change(before);
    return { kind: 'message', message: (await chatMessageById(tx, id, channel))!, before: before.status };
  };
  const setStatus = (tx: Db, id: string, status: 'visible' | 'deleted') =>
    tx
      .updateTable('chat_messages')
      .set({ status, ...(status === 'visible' ? {} : { pinned: 0 }) })
      .where('id', '=', id)
      .execute();
  const setPinned = (tx: Db, id: string, pinned: boolean) => tx.updateTable('chat_messages').set({ pinned: pinned ? 1 : 0 }).where('id', '=', id).execute();
  const resolveReportsOf = (tx: Db, messageId: string, at: string) =>
    tx.updateTable('chat_reports').set({ resolved_at: at }).where('message_id', '=', messageId).where('resolved_at', 'is', null).execute();
  const requireUser = async (tx: Db, id: string) => {
    if (!(await tx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) throw new NotFoundError('User');
  };
  /** Creates or touches the channel's settings row; on PostgreSQL it stays locked until commit, so count-then-add rules hold. */
  const touchSettings = (tx: Db, channel: ChatChannel, at: string) =>
    tx
      .insertInto('chat_channel_settings')
      .values({ channel, updated_at: at })
      .onConflict((oc) => oc.column('channel').doUpdateSet({ updated_at: at }))
      .execute();
  const count = async (tx: Db, table: 'chat_keyword_rules' | 'chat_moderators', channel: ChatChannel) =>
    Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('channel', '=', channel).executeTakeFirstOrThrow()).n);

  // One function per action type: the compiler finds a missing one.
  const apply: { [T in ModerationAction['type']]: Apply<T> } = {
    delete: (tx, channel, a, at) =>
      changeMessage(tx, channel, a.messageId, async (m) => {
        await setStatus(tx, m.id, 'deleted');
        await resolveReportsOf(tx, m.id, at);
      }),
    approve: (tx, channel, a, at) =>
      changeMessage(tx, channel, a.messageId, async (m) => {
        if (m.status === 'deleted') throw new InvalidStateError('A deleted message cannot be approved');
        // Approving a visible (reported) message keeps it and closes its reports.
        await setStatus(tx, m.id, 'visible');
        await resolveReportsOf(tx, m.id, at);
      }),
    pin: (tx, channel, a) =>
      changeMessage(tx, channel, a.messageId, async (m) => {
        if (m.status !== 'visible') throw new InvalidStateError('Only a visible message can be pinned');
        await setPinned(tx, m.id, true);
      }),
    unpin: (tx, channel, a) => changeMessage(tx, channel, a.messageId, (m) => setPinned(tx, m.id, false)),
    mute: async (tx, channel, a, at) => {
      await requireUser(tx, a.userId);
      const until = new Date(Date.parse(at) + a.seconds * 1000).toISOString();
      await tx
        .insertInto('chat_mutes')
        .values({ channel, user_id: a.userId, until, reason: a.reason })
        .onConflict((oc) => oc.columns(['channel', 'user_id']).doUpdateSet({ until, reason: a.reason }))
        .execute();
      return { kind: 'user', userId: a.userId };
    },
    unmute: async (tx, channel, a) => {
      await tx.deleteFrom('chat_mutes').where('channel', '=', channel).where('user_id', '=', a.userId).execute();
      return { kind: 'user', userId: a.userId };
    },
    ban: async (tx, channel, a, at) => {
      await requireUser(tx, a.userId);
      await tx
        .insertInto('chat_bans')
        .values({ channel, user_id: a.userId, reason: a.reason, created_at: at })
        .onConflict((oc) => oc.columns(['channel', 'user_id']).doUpdateSet({ reason: a.reason }))
        .execute();
      return { kind: 'user', userId: a.userId };
    },
    unban: async (tx, channel, a) => {
      await tx.deleteFrom('chat_bans').where('channel', '=', channel).where('user_id', '=', a.userId).execute();
      return { kind: 'user', userId: a.userId };
    },
    'slow-mode': async (tx, channel, a, at) => {
      await touchSettings(tx, channel, at);
      await tx.updateTable('chat_channel_settings').set({ slow_mode_seconds: a.seconds }).where('channel', '=', channel).execute();
      return { kind: 'settings' };
    },
    'members-only': async (tx, channel, a, at) => {
      await touchSettings(tx, channel, at);
      await tx
        .updateTable('chat_channel_settings')
        .set({ members_only: a.on ? 1 : 0, members_only_min_age_minutes: a.minAgeMinutes })
        .where('channel', '=', channel)
        .execute();
      return { kind: 'settings' };
    },
    'keyword-add': async (tx, channel, a, at) => {
      await touchSettings(tx, channel, at);
      if ((await count(tx, 'chat_keyword_rules', channel)) >= MAX_KEYWORD_RULES) throw new InvalidStateError(`A channel keeps at most ${MAX_KEYWORD_RULES} keyword rules`);
      await tx.insertInto('chat_keyword_rules').values({ id: randomUUID(), channel, phrase: a.phrase, action: a.action, created_at: at }).execute();
      return { kind: 'settings' };
    },
    'keyword-remove': async (tx, channel, a) => {
      const r = await tx.deleteFrom('chat_keyword_rules').where('id', '=', a.ruleId).where('channel', '=', channel).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new NotFoundError('Keyword rule');
      return { kind: 'settings' };
    },
    'moderator-add': async (tx, channel, a, at) => {
      await requireUser(tx, a.userId);
      await touchSettings(tx, channel, at);
      if ((await count(tx, 'chat_moderators', channel)) >= MAX_MODERATORS) throw new InvalidStateError(`A channel has at most ${MAX_MODERATORS} named moderators`);
      await tx.insertInto('chat_moderators').values({ channel, user_id: a.userId, added_at: at }).onConflict((oc) => oc.doNothing()).execute();
      return { kind: 'user', userId: a.userId };
    },
    'moderator-remove': async (tx, channel, a) => {
      await tx.deleteFrom('chat_moderators').where('channel', '=', channel).where('user_id', '=', a.userId).execute();
      return { kind: 'user', userId: a.userId };
    },
    'report-dismiss': async (tx, channel, a, at) => {
      const r = await tx
        .updateTable('chat_reports')
        .set({ resolved_at: at })
        .where('id', '=', a.reportId)
        .where('channel', '=', channel)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('Open report');
      return { kind: 'report' };
    },
  };

  return {
    async settings(channel) {
      const [row, rules, moderators] = await Promise.all([
        db.selectFrom('chat_channel_settings').selectAll().where('channel', '=', channel).executeTakeFirst(),
        // rowid: the order of writing on both engines (migration 11).
        db.selectFrom('chat_keyword_rules').select(['id', 'phrase', 'action']).where('channel', '=', channel).orderBy('created_at').orderBy(sql`rowid`).execute(),
        db.selectFrom('chat_moderators').select('user_id').where('channel', '=', channel).orderBy('added_at').orderBy(sql`rowid`).execute(),
      ]);
      return {
        channel,
        slowModeSeconds: row?.slow_mode_seconds ?? 0,
        membersOnly: row?.members_only === 1,
        membersOnlyMinAgeMinutes: row?.members_only_min_age_minutes ?? 0,
        keywordRules: rules as KeywordRule[],
        moderatorIds: moderators.map((m) => m.user_id),
      };
    },
    async standing(channel, userId) {
      const [mute, ban] = await Promise.all([
        db.selectFrom('chat_mutes').select('until').where('channel', '=', channel).where('user_id', '=', userId).executeTakeFirst(),
        db.selectFrom('chat_bans').select('user_id').where('channel', '=', channel).where('user_id', '=', userId).executeTakeFirst(),
      ]);
      return { mutedUntil: mute?.until ?? null, banned: ban !== undefined };
    },
    act(channel, moderatorId, action, now) {
      // The effect and its log line commit together, or neither does.
      return inTransaction(db, async (tx) => {
        const at = now.toISOString();
        const run = apply[action.type] as Apply<ModerationAction['type']>;
        const effect = await run(tx, channel, action, at);
        await tx.insertInto('chat_moderation_log').values({ id: randomUUID(), channel, moderator_id: moderatorId, action: JSON.stringify(action), created_at: at }).execute();
        return effect;
      });
    },
    async lockChannel(channel, now) {
      // Without touching updated_at: nothing about the settings changes.
      await db.insertInto('chat_channel_settings').values({ channel, updated_at: now.toISOString() }).onConflict((oc) => oc.column('channel').doNothing()).execute();
      if (engine === 'postgres') await db.selectFrom('chat_channel_settings').select('channel').where('channel', '=', channel).forUpdate().execute();
    },
    async log(channel, limit) {
      const rows = await db
        .selectFrom('chat_moderation_log')
        .select(['id', 'channel', 'moderator_id', 'action', 'created_at'])
        .where('channel', '=', channel)
        .orderBy('created_at', 'desc')
        .orderBy(sql`rowid`, 'desc')
        .limit(limit)
        .execute();
      return rows.flatMap((r): ModerationLogEntry[] => {
        // A line written by an older format that no longer parses is left out, not fatal.
        const action = ModerationAction.safeParse(parseJson(r.action));
        return action.success ? [{ id: r.id, channel: r.channel, moderatorId: r.moderator_id, action: action.data, at: r.created_at }] : [];
      });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
