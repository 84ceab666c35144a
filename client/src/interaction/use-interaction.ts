import {
  PollState,
  PresenceCount,
  ReactionBurst,
  type ChatChannel,
  type PollCreateInput,
  type Reaction,
} from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ClientError, toClientError } from '../lib/client-error';
import { Feed } from '../lib/feed';
import { readPreference, writePreference } from '../lib/storage';
import { request, type YunzhanSocket } from '../realtime/socket';

/** Where a room's reactions, polls and presence come from. */
export interface InteractionSource {
  socket: YunzhanSocket | null;
  channel: ChatChannel;
  /** Goes up by one on every successful join of the room. */
  joinCount: number;
  /** Polls the latest join returned (open and recently closed). */
  seedPolls: readonly PollState[] | null;
}

/** Reactions, polls and presence of a room. */
export interface Interaction {
  /** Open polls first, then closed ones, newest first within each. */
  polls: PollState[];
  /** The choices this viewer voted per poll id ([] when the server says they voted elsewhere). */
  ballots: Readonly<Record<string, readonly number[]>>;
  presence: PresenceCount | null;
  /** Reaction bursts as they arrive, for the floating emoji layer. */
  bursts: Feed<ReactionBurst>;
  sendReaction: (reaction: Reaction) => Promise<void>;
  vote: (pollId: string, choices: number[]) => Promise<void>;
  createPoll: (input: PollDraft) => Promise<PollState>;
  closePoll: (pollId: string) => Promise<void>;
}

/** What the host's composer sends (`multiple` defaults to false). */
export type PollDraft = Omit<PollCreateInput, 'channel' | 'multiple'> & { multiple?: boolean };

const BALLOT_KEY = (pollId: string) => `yunzhan.poll.${pollId}`;

function readBallot(pollId: string): number[] | null {
  const raw = readPreference(BALLOT_KEY(pollId));
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

/** Open first, newest first. */
export function sortPolls(polls: Iterable<PollState>): PollState[] {
  return [...polls].sort((a, b) => Number(b.open) - Number(a.open) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Keeps a room's polls, the viewer's ballots, presence and reaction bursts. */
export function useInteraction({ socket, channel, joinCount, seedPolls }: InteractionSource): Interaction {
  const [polls, setPolls] = useState<Map<string, PollState>>(new Map());
  const [ballots, setBallots] = useState<Record<string, readonly number[]>>({});
  const [presence, setPresence] = useState<PresenceCount | null>(null);
  const bursts = useMemo(() => new Feed<ReactionBurst>(), []);
  const channelRef = useRef(channel);
  channelRef.current = channel;

  const upsert = useCallback((poll: PollState) => {
    setPolls((map) => new Map(map).set(poll.id, poll));
    const ballot = readBallot(poll.id);
    if (ballot) setBallots((b) => (b[poll.id] ? b : { ...b, [poll.id]: ballot }));
  }, []);

  useEffect(() => {
    setPolls(new Map());
    setPresence(null);
  }, [channel]);

  useEffect(() => {
    if (joinCount === 0 || !seedPolls) return;
    for (const p of seedPolls) {
      const parsed = PollState.safeParse(p);
      if (parsed.success && parsed.data.channel === channel) upsert(parsed.data);
    }
  }, [joinCount, seedPolls, channel, upsert]);

  useEffect(() => {
    if (!socket) return;
    const onPoll = (payload: PollState) => {
      const parsed = PollState.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed poll:state', parsed.error.issues);
      if (parsed.data.channel === channelRef.current) upsert(parsed.data);
    };
    const onBurst = (payload: ReactionBurst) => {
      const parsed = ReactionBurst.safeParse(payload);
      if (parsed.success && parsed.data.channel === channelRef.current) bursts.publish(parsed.data);
    };
    const onPresence = (payload: PresenceCount) => {
      const parsed = PresenceCount.safeParse(payload);
      if (parsed.success && parsed.data.channel === channelRef.current) setPresence(parsed.data);
    };
    socket.on('poll:state', onPoll);
    socket.on('reaction:burst', onBurst);
    socket.on('presence:count', onPresence);
    return () => {
      socket.off('poll:state', onPoll);
      socket.off('reaction:burst', onBurst);
      socket.off('presence:count', onPresence);
    };
  }, [socket, bursts, upsert]);

  const need = useCallback(() => {
    if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
    return socket;
  }, [socket]);

  const sendReaction = useCallback(
    async (reaction: Reaction) => {
      await request(need(), 'reaction:send', { channel, reaction });
    },
    [need, channel],
  );

  const remember = useCallback((pollId: string, choices: number[]) => {
    writePreference(BALLOT_KEY(pollId), JSON.stringify(choices));
    setBallots((b) => ({ ...b, [pollId]: choices }));
  }, []);

  const vote = useCallback(
    async (pollId: string, choices: number[]) => {
      try {
        const state = await request(need(), 'poll:vote', { pollId, choices });
        remember(pollId, choices);
        const parsed = PollState.safeParse(state);
        if (parsed.success) upsert(parsed.data);
      } catch (error) {
        const clientError = toClientError(error);
        // The first ballot is final: a second (another tab, another device) is CONFLICT.
        if (clientError.code === 'CONFLICT') remember(pollId, []);
        throw clientError;
      }
    },
    [need, remember, upsert],
  );

  const createPoll = useCallback(
    async (input: PollDraft) => {
      const parsed = PollState.safeParse(await request(need(), 'poll:create', { ...input, channel }));
      if (!parsed.success) throw new ClientError('INTERNAL', 'malformed poll:create ack');
      upsert(parsed.data);
      return parsed.data;
    },
    [need, channel, upsert],
  );

  const closePoll = useCallback(
    async (pollId: string) => {
      const parsed = PollState.safeParse(await request(need(), 'poll:close', { pollId }));
      if (parsed.success) upsert(parsed.data);
    },
    [need, upsert],
  );

  const sorted = useMemo(() => sortPolls(polls.values()), [polls]);
  return { polls: sorted, ballots, presence, bursts, sendReaction, vote, createPoll, closePoll };
}
