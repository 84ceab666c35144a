import { AWARD_PHASES, AwardReveal, AwardTally, type AwardProgramme, type AwardResults, type CategoryResult } from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ClientError, toClientError } from '../lib/client-error';
import { connectSocket, isProtocolMismatch, request } from '../realtime/socket';
import { applyTally } from './award-logic';
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

/**
 * Loads a programme, its results and the viewer's votes, and follows the programme live over
 * socket.io: `award:join` on every (re)connect, `award:tally` updates the bars, `award:reveal`
 * re-reads the results.
 */
export function useAward(awardId: string, userId: string | null): AwardView {
  const [programme, setProgramme] = useState<AwardProgramme | null>(null);
  const [results, setResults] = useState<Map<string, CategoryResult> | null>(null);
  const [mine, setMine] = useState<MyVotes>({});
  const [error, setError] = useState<ClientError | null>(null);
  const [protocolMismatch, setProtocolMismatch] = useState(false);
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const [reloads, setReloads] = useState(0);
  const keys = useMemo(() => new PendingVoteKeys(), []);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const refreshResults = useCallback(() => {
    fetchResults(awardId).then(
      (r) => alive.current && setResults(byCategory(r)),
      // Results are extra: the nominees still show without them.
      (e: unknown) => console.warn('could not load award results', e),
    );
  }, [awardId]);

  const refreshMine = useCallback(() => {
    if (!userId) return void setMine({});
    fetchMyVotes(awardId).then(
      (m) => alive.current && setMine(m),
      () => undefined,
    );
  }, [awardId, userId]);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    fetchProgramme(awardId).then(
      (p) => !cancelled && setProgramme(p),
      (e: unknown) => !cancelled && setError(toClientError(e)),
    );
    refreshResults();
    return () => {
      cancelled = true;
    };
  }, [awardId, reloads, refreshResults]);

  useEffect(refreshMine, [refreshMine]);

  // Re-read the programme when its next phase starts (the phase is derived from the dates).
  useEffect(() => {
    if (!programme) return;
    const now = Date.now();
    const next = AWARD_PHASES.slice(1)
      .map((p) => Date.parse(programme.schedule[p as Exclude<typeof p, 'draft'>]))
      .find((at) => at > now);
    if (next === undefined || next - now > PHASE_TIMER_MAX_MS) return;
    const timer = setTimeout(() => setReloads((n) => n + 1), next - now + 500);
    return () => clearTimeout(timer);
  }, [programme]);

  useEffect(() => {
    const socket = connectSocket();
    let reconnect = false;
    const join = () => {
      request(socket, 'award:join', { programmeId: awardId }).catch((e: unknown) => console.warn('award:join failed', e));
      // Tallies and reveals may have moved on while the socket was down.
      if (reconnect) refreshResults();
      reconnect = true;
    };
    socket.on('connect', join);
    socket.on('connect_error', (e) => {
      if (isProtocolMismatch(e)) {
        setProtocolMismatch(true);
        socket.disconnect();
      }
    });
    socket.on('award:tally', (payload) => {
      const parsed = AwardTally.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed award:tally', parsed.error.issues);
      if (parsed.data.programmeId !== awardId) return;
      const tally = parsed.data;
      setResults((map) => {
        const current = map?.get(tally.categoryId);
        return map && current ? new Map(map).set(tally.categoryId, applyTally(current, tally)) : map;
      });
    });
    socket.on('award:reveal', (payload) => {
      const parsed = AwardReveal.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed award:reveal', parsed.error.issues);
      if (parsed.data.programmeId === awardId) refreshResults();
    });
    return () => {
      if (socket.connected) socket.emit('award:leave', { programmeId: awardId }, () => undefined);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [awardId, refreshResults]);

  const vote = useCallback(
    async (categoryId: string, entryId: string) => {
      const slot = `${categoryId}/${entryId}`;
      const key = keys.keyFor(categoryId, entryId);
      setSending((s) => new Set(s).add(slot));
      try {
        const answer = await sendWithRetries((k) => castVote(awardId, { categoryId, entryId }, k), key);
        keys.settle(categoryId, entryId);
        if (alive.current) setMine((m) => ({ ...m, [categoryId]: answer.myVotes }));
        refreshResults();
      } catch (e) {
        keys.settle(categoryId, entryId, e);
        const clientError = toClientError(e);
        // The server knows better what this account has voted for: read it again.
        if (clientError.code === 'CONFLICT' || clientError.code === 'VOTE_LIMIT') refreshMine();
        throw clientError;
      } finally {
        if (alive.current) {
          setSending((s) => {
            const next = new Set(s);
            next.delete(slot);
            return next;
          });
        }
      }
    },
    [awardId, keys, refreshMine, refreshResults],
  );

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return { programme, results, mine, error, protocolMismatch, sending, vote, reload };
}
