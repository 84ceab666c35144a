import type { ExhibitionView } from '@yunzhan/shared';
import { useCallback, useEffect, useState } from 'react';
import { toClientError, type ClientError } from '../lib/client-error';
import { fetchExhibitionView } from './exhibition-api';

/** Loading state of an exhibition's view. */
export type ViewLoad = { state: 'loading' } | { state: 'ready'; view: ExhibitionView } | { state: 'error'; error: ClientError };

/** Loads `/api/exhibitions/:id/view` (the draft when `preview`); `reload` tries again. */
export function useExhibitionView(exhibitionId: string, preview: boolean): { load: ViewLoad; reload: () => void } {
  const [load, setLoad] = useState<ViewLoad>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setLoad({ state: 'loading' });
    fetchExhibitionView(exhibitionId, preview).then(
      (view) => !cancelled && setLoad({ state: 'ready', view }),
      (error: unknown) => !cancelled && setLoad({ state: 'error', error: toClientError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [exhibitionId, preview, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, reload };
}
