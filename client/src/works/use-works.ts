import type { Asset, Work } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { queryKeys } from '../data/query-keys';
import { toClientError, type ClientError } from '../lib/client-error';
import { useMyAssets } from '../uploads/use-my-assets';
import { mergeWork } from './work-library';
import { fetchWork, fetchWorks } from './works-api';

/** The library's data: works, the live asset of each, loading state and a way to add one. */
export interface WorksLibrary {
  works: Work[];
  /** Assets by id, kept current by `asset:progress` (processing progress, ready, failed). */
  assets: ReadonlyMap<string, Asset>;
  status: 'loading' | 'ready' | 'error';
  error: ClientError | null;
  /** Puts a created or updated work into the list. */
  upsert: (work: Work) => void;
  reload: () => void;
}

const NO_WORKS: Work[] = [];

/**
 * The signed-in user's works from `/api/works` (query `works.list()`), with the progress of their
 * media from the user's `asset:progress` events (through useMyAssets). When a processing work's
 * asset turns ready or failed, the work is fetched again so its media URLs and status come from
 * the server.
 */
export function useWorks(enabled: boolean): WorksLibrary {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.works.list(), queryFn: () => fetchWorks(), enabled });
  const works = query.data ?? NO_WORKS;
  const { assets: assetList } = useMyAssets(enabled);
  const assets = useMemo(() => new Map(assetList.map((a) => [a.id, a])), [assetList]);
  /** `workId:assetStatus` already re-fetched, so a lagging server is not asked in a loop. */
  const refreshed = useRef(new Set<string>());

  const upsert = useCallback(
    (work: Work) => {
      queryClient.setQueryData<Work[]>(queryKeys.works.list(), (list) => mergeWork(list ?? [], work));
      queryClient.setQueryData(queryKeys.works.detail(work.id), work);
    },
    [queryClient],
  );

  useEffect(() => {
    for (const work of works) {
      const asset = assets.get(work.assetId);
      if (work.status !== 'processing' || !asset || asset.status === 'processing') continue;
      const key = `${work.id}:${asset.status}`;
      if (refreshed.current.has(key)) continue;
      refreshed.current.add(key);
      fetchWork(work.id).then(upsert, () => undefined);
    }
  }, [works, assets, upsert]);

  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const status: WorksLibrary['status'] = query.isFetching && !query.data ? 'loading' : query.error && !query.data ? 'error' : query.data ? 'ready' : 'loading';
  return { works, assets, status, error: status === 'error' ? toClientError(query.error) : null, upsert, reload };
}
