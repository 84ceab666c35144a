import { z } from 'zod';
import { ChatChannel } from './chat-channel';

// Audience interaction besides chat: emoji reactions aggregated per tick, live polls run by the
// host, and presence counts (exact in small rooms, approximate in huge ones).

/** The reactions viewers can send. A fixed set: nothing user-written reaches other screens. */
export const REACTIONS = ['clap', 'heart', 'laugh', 'wow', 'flower', 'fire'] as const;
/** One of REACTIONS. */
export const Reaction = z.enum(REACTIONS);
export type Reaction = z.infer<typeof Reaction>;

/** Payload of `reaction:send`. */
export const ReactionInput = z.strictObject({ channel: ChatChannel, reaction: Reaction });
export type ReactionInput = z.infer<typeof ReactionInput>;

/** What the server sends once per tick: how many of each reaction arrived in it. */
export const ReactionBurst = z.object({
  channel: ChatChannel,
  counts: z.partialRecord(Reaction, z.number().int().positive()),
  /** Length of the tick the counts cover, in milliseconds. */
  tickMs: z.number().int().positive(),
});
export type ReactionBurst = z.infer<typeof ReactionBurst>;

/** Payload of `poll:create` (hosts and moderators). */
export const PollCreateInput = z.strictObject({
  channel: ChatChannel,
  question: z.string().trim().min(1).max(200),
  options: z.array(z.string().trim().min(1).max(80)).min(2).max(6),
  /** Voters may pick more than one option. Default false. */
  multiple: z.boolean().default(false),
});
export type PollCreateInput = z.infer<typeof PollCreateInput>;

/** Payload of `poll:vote`: the chosen option indexes (one unless the poll allows several). */
export const PollVoteInput = z.strictObject({
  pollId: z.string().max(64),
  choices: z.array(z.number().int().min(0).max(5)).min(1).max(6),
});
export type PollVoteInput = z.infer<typeof PollVoteInput>;

/** Payload of `poll:close`. */
export const PollCloseInput = z.strictObject({ pollId: z.string().max(64) });
export type PollCloseInput = z.infer<typeof PollCloseInput>;

/** A poll and its results so far, as broadcast in `poll:state`. */
export const PollState = z.object({
  id: z.string(),
  channel: ChatChannel,
  question: z.string(),
  options: z.array(z.object({ text: z.string(), votes: z.number().int().nonnegative() })),
  multiple: z.boolean(),
  open: z.boolean(),
  totalVoters: z.number().int().nonnegative(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type PollState = z.infer<typeof PollState>;

/** Presence of a room: exact up to a threshold, then an estimate (counted per node, summed). */
export const PresenceCount = z.object({
  channel: ChatChannel,
  count: z.number().int().nonnegative(),
  approximate: z.boolean(),
});
export type PresenceCount = z.infer<typeof PresenceCount>;

/** Rooms larger than this get approximate counts, refreshed each presence tick. */
export const EXACT_PRESENCE_LIMIT = 200;
