import { AwardReveal, AwardTally, type AwardResults } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../data/query-keys';
import { applyTally } from './award-logic';

// What the push registry (data/socket-pushes.ts) does with a programme's live pushes; the
// programme's pages join its room (use-award.ts, the theatre, the host console).

/** `award:tally`: a category's votes moved; the cached results follow (when someone loaded them). */
export function receiveTally(queryClient: QueryClient, payload: unknown): void {
  const parsed = AwardTally.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed award:tally', parsed.error.issues);
  const tally = parsed.data;
  queryClient.setQueryData<AwardResults>(queryKeys.awards.results(tally.programmeId), (current) =>
    current ? { ...current, categories: current.categories.map((c) => (c.categoryId === tally.categoryId ? applyTally(c, tally) : c)) } : current,
  );
}

/** `award:reveal`: a result was revealed; the programme's results are read again. */
export function receiveReveal(queryClient: QueryClient, payload: unknown): void {
  const parsed = AwardReveal.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed award:reveal', parsed.error.issues);
  void queryClient.invalidateQueries({ queryKey: queryKeys.awards.results(parsed.data.programmeId) });
}
