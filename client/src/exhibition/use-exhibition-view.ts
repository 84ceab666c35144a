import type { ExhibitionView } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../data/query-keys';
import { toClientError, type ClientError } from '../lib/client-error';
import { fetchExhibitionView } from './exhibition-api';

/** Loading state of an exhibition's view. */
export type ViewLoad = { state: 'loading' } | { state: 'ready'; view: ExhibitionView } | { state: 'error'; error: ClientError };

/** Loads `/api/exhibitions/:id/view` (the draft when `preview`); `reload` tries again. */
export function useExhibitionView(exhibitionId: string, preview: boolean): { load: ViewLoad; reload: () => void } {
  const query = useQuery({ queryKey: queryKeys.exhibitions.view(exhibitionId, preview), queryFn: () => fetchExhibitionView(exhibitionId, preview) });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const load: ViewLoad = query.data
    ? { state: 'ready', view: query.data }
    : query.error && !query.isFetching
      ? { state: 'error', error: toClientError(query.error) }
      : { state: 'loading' };
  return { load, reload };
}
