import type { Asset } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { mergeAsset } from '../data/asset-cache';
import { queryKeys } from '../data/query-keys';
import { useSocket } from '../data/socket-provider';
import { fetchMyAssets } from './assets-api';

export { mergeAsset } from '../data/asset-cache';

const NO_ASSETS: Asset[] = [];

/**
 * The signed-in user's uploads, kept current: listed from `/api/assets` into the query cache,
 * where the socket provider writes every `asset:progress` the server pushes to this user
 * (transcode progress, ready, failed) and which it reads again after each (re)connect, so nothing
 * missed while offline stays stale. Holding the tab's socket open is part of the job.
 */
export function useMyAssets(enabled: boolean) {
  const queryClient = useQueryClient();
  useSocket(enabled);
  const query = useQuery({
    queryKey: queryKeys.assets.mine(),
    // A fetched list never drops a newer copy that a push already brought.
    queryFn: async () => {
      const current = queryClient.getQueryData<Asset[]>(queryKeys.assets.mine()) ?? [];
      return (await fetchMyAssets()).reverse().reduce((acc, a) => mergeAsset(acc, a), current);
    },
    enabled,
  });
  const upsert = useCallback(
    (asset: Asset) => queryClient.setQueryData<Asset[]>(queryKeys.assets.mine(), (list) => mergeAsset(list ?? [], asset)),
    [queryClient],
  );
  return { assets: query.data ?? NO_ASSETS, upsert };
}
