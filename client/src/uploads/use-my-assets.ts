import { Asset } from '@yunzhan/shared';
import { useCallback, useEffect, useState } from 'react';
import { requestJson } from '../lib/http';
import { connectSocket } from '../realtime/socket';

/** Adds or replaces an asset in a list (newest first); an older copy never replaces a newer one. */
export function mergeAsset(list: readonly Asset[], asset: Asset): Asset[] {
  const i = list.findIndex((a) => a.id === asset.id);
  if (i < 0) return [asset, ...list];
  if (list[i]!.updatedAt > asset.updatedAt) return [...list];
  const next = [...list];
  next[i] = asset;
  return next;
}

const parseAssets = (value: unknown): Asset[] =>
  (Array.isArray(value) ? value : []).flatMap((a) => {
    const parsed = Asset.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });

/**
 * The signed-in user's uploads, kept current: listed from `/api/assets`, then every
 * `asset:progress` the server pushes to this user's sockets (transcode progress, ready, failed).
 * The list is fetched again after each reconnect, so nothing missed while offline stays stale.
 */
export function useMyAssets(enabled: boolean) {
  const [assets, setAssets] = useState<Asset[]>([]);

  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    const socket = connectSocket();
    const refresh = () =>
      requestJson<unknown>('/api/assets')
        .then((list) => {
          if (!disposed) setAssets((current) => parseAssets(list).reverse().reduce((acc, a) => mergeAsset(acc, a), current));
        })
        .catch(() => undefined);
    socket.on('connect', () => void refresh());
    socket.on('asset:progress', (payload) => {
      const parsed = Asset.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed asset:progress', parsed.error.issues);
      setAssets((list) => mergeAsset(list, parsed.data));
    });
    return () => {
      disposed = true;
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [enabled]);

  const upsert = useCallback((asset: Asset) => setAssets((list) => mergeAsset(list, asset)), []);
  return { assets, upsert };
}
