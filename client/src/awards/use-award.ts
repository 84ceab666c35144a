import { AWARD_PHASES, type AwardProgramme, type AwardResults, type CategoryResult } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { queryKeys } from '../data/query-keys';
import { useSocket } from '../data/socket-provider';
import { toClientError, type ClientError } from '../lib/client-error';
import { isProtocolMismatch, request } from '../realtime/socket';
import { castVote, fetchMyVotes, fetchProgramme, fetchResults, type MyVotes } from './awards-api';
import { PendingVoteKeys, sendWithRetries } from './vote-retry';
/** Longest wait before re-reading a programme when its next phase is due, in ms (timers beyond this are not set). */
const PHASE_TIMER_MAX_MS = 24 * 60 * 60 * 1000;

/** Everything `/awards/:awardId` shows and does. */
export interface AwardView {
  programme: AwardProgramme | null;
  /** Results per category id (null until loaded). */
  results: ReadonlyMap<string, CategoryResult> | null;
  /** The signed-in account's votes per category (empty when signed out). */
  mine: MyVotes;
  /** Why the programme could not be loaded. */
  error: ClientError | null;
  /** The server speaks a newer protocol: only a reload helps. */
  protocolMismatch: boolean;
  /** `<categoryId>/<entryId>` of votes on their way. */
  sending: ReadonlySet<string>;
  /** Casts a vote (retrying a lost request with the same Idempotency-Key); throws a ClientError on refusal. */
  vote: (categoryId: string, entryId: string) => Promise<void>;
  reload: () => void;
}

function byCategory(results: AwardResults): Map<string, CategoryResult> {
  return new Map(results.categories.map((c) => [c.categoryId, c]));
}

const NO_VOTES: MyVotes = {};

/**
 * Loads a programme, its results and the viewer's votes into the query cache, and follows the
 * programme live on the tab's shared socket: `award:join` on every (re)connect (a reconnect reads
 * the results again); the push registry (data/socket-pushes.ts) writes `award:tally` into the
 * cached results and invalidates them on `award:reveal`.
 */
export function useAward(awardId: string, userId: string | null): AwardView {
  const queryClient = useQueryClient();
  const socket = useSocket();
  const [protocolMismatch, setProtocolMismatch] = useState(false);
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const keys = useMemo(() => new PendingVoteKeys(), []);

  const programmeQuery = useQuery({ queryKey: queryKeys.awards.programme(awardId), queryFn: () => fetchProgramme(awardId) });
  const resultsQuery = useQuery({ queryKey: queryKeys.awards.results(awardId), queryFn: () => fetchResults(awardId) });
  const mineQuery = useQuery({ queryKey: queryKeys.awards.myVotes(awardId, userId), queryFn: () => fetchMyVotes(awardId), enabled: userId !== null });
  const programme = programmeQuery.data ?? null;
  const results = useMemo(() => (resultsQuery.data ? byCategory(resultsQuery.data) : null), [resultsQuery.data]);
  const mine = userId ? (mineQuery.data ?? NO_VOTES) : NO_VOTES;

  useEffect(() => {
    // Results are extra: the nominees still show without them.
    if (resultsQuery.error) console.warn('could not load award results', resultsQuery.error);
  }, [resultsQuery.error]);

  const refreshResults = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.awards.results(awardId) }),
    [queryClient, awardId],
  );

  // Re-read the programme when its next phase starts (the phase is derived from the dates).
  useEffect(() => {
    if (!programme) return;
    const now = Date.now();
    const next = AWARD_PHASES.slice(1)
      .map((p) => Date.parse(programme.schedule[p as Exclude<typeof p, 'draft'>]))
      .find((at) => at > now);
    if (next === undefined || next - now > PHASE_TIMER_MAX_MS) return;
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: queryKeys.awards.programmeAll(awardId) }), next - now + 500);
    return () => clearTimeout(timer);
  }, [programme, queryClient, awardId]);

  useEffect(() => {
    if (!socket) return;
    let joinedBefore = false;
    const join = () => {
      request(socket, 'award:join', { programmeId: awardId }).catch((e: unknown) => console.warn('award:join failed', e));
      // Tallies and reveals may have moved on while the socket was down.
      if (joinedBefore) refreshResults();
      joinedBefore = true;
    };
    const onConnectError = (e: Error) => {
      if (isProtocolMismatch(e)) {
        setProtocolMismatch(true);
        socket.disconnect();
      }
    };
    socket.on('connect', join);
    socket.on('connect_error', onConnectError);
    if (socket.connected) join();
    return () => {
      if (socket.connected) socket.emit('award:leave', { programmeId: awardId }, () => undefined);
      socket.off('connect', join);
      socket.off('connect_error', onConnectError);
    };
  }, [socket, awardId, refreshResults]);

  const voting = useMutation({
    mutationFn: ({ categoryId, entryId }: { categoryId: string; entryId: string }) =>
      sendWithRetries((k) => castVote(awardId, { categoryId, entryId }, k), keys.keyFor(categoryId, entryId)),
    onSuccess: (answer, { categoryId, entryId }) => {
      keys.settle(categoryId, entryId);
      queryClient.setQueryData<MyVotes>(queryKeys.awards.myVotes(awardId, userId), (m) => ({ ...m, [categoryId]: answer.myVotes }));
      refreshResults();
    },
    onError: (e, { categoryId, entryId }) => {
      keys.settle(categoryId, entryId, e);
      const code = toClientError(e).code;
      // The server knows better what this account has voted for: read it again.
      if (code === 'CONFLICT' || code === 'VOTE_LIMIT') void queryClient.invalidateQueries({ queryKey: queryKeys.awards.myVotes(awardId, userId) });
    },
  });
  const { mutateAsync } = voting;

  const vote = useCallback(
    async (categoryId: string, entryId: string) => {
      const slot = `${categoryId}/${entryId}`;
      setSending((s) => new Set(s).add(slot));
      try {
        await mutateAsync({ categoryId, entryId });
      } catch (e) {
        throw toClientError(e);
      } finally {
        setSending((s) => {
          const next = new Set(s);
          next.delete(slot);
          return next;
        });
      }
    },
    [mutateAsync],
  );

  const { refetch: refetchProgramme } = programmeQuery;
  const reload = useCallback(() => {
    void refetchProgramme();
    refreshResults();
  }, [refetchProgramme, refreshResults]);
  const error: ClientError | null = programmeQuery.error && !programme && !programmeQuery.isFetching ? toClientError(programmeQuery.error) : null;

  return { programme, results, mine, error, protocolMismatch, sending, vote, reload };
}
