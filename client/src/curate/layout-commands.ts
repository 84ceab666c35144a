import {
  distributeEvenly,
  type ExhibitionLayout,
  type LightingPreset,
  type LocalizedText,
  type Placement,
  type Scene,
  type TourStop,
  type WallSide,
} from '@yunzhan/shared';

// The curator's edits as plain data. Each command turns one layout into the next without
// touching the old one, so the history can keep every version and undo is just going back.

/** The fields of a placement an edit may change (never its id, work or mount). */
export type PlacementPatch = Partial<Omit<Extract<Placement, { mount: 'wall' }>, 'id' | 'workId' | 'mount'>> &
  Partial<Omit<Extract<Placement, { mount: 'floor' }>, 'id' | 'workId' | 'mount'>>;

/** One edit of the layout. */
export type LayoutCommand =
  | { type: 'place'; placement: Placement }
  | { type: 'update'; placementId: string; patch: PlacementPatch }
  | { type: 'remove'; placementId: string }
  | { type: 'distribute'; wallId: string; side: WallSide }
  | { type: 'lighting'; lighting: LightingPreset }
  | { type: 'tour-add'; placementId: string; narration?: LocalizedText }
  | { type: 'tour-move'; index: number; to: number }
  | { type: 'tour-remove'; index: number }
  | { type: 'tour-narration'; index: number; narration: LocalizedText };

/** Default narration of a new tour stop (the schema wants zh-CN text; the curator rewrites it). */
export const EMPTY_NARRATION: LocalizedText = { 'zh-CN': '', en: '' };

/** Moves the item at `from` to `to` (both clamped into the list). */
function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1) as [T];
  next.splice(Math.max(0, Math.min(next.length, to)), 0, item);
  return next;
}

/**
 * The layout after `command`. Removing a placement also removes its tour stops; an update of a
 * placement that is not there changes nothing. `distribute` throws like distributeEvenly
 * (PLACEMENT_OFF_WALL when the works do not fit the wall).
 */
export function applyCommand(scene: Scene, layout: ExhibitionLayout, command: LayoutCommand): ExhibitionLayout {
  switch (command.type) {
    case 'place':
      return { ...layout, placements: [...layout.placements, command.placement] };
    case 'update':
      return {
        ...layout,
        placements: layout.placements.map((p) => (p.id === command.placementId ? ({ ...p, ...command.patch } as Placement) : p)),
      };
    case 'remove':
      return {
        ...layout,
        placements: layout.placements.filter((p) => p.id !== command.placementId),
        tour: layout.tour.filter((s) => s.placementId !== command.placementId),
      };
    case 'distribute':
      return distributeEvenly(scene, layout, command.wallId, command.side);
    case 'lighting':
      return { ...layout, lighting: command.lighting };
    case 'tour-add': {
      const stop: TourStop = { placementId: command.placementId, narration: command.narration ?? EMPTY_NARRATION };
      return { ...layout, tour: [...layout.tour, stop] };
    }
    case 'tour-move':
      return { ...layout, tour: moveItem(layout.tour, command.index, command.to) };
    case 'tour-remove':
      return { ...layout, tour: layout.tour.filter((_, i) => i !== command.index) };
    case 'tour-narration':
      return { ...layout, tour: layout.tour.map((s, i) => (i === command.index ? { ...s, narration: command.narration } : s)) };
  }
}

/** A placement id not used in the layout: `p-<n>` with the next free number. */
export function nextPlacementId(layout: Pick<ExhibitionLayout, 'placements'>): string {
  const used = new Set(layout.placements.map((p) => p.id));
  let n = layout.placements.length + 1;
  while (used.has(`p-${n}`)) n += 1;
  return `p-${n}`;
}
