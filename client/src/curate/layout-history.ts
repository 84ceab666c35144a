import type { ExhibitionLayout } from '@yunzhan/shared';

// Undo/redo over whole layouts. Layouts are immutable values, so the history keeps them as they
// are: undo steps back, redo forward, and a new edit after an undo drops the redo branch.
// Edits that share a `mergeKey` with the one before (a drag, typing a narration) coalesce into
// one step, so undo takes back the whole gesture rather than each pointer move.

/** Most steps kept to undo. */
export const HISTORY_LIMIT = 200;

/** The editor's history: earlier layouts, the current one, the undone ones. */
export interface LayoutHistory {
  past: ExhibitionLayout[];
  present: ExhibitionLayout;
  future: ExhibitionLayout[];
  /** Merge key of the last edit; an edit with the same key replaces it rather than adding a step. */
  lastKey: string | null;
}

/** What changes the history. */
export type HistoryAction =
  | { type: 'edit'; layout: ExhibitionLayout; mergeKey?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  /** A layout from the server (load, reload after a conflict): history starts over. */
  | { type: 'reset'; layout: ExhibitionLayout }
  /** Ends a gesture, so the next edit with the same key is a step of its own. */
  | { type: 'seal' };

/** A history holding only `layout`. */
export function initialHistory(layout: ExhibitionLayout): LayoutHistory {
  return { past: [], present: layout, future: [], lastKey: null };
}

/** The pure reducer of the editor's history. */
export function historyReducer(state: LayoutHistory, action: HistoryAction): LayoutHistory {
  switch (action.type) {
    case 'edit': {
      if (action.layout === state.present) return state;
      const merge = action.mergeKey !== undefined && action.mergeKey === state.lastKey && state.future.length === 0;
      const past = merge ? state.past : [...state.past, state.present].slice(-HISTORY_LIMIT);
      return { past, present: action.layout, future: [], lastKey: action.mergeKey ?? null };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastKey: null };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: rest, lastKey: null };
    }
    case 'reset':
      return initialHistory(action.layout);
    case 'seal':
      return state.lastKey === null ? state : { ...state, lastKey: null };
  }
}

/** Whether there is a step to undo. */
export const canUndo = (h: LayoutHistory) => h.past.length > 0;
/** Whether there is a step to redo. */
export const canRedo = (h: LayoutHistory) => h.future.length > 0;
