import { z } from 'zod';
import { ChatMessage } from './chat';
import { ChatChannel } from './chat-channel';

// Moderation of a chat channel. Moderators are the channel's hosts/curator, admins, and users an
// admin or host names as moderators of that channel. Every action is written to the moderation
// log before it takes effect, and takes effect on every server node.

/** Longest mute, in seconds (7 days). */
export const MAX_MUTE_SECONDS = 7 * 24 * 3600;

/** What a keyword rule does with a matching message: hide it, or hold it for a moderator. */
export const KeywordRuleAction = z.enum(['hide', 'hold']);
export type KeywordRuleAction = z.infer<typeof KeywordRuleAction>;

/** A keyword rule: a case-insensitive literal phrase (no regular expressions from users). */
export const KeywordRule = z.object({
  id: z.string(),
  phrase: z.string().trim().min(1).max(100),
  action: KeywordRuleAction,
});
export type KeywordRule = z.infer<typeof KeywordRule>;

/** A channel's moderation settings. */
export const ChannelSettings = z.object({
  channel: ChatChannel,
  /** Seconds a non-moderator must wait between messages; 0 is off. */
  slowModeSeconds: z.number().int().min(0).max(3600),
  /** Only signed-in accounts older than `membersOnlyMinAgeMinutes` may write. */
  membersOnly: z.boolean(),
  membersOnlyMinAgeMinutes: z.number().int().min(0).max(525_600),
  keywordRules: z.array(KeywordRule).max(200),
  moderatorIds: z.array(z.string()).max(100),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

/** One moderation action, as sent in `mod:act` (discriminated by `type`). */
export const ModerationAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('delete'), messageId: z.string().max(64) }),
  z.strictObject({ type: z.literal('approve'), messageId: z.string().max(64) }),
  z.strictObject({ type: z.literal('pin'), messageId: z.string().max(64) }),
  z.strictObject({ type: z.literal('unpin'), messageId: z.string().max(64) }),
  z.strictObject({ type: z.literal('mute'), userId: z.string().max(64), seconds: z.number().int().min(10).max(MAX_MUTE_SECONDS), reason: z.string().trim().max(200).default('') }),
  z.strictObject({ type: z.literal('unmute'), userId: z.string().max(64) }),
  z.strictObject({ type: z.literal('ban'), userId: z.string().max(64), reason: z.string().trim().max(200).default('') }),
  z.strictObject({ type: z.literal('unban'), userId: z.string().max(64) }),
  z.strictObject({ type: z.literal('slow-mode'), seconds: z.number().int().min(0).max(3600) }),
  z.strictObject({ type: z.literal('members-only'), on: z.boolean(), minAgeMinutes: z.number().int().min(0).max(525_600).default(0) }),
  z.strictObject({ type: z.literal('keyword-add'), phrase: z.string().trim().min(1).max(100), action: KeywordRuleAction }),
  z.strictObject({ type: z.literal('keyword-remove'), ruleId: z.string().max(64) }),
  z.strictObject({ type: z.literal('moderator-add'), userId: z.string().max(64) }),
  z.strictObject({ type: z.literal('moderator-remove'), userId: z.string().max(64) }),
  z.strictObject({ type: z.literal('report-dismiss'), reportId: z.string().max(64) }),
]);
export type ModerationAction = z.infer<typeof ModerationAction>;
/** The `type` of a moderation action. */
export type ModerationActionType = ModerationAction['type'];

/** Payload of `mod:act`. */
export const ModerationInput = z.strictObject({ channel: ChatChannel, action: ModerationAction });
export type ModerationInput = z.infer<typeof ModerationInput>;

/** One line of the moderation log. */
export const ModerationLogEntry = z.object({
  id: z.string(),
  channel: ChatChannel,
  moderatorId: z.string(),
  action: ModerationAction,
  at: z.string(),
});
export type ModerationLogEntry = z.infer<typeof ModerationLogEntry>;

/** A viewer's report of a message, in the review queue until a moderator acts on it. */
export const ChatReport = z.object({
  id: z.string(),
  channel: ChatChannel,
  messageId: z.string(),
  reporterId: z.string(),
  reason: z.enum(['spam', 'abuse', 'illegal', 'other']),
  note: z.string(),
  at: z.string(),
});
export type ChatReport = z.infer<typeof ChatReport>;

/** A user's standing in a channel (sent to them on join and when it changes). */
export const ChatStanding = z.object({
  channel: ChatChannel,
  mutedUntil: z.string().nullable(),
  banned: z.boolean(),
  moderator: z.boolean(),
  /** ISO time the user may send next (slow mode), or null. */
  nextMessageAt: z.string().nullable(),
});
export type ChatStanding = z.infer<typeof ChatStanding>;

/**
 * Why a send was refused with FORBIDDEN (`error.details.reason`): the author is banned or muted in
 * the channel, slow mode has not let them write again yet (`details.retryAfterMs`), or the channel
 * is members-only and the account is too new (or anonymous).
 */
export const ChatRefusal = z.enum(['banned', 'muted', 'slow-mode', 'members-only']);
export type ChatRefusal = z.infer<typeof ChatRefusal>;

/** What `mod:state` answers: the settings, the review queue and the recent moderation log. */
export const ModState = z.object({
  settings: ChannelSettings,
  held: z.array(ChatMessage),
  reports: z.array(ChatReport),
  log: z.array(ModerationLogEntry),
});
export type ModState = z.infer<typeof ModState>;

/** The review queue of a channel (`mod:queue`, to its moderators). */
export const ModQueue = z.object({ channel: ChatChannel, held: z.array(ChatMessage), reports: z.array(ChatReport) });
export type ModQueue = z.infer<typeof ModQueue>;
