import type { Asset, Work } from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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

/**
 * The signed-in user's works from `/api/works`, with the progress of their media from the
 * user's `asset:progress` events (through useMyAssets). When a processing work's asset turns
 * ready or failed, the work is fetched again so its media URLs and status come from the server.
 */
export function useWorks(enabled: boolean): WorksLibrary {
  const [works, setWorks] = useState<Work[]>([]);
  const [status, setStatus] = useState<WorksLibrary['status']>('loading');
  const [error, setError] = useState<ClientError | null>(null);
  const [generation, setGeneration] = useState(0);
  const { assets: assetList } = useMyAssets(enabled);
  const assets = useMemo(() => new Map(assetList.map((a) => [a.id, a])), [assetList]);
  /** `workId:assetStatus` already re-fetched, so a lagging server is not asked in a loop. */
  const refreshed = useRef(new Set<string>());

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    setStatus('loading');
    fetchWorks()
      .then((list) => {
        if (cancelled) return;
        setWorks(list);
        setStatus('ready');
        setError(null);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setError(toClientError(err));
        setStatus('error');
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, generation]);

  const upsert = useCallback((work: Work) => setWorks((list) => mergeWork(list, work)), []);

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

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { works, assets, status, error, upsert, reload };
}
