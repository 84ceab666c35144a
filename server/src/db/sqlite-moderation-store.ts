import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  InvalidStateError,
  ModerationAction,
  NotFoundError,
  type ChannelSettings,
  type ChatChannel,
  type KeywordRule,
  type ModerationLogEntry,
} from '@yunzhan/shared';
import type { ModerationEffect, ModerationStore } from './chat-store';
import { CHAT_SELECT, toChatMessage, type ChatRow } from './sqlite-chat-store';

/** Most keyword rules one channel keeps (ChannelSettings allows 200). */
const MAX_KEYWORD_RULES = 200;
/** Most named moderators of one channel (ChannelSettings allows 100). */
const MAX_MODERATORS = 100;

interface SettingsRow {
  slow_mode_seconds: number;
  members_only: number;
  members_only_min_age_minutes: number;
}
interface LogRow {
  id: string;
  channel: string;
  moderator_id: string;
  action: string;
  created_at: string;
}

/** The moderation part of the SQLite store. */
export function sqliteModerationStore(db: Database.Database): ModerationStore {
  const q = {
    settings: db.prepare<[string], SettingsRow>('SELECT * FROM chat_channel_settings WHERE channel = ?'),
    rules: db.prepare<[string], KeywordRule>('SELECT id, phrase, action FROM chat_keyword_rules WHERE channel = ? ORDER BY created_at, rowid'),
    ruleCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM chat_keyword_rules WHERE channel = ?'),
    moderators: db.prepare('SELECT user_id FROM chat_moderators WHERE channel = ? ORDER BY added_at, rowid').pluck(),
    mute: db.prepare<[string, string], { until: string }>('SELECT until FROM chat_mutes WHERE channel = ? AND user_id = ?'),
    ban: db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM chat_bans WHERE channel = ? AND user_id = ?'),
    userExists: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM users WHERE id = ?'),
    message: db.prepare<[string, string], ChatRow>(`${CHAT_SELECT} WHERE m.id = ? AND m.channel = ?`),
    setStatus: db.prepare("UPDATE chat_messages SET status = ?, pinned = CASE WHEN ? = 'visible' THEN pinned ELSE 0 END WHERE id = ?"),
    setPinned: db.prepare('UPDATE chat_messages SET pinned = ? WHERE id = ?'),
    resolveReportsOf: db.prepare('UPDATE chat_reports SET resolved_at = ? WHERE message_id = ? AND resolved_at IS NULL'),
    resolveReport: db.prepare('UPDATE chat_reports SET resolved_at = ? WHERE id = ? AND channel = ? AND resolved_at IS NULL'),
    upsertMute: db.prepare(
      'INSERT INTO chat_mutes (channel, user_id, until, reason) VALUES (?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason',
    ),
    deleteMute: db.prepare('DELETE FROM chat_mutes WHERE channel = ? AND user_id = ?'),
    upsertBan: db.prepare(
      'INSERT INTO chat_bans (channel, user_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET reason = excluded.reason',
    ),
    deleteBan: db.prepare('DELETE FROM chat_bans WHERE channel = ? AND user_id = ?'),
    ensureSettings: db.prepare('INSERT INTO chat_channel_settings (channel, updated_at) VALUES (?, ?) ON CONFLICT (channel) DO NOTHING'),
    slowMode: db.prepare('UPDATE chat_channel_settings SET slow_mode_seconds = ?, updated_at = ? WHERE channel = ?'),
    membersOnly: db.prepare('UPDATE chat_channel_settings SET members_only = ?, members_only_min_age_minutes = ?, updated_at = ? WHERE channel = ?'),
    addRule: db.prepare('INSERT INTO chat_keyword_rules (id, channel, phrase, action, created_at) VALUES (?, ?, ?, ?, ?)'),
    removeRule: db.prepare('DELETE FROM chat_keyword_rules WHERE id = ? AND channel = ?'),
    moderatorCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM chat_moderators WHERE channel = ?'),
    addModerator: db.prepare('INSERT INTO chat_moderators (channel, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    removeModerator: db.prepare('DELETE FROM chat_moderators WHERE channel = ? AND user_id = ?'),
    log: db.prepare('INSERT INTO chat_moderation_log (id, channel, moderator_id, action, created_at) VALUES (?, ?, ?, ?, ?)'),
    recentLog: db.prepare<[string, number], LogRow>('SELECT * FROM chat_moderation_log WHERE channel = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
  };

  const messageIn = (channel: string, id: string) => {
    const row = q.message.get(id, channel);
    if (!row) throw new NotFoundError('Message');
    return toChatMessage(row);
  };
  const requireUser = (id: string) => {
    if (!q.userExists.get(id)) throw new NotFoundError('User');
  };
  const setMessage = (channel: string, id: string, change: (m: ReturnType<typeof toChatMessage>, at: string) => void, at: string): ModerationEffect => {
    const before = messageIn(channel, id);
    change(before, at);
    return { kind: 'message', message: messageIn(channel, id), before: before.status };
  };

  // One function per action type: the compiler finds a missing one.
  const apply: { [T in ModerationAction['type']]: (channel: ChatChannel, action: Extract<ModerationAction, { type: T }>, now: Date) => ModerationEffect } = {
    delete: (channel, a, now) =>
      setMessage(channel, a.messageId, (m, at) => {
        q.setStatus.run('deleted', 'deleted', m.id);
        q.resolveReportsOf.run(at, m.id);
      }, now.toISOString()),
    approve: (channel, a, now) =>
      setMessage(channel, a.messageId, (m, at) => {
        if (m.status === 'deleted') throw new InvalidStateError('A deleted message cannot be approved');
        // Approving a visible (reported) message keeps it and closes its reports.
        q.setStatus.run('visible', 'visible', m.id);
        q.resolveReportsOf.run(at, m.id);
      }, now.toISOString()),
    pin: (channel, a, now) =>
      setMessage(channel, a.messageId, (m) => {
        if (m.status !== 'visible') throw new InvalidStateError('Only a visible message can be pinned');
        q.setPinned.run(1, m.id);
      }, now.toISOString()),
    unpin: (channel, a, now) => setMessage(channel, a.messageId, (m) => void q.setPinned.run(0, m.id), now.toISOString()),
    mute: (channel, a, now) => {
      requireUser(a.userId);
      q.upsertMute.run(channel, a.userId, new Date(now.getTime() + a.seconds * 1000).toISOString(), a.reason);
      return { kind: 'user', userId: a.userId };
    },
    unmute: (channel, a) => {
      q.deleteMute.run(channel, a.userId);
      return { kind: 'user', userId: a.userId };
    },
    ban: (channel, a, now) => {
      requireUser(a.userId);
      q.upsertBan.run(channel, a.userId, a.reason, now.toISOString());
      return { kind: 'user', userId: a.userId };
    },
    unban: (channel, a) => {
      q.deleteBan.run(channel, a.userId);
      return { kind: 'user', userId: a.userId };
    },
    'slow-mode': (channel, a, now) => {
      q.ensureSettings.run(channel, now.toISOString());
      q.slowMode.run(a.seconds, now.toISOString(), channel);
      return { kind: 'settings' };
    },
    'members-only': (channel, a, now) => {
      q.ensureSettings.run(channel, now.toISOString());
      q.membersOnly.run(a.on ? 1 : 0, a.minAgeMinutes, now.toISOString(), channel);
      return { kind: 'settings' };
    },
    'keyword-add': (channel, a, now) => {
      if (q.ruleCount.get(channel)!.n >= MAX_KEYWORD_RULES) throw new InvalidStateError(`A channel keeps at most ${MAX_KEYWORD_RULES} keyword rules`);
      q.addRule.run(randomUUID(), channel, a.phrase, a.action, now.toISOString());
      return { kind: 'settings' };
    },
    'keyword-remove': (channel, a) => {
      if (q.removeRule.run(a.ruleId, channel).changes === 0) throw new NotFoundError('Keyword rule');
      return { kind: 'settings' };
    },
    'moderator-add': (channel, a, now) => {
      requireUser(a.userId);
      if (q.moderatorCount.get(channel)!.n >= MAX_MODERATORS) throw new InvalidStateError(`A channel has at most ${MAX_MODERATORS} named moderators`);
      q.addModerator.run(channel, a.userId, now.toISOString());
      return { kind: 'user', userId: a.userId };
    },
    'moderator-remove': (channel, a) => {
      q.removeModerator.run(channel, a.userId);
      return { kind: 'user', userId: a.userId };
    },
    'report-dismiss': (channel, a, now) => {
      if (q.resolveReport.run(now.toISOString(), a.reportId, channel).changes === 0) throw new NotFoundError('Open report');
      return { kind: 'report' };
    },
  };

  // The effect and its log line commit together; IMMEDIATE so concurrent writers queue up.
  const act = db.transaction((channel: ChatChannel, moderatorId: string, action: ModerationAction, now: Date): ModerationEffect => {
    const run = apply[action.type] as (c: ChatChannel, a: ModerationAction, n: Date) => ModerationEffect;
    const effect = run(channel, action, now);
    q.log.run(randomUUID(), channel, moderatorId, JSON.stringify(action), now.toISOString());
    return effect;
  });

  return {
    async settings(channel) {
      const row = q.settings.get(channel);
      const settings: ChannelSettings = {
        channel,
        slowModeSeconds: row?.slow_mode_seconds ?? 0,
        membersOnly: row?.members_only === 1,
        membersOnlyMinAgeMinutes: row?.members_only_min_age_minutes ?? 0,
        keywordRules: q.rules.all(channel),
        moderatorIds: q.moderators.all(channel) as string[],
      };
      return settings;
    },
    async standing(channel, userId) {
      return { mutedUntil: q.mute.get(channel, userId)?.until ?? null, banned: q.ban.get(channel, userId) !== undefined };
    },
    async act(channel, moderatorId, action, now) {
      return act.immediate(channel, moderatorId, action, now);
    },
    async log(channel, limit) {
      return q.recentLog.all(channel, limit).flatMap((r): ModerationLogEntry[] => {
        // A line written by an older format that no longer parses is left out, not fatal.
        const action = ModerationAction.safeParse(JSON.parse(r.action));
        return action.success ? [{ id: r.id, channel: r.channel, moderatorId: r.moderator_id, action: action.data, at: r.created_at }] : [];
      });
    },
  };
}
