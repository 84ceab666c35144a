import { getTemplate } from '@yunzhan/scenes';
import { AppError, ExhibitionLayout, validateLayout, type Exhibition, type LayoutProblem, type Scene } from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { toClientError, type ClientError } from '../lib/client-error';
import { AutosaveScheduler, type SaveState } from './autosave';
import { fetchExhibition, saveDraft } from './curate-api';
import { applyCommand, type LayoutCommand } from './layout-commands';
import { canRedo, canUndo, historyReducer, initialHistory } from './layout-history';

/** A problem the editor shows: a layout rule (with the placement it concerns) or a refused edit. */
export interface EditorNotice {
  code: string;
  message: string;
  /** Increases with every notice, so the same refusal twice shows twice. */
  seq: number;
}

/** What the editor page works with. */
export interface LayoutEditor {
  exhibition: Exhibition;
  scene: Scene;
  layout: ExhibitionLayout;
  /** Layout rule problems (validateLayout) and schema problems of the current layout. */
  problems: LayoutProblem[];
  saveState: SaveState;
  /** Whether edits are refused (in review). */
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  notice: EditorNotice | null;
  /** Applies an edit; `mergeKey` joins it with the previous edit of the same gesture. */
  run: (command: LayoutCommand, mergeKey?: string) => void;
  /** Ends a gesture (see mergeKey). */
  seal: () => void;
  undo: () => void;
  redo: () => void;
  /** Shows a refusal (a drop that does not fit). */
  notify: (code: string, message: string) => void;
  /** Loads the server's draft again (after a conflict). */
  reload: () => Promise<void>;
  /** Replaces the exhibition after submit. */
  setExhibition: (exhibition: Exhibition) => void;
}

/** Schema problems of a layout (a tour stop without narration…), in LayoutProblem form. */
function schemaProblems(layout: ExhibitionLayout): LayoutProblem[] {
  const parsed = ExhibitionLayout.safeParse(layout);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const [list, index] = issue.path;
    const placementId =
      list === 'tour' && typeof index === 'number' ? (layout.tour[index]?.placementId ?? '') : list === 'placements' && typeof index === 'number' ? (layout.placements[index]?.id ?? '') : '';
    return { code: 'PLACEMENT_INVALID' as const, placementId, path: issue.path.join('.'), message: issue.message };
  });
}

/**
 * The editor's state for a loaded exhibition: the layout with undo/redo, local validation
 * (the shared rules the server applies) and debounced autosave with optimistic concurrency.
 */
export function useLayoutEditor(initial: Exhibition): LayoutEditor {
  const [exhibition, setExhibition] = useState(initial);
  const [history, dispatch] = useReducer(historyReducer, initial.draft, initialHistory);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [notice, setNotice] = useState<EditorNotice | null>(null);
  const seq = useRef(0);
  const scene = useMemo(() => getTemplate(history.present.templateId), [history.present.templateId]);
  const layout = history.present;
  const problems = useMemo(() => [...schemaProblems(layout), ...validateLayout(scene, layout)], [scene, layout]);
  const readOnly = exhibition.status === 'in-review';

  const notify = useCallback((code: string, message: string) => {
    seq.current += 1;
    setNotice({ code, message, seq: seq.current });
  }, []);

  const scheduler = useMemo(
    () =>
      new AutosaveScheduler({
        revision: initial.revision,
        save: async ({ layout: next, baseRevision }) => {
          try {
            const saved = await saveDraft(initial.id, baseRevision, next);
            setExhibition(saved);
            return { ok: true, revision: saved.revision };
          } catch (error) {
            const clientError: ClientError = toClientError(error);
            return { ok: false, conflict: clientError.code === 'REVISION_CONFLICT', error: clientError };
          }
        },
        onState: (state, error) => {
          setSaveState(state);
          if (error) notify(toClientError(error).code, toClientError(error).message);
        },
      }),
    [initial.id, initial.revision, notify],
  );
  useEffect(() => () => scheduler.dispose(), [scheduler]);

  // The layout as loaded (or reloaded): not saved again while nothing else is waiting.
  const serverLayout = useRef(initial.draft);
  // The layout the scheduler was last told about: until the effect below has seen an edit, the
  // edit shows as pending (never "saved" for one render, which would let a submit through).
  const [knownLayout, setKnownLayout] = useState(initial.draft);
  useEffect(() => {
    setKnownLayout(layout);
    if (layout === serverLayout.current && scheduler.current === 'saved') return;
    if (problems.length === 0) scheduler.change(layout);
    else scheduler.invalid();
  }, [layout, problems, scheduler]);

  const run = useCallback(
    (command: LayoutCommand, mergeKey?: string) => {
      if (readOnly) return;
      try {
        dispatch({ type: 'edit', layout: applyCommand(scene, layout, command), ...(mergeKey ? { mergeKey } : {}) });
      } catch (error) {
        notify(error instanceof AppError ? error.code : 'INTERNAL', error instanceof Error ? error.message : String(error));
      }
    },
    [readOnly, scene, layout, notify],
  );

  const reload = useCallback(async () => {
    try {
      const fresh = await fetchExhibition(initial.id);
      serverLayout.current = fresh.draft;
      setExhibition(fresh);
      dispatch({ type: 'reset', layout: fresh.draft });
      scheduler.reset(fresh.revision);
    } catch (error) {
      const e = toClientError(error);
      notify(e.code, e.message);
    }
  }, [initial.id, scheduler, notify]);

  return {
    exhibition,
    scene,
    layout,
    problems,
    saveState: layout === knownLayout ? saveState : 'pending',
    readOnly,
    canUndo: !readOnly && canUndo(history),
    canRedo: !readOnly && canRedo(history),
    notice,
    run,
    seal: useCallback(() => dispatch({ type: 'seal' }), []),
    undo: useCallback(() => !readOnly && dispatch({ type: 'undo' }), [readOnly]),
    redo: useCallback(() => !readOnly && dispatch({ type: 'redo' }), [readOnly]),
    notify,
    reload,
    setExhibition,
  };
}
