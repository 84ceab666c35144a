import type { Asset } from '@yunzhan/shared';

/** Adds or replaces an asset in a list (newest first); an older copy never replaces a newer one. */
export function mergeAsset(list: readonly Asset[], asset: Asset): Asset[] {
  const i = list.findIndex((a) => a.id === asset.id);
  if (i < 0) return [asset, ...list];
  if (list[i]!.updatedAt > asset.updatedAt) return [...list];
  const next = [...list];
  next[i] = asset;
  return next;
}
