import { z } from 'zod';
import type { Asset } from './assets';
import type { AwardRef, AwardReveal, AwardTally } from './award-results';
import type { Caption, CaptionInput } from './captions';
import type { ChatHistoryInput, ChatMessage, ChatPage, ChatReportInput, ChatSendInput } from './chat';
import type { ChannelRef, ChatChannel } from './chat-channel';
import type { ErrorInfo } from './errors';
import type { LiveState } from './events';
import { ExhibitionId } from './exhibitions';
import type { ConnectTransportInput, EventRef, ProduceInput, TransportOptions } from './sfu';
import type { PollCloseInput, PollCreateInput, PollState, PollVoteInput, PresenceCount, ReactionBurst, ReactionInput } from './interaction';
import type { ChannelSettings, ChatStanding, ModQueue, ModState, ModerationInput } from './moderation';
import type { PublicUser } from './users';

/** Result passed to every socket.io acknowledgement. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };
/** An acknowledgement callback. */
export type Ack<T> = (result: AckResult<T>) => void;

/** Data the client sends in the handshake (`io(url, { auth })`). */
export interface HandshakeAuth {
  protocolVersion: number;
}

/** What a viewer gets on joining an event's room. */
export interface JoinResult {
  live: LiveState;
  /** The newest page of the event's chat (what this viewer may see), oldest first. */
  history: ChatMessage[];
  /** The signed-in user, or null for an anonymous viewer. */
  user: PublicUser | null;
  /** This viewer's standing in the event's chat (muted, banned, moderator, slow mode). */
  standing: ChatStanding;
  /** The pinned (visible) messages of the event's chat, oldest first. */
  pinned: ChatMessage[];
  /** The event's open polls and recently closed ones. */
  polls: PollState[];
}

/**
 * Payload of `hall:join` / `hall:leave`: the exhibition whose hall a visitor enters or leaves.
 * `preview` is the curator's draft preview (owner and admins only). Strict: unknown keys are refused.
 */
export const HallRef = z.strictObject({ exhibitionId: ExhibitionId, preview: z.boolean().optional() });
export type HallRef = z.infer<typeof HallRef>;

/** How many visitors are in an exhibition's hall now (`hall:presence`, and the ack of `hall:join`). */
export const HallPresence = z.object({ exhibitionId: ExhibitionId, count: z.number().int().nonnegative() });
export type HallPresence = z.infer<typeof HallPresence>;

/**
 * Events the client emits. Every payload is validated by the server with its shared schema; the
 * payload types are the schemas' input types (fields with defaults may be left out).
 */
export interface ClientToServerEvents {
  'event:join': (payload: EventRef, ack: Ack<JoinResult>) => void;
  'event:leave': (payload: EventRef, ack: Ack<null>) => void;
  'chat:send': (payload: z.input<typeof ChatSendInput>, ack: Ack<ChatMessage>) => void;
  'sfu:capabilities': (payload: EventRef, ack: Ack<{ routerRtpCapabilities: unknown }>) => void;
  'sfu:create-send-transport': (payload: EventRef, ack: Ack<TransportOptions>) => void;
  'sfu:connect-transport': (payload: ConnectTransportInput, ack: Ack<null>) => void;
  'sfu:produce': (payload: ProduceInput, ack: Ack<{ producerId: string }>) => void;
  'live:start': (payload: EventRef, ack: Ack<LiveState>) => void;
  'live:end': (payload: EventRef, ack: Ack<LiveState>) => void;
  /** Enter an exhibition hall (approved exhibitions; the draft preview for its owner and admins). */
  'hall:join': (payload: HallRef, ack: Ack<HallPresence>) => void;
  'hall:leave': (payload: HallRef, ack: Ack<null>) => void;
  /** A page of a channel's history by seq (back with `beforeSeq`, catch-up with `afterSeq`). */
  'chat:history': (payload: z.input<typeof ChatHistoryInput>, ack: Ack<ChatPage>) => void;
  /** Reports a message to the channel's moderators (signed-in). */
  'chat:report': (payload: z.input<typeof ChatReportInput>, ack: Ack<null>) => void;
  /** A moderation action (the channel's moderators, the event's hosts / exhibition's owner, admins). */
  'mod:act': (payload: z.input<typeof ModerationInput>, ack: Ack<null>) => void;
  /** Settings, review queue and recent log of a channel (its moderators). */
  'mod:state': (payload: ChannelRef, ack: Ack<ModState>) => void;
  /** An emoji reaction; aggregated per tick into `reaction:burst`. */
  'reaction:send': (payload: z.input<typeof ReactionInput>, ack: Ack<null>) => void;
  /** Opens a poll in a channel (hosts of the event, moderators, admins). */
  'poll:create': (payload: z.input<typeof PollCreateInput>, ack: Ack<PollState>) => void;
  /** Votes in an open poll (signed-in; the first ballot is final, a second is CONFLICT). */
  'poll:vote': (payload: z.input<typeof PollVoteInput>, ack: Ack<PollState>) => void;
  /** Closes a poll (whoever may create one). */
  'poll:close': (payload: z.input<typeof PollCloseInput>, ack: Ack<PollState>) => void;
  /** Follow a programme's reveals and live tallies; the ack is the reveal on screen now, if any. */
  'award:join': (payload: AwardRef, ack: Ack<AwardReveal | null>) => void;
  'award:leave': (payload: AwardRef, ack: Ack<null>) => void;
  /** A line of live captions (the event's captioners and hosts, admins); the ack is the caption as stored. */
  'caption:send': (payload: z.input<typeof CaptionInput>, ack: Ack<Caption>) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'live:state': (state: LiveState) => void;
  /** New visible messages of a channel, coalesced per tick per room. */
  'chat:batch': (payload: { channel: ChatChannel; messages: ChatMessage[] }) => void;
  /**
   * A message changed (deleted: status `deleted` and text ''; approved; pinned or unpinned). An
   * approved message may be one this client never saw: insert it by seq.
   */
  'chat:update': (payload: { channel: ChatChannel; message: ChatMessage }) => void;
  /** This user's standing in a channel changed (to the user's own sockets). */
  'chat:standing': (standing: ChatStanding) => void;
  /** A channel's moderation settings changed (to its moderators). */
  'mod:changed': (payload: { channel: ChatChannel; settings: ChannelSettings }) => void;
  /** A channel's review queue changed (to its moderators). */
  'mod:queue': (payload: ModQueue) => void;
  /** Reactions that arrived in one tick. */
  'reaction:burst': (burst: ReactionBurst) => void;
  /** A poll was created or closed, or (at most once a tick) its results changed. */
  'poll:state': (poll: PollState) => void;
  /** How many are in a channel's room: exact when small, approximate when huge. */
  'presence:count': (payload: PresenceCount) => void;
  /** Something went wrong outside a request (e.g. the media pipeline failed). */
  notice: (payload: { level: 'info' | 'warning' | 'error'; error?: ErrorInfo; message: string }) => void;
  /** An upload of this user changed: transcode progress, ready (with its URLs) or failed (with its code). */
  'asset:progress': (asset: Asset) => void;
  /** Someone entered or left an exhibition hall: sent to the hall's room (`hallRoom(id)`). */
  'hall:presence': (payload: HallPresence) => void;
  /** A ceremony reveal (nominees, winner, or clear): to the ceremony event's room and the programme's room. */
  'award:reveal': (reveal: AwardReveal) => void;
  /** A live caption, to the event's room. */
  caption: (caption: Caption) => void;
  /** Live vote counts of a category whose tallies are public (to the programme's room). */
  'award:tally': (tally: AwardTally) => void;
  /**
   * The session this connection was opened with ended or its rights changed (sign-out, password
   * change, role change). The server disconnects right after: reconnect to be authorised anew.
   */
  'session:ended': (payload: { reason: SessionEndReason }) => void;
}

/** Why a connection's session ended or must be authorised again. */
export type SessionEndReason = 'signed-out' | 'password-changed' | 'role-changed';

/** Events between server nodes (`io.serverSideEmit`, with a cluster adapter). */
export interface InterServerEvents {
  /** A channel's moderation changed on another node: drop cached bans, mutes and settings. */
  'chat:invalidate': (channel: ChatChannel) => void;
}

/** Per-socket data the server keeps. */
export interface SocketData {
  user: PublicUser | null;
  /** Client address, for rate limits (the same logic as HTTP's, TRUST_PROXY included). */
  address: string;
  /** The session's id (the hash of its token, never the token): its room ends the connection on sign-out. */
  sessionId: string | null;
  /** Who this connection counts as in presence: the account, else the browser, else the address. */
  viewerKey: string;
}
