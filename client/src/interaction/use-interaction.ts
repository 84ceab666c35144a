import { PollState, type ChatChannel, type PollCreateInput, type PresenceCount, type Reaction, type ReactionBurst } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { PUSHED_ENTRY } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { useLiveFeed } from '../data/socket-provider';
import { ClientError, toClientError } from '../lib/client-error';
import type { Feed } from '../lib/feed';
import { readPreference, writePreference } from '../lib/storage';
import { request, type YunzhanSocket } from '../realtime/socket';
import { writePolls } from './interaction-cache';

export { sortPolls } from './interaction-cache';

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

const NO_POLLS: PollState[] = [];

/** A room's polls from the query cache (open first, newest first). */
export function usePolls(channel: ChatChannel): PollState[] {
  return useQuery<PollState[]>({ queryKey: queryKeys.polls.channel(channel), ...PUSHED_ENTRY, initialData: NO_POLLS }).data ?? NO_POLLS;
}

/** How many are in a room as its last `presence:count` said, from the query cache (null before). */
export function usePresence(channel: ChatChannel): PresenceCount | null {
  return useQuery<PresenceCount | null>({ queryKey: queryKeys.presence.channel(channel), ...PUSHED_ENTRY, initialData: null }).data ?? null;
}

/** Parses an ack's poll (a malformed one is dropped). */
const pollOf = (state: unknown): PollState | null => {
  const parsed = PollState.safeParse(state);
  return parsed.success ? parsed.data : null;
};

/**
 * A room's polls and presence from the query cache (each join adds the polls it returned; the
 * push registry writes `poll:state` and `presence:count`), reaction bursts from the room's live
 * feed, and the viewer's ballots (this browser's own record, kept in localStorage). Voting,
 * creating and closing a poll are mutations that write the poll their ack returns.
 */
export function useInteraction({ socket, channel, joinCount, seedPolls }: InteractionSource): Interaction {
  const queryClient = useQueryClient();
  const polls = usePolls(channel);
  const presence = usePresence(channel);
  const bursts = useLiveFeed('reactions', channel);
  // Ballots cast (or refused as already cast) in this tab; the rest come from localStorage.
  const [cast, setCast] = useState<Record<string, readonly number[]>>({});

  useEffect(() => {
    if (joinCount === 0 || !seedPolls) return;
    writePolls(
      queryClient,
      channel,
      seedPolls.flatMap((p) => pollOf(p) ?? []).filter((p) => p.channel === channel),
    );
  }, [queryClient, joinCount, seedPolls, channel]);

  const ballots = useMemo(() => {
    const all: Record<string, readonly number[]> = {};
    for (const poll of polls) {
      const ballot = cast[poll.id] ?? readBallot(poll.id);
      if (ballot) all[poll.id] = ballot;
    }
    return { ...all, ...cast };
  }, [polls, cast]);

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
    setCast((b) => ({ ...b, [pollId]: choices }));
  }, []);
  const writePoll = useCallback((poll: PollState | null) => poll && writePolls(queryClient, poll.channel, [poll]), [queryClient]);

  const { mutateAsync: voteAsync } = useMutation({
    mutationFn: async ({ pollId, choices }: { pollId: string; choices: number[] }) => pollOf(await request(need(), 'poll:vote', { pollId, choices })),
    onSuccess: (poll, { pollId, choices }) => {
      remember(pollId, choices);
      writePoll(poll);
    },
    onError: (error, { pollId }) => {
      // The first ballot is final: a second (another tab, another device) is CONFLICT.
      if (toClientError(error).code === 'CONFLICT') remember(pollId, []);
    },
  });
  const vote = useCallback(
    async (pollId: string, choices: number[]) => {
      try {
        await voteAsync({ pollId, choices });
      } catch (error) {
        throw toClientError(error);
      }
    },
    [voteAsync],
  );

  const { mutateAsync: createPoll } = useMutation({
    mutationFn: async (input: PollDraft) => {
      const poll = pollOf(await request(need(), 'poll:create', { ...input, channel }));
      if (!poll) throw new ClientError('INTERNAL', 'malformed poll:create ack');
      return poll;
    },
    onSuccess: writePoll,
  });

  const { mutateAsync: closeAsync } = useMutation({
    mutationFn: async (pollId: string) => pollOf(await request(need(), 'poll:close', { pollId })),
    onSuccess: writePoll,
  });
  const closePoll = useCallback(async (pollId: string) => void (await closeAsync(pollId)), [closeAsync]);

  return { polls, ballots, presence, bursts, sendReaction, vote, createPoll, closePoll };
}
