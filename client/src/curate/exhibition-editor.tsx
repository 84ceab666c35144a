import type { Exhibition, WallSide, Work } from '@yunzhan/shared';
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBoundary } from '../app/error-boundary';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { localizedText } from '../works/work-library';
import { submitExhibition } from './curate-api';
import { dragAlongWall, dropOnWall, hitsPlacement, intersectWalls, placeOnWall, type PlacementResult, type Ray } from './drop-placement';
import type { EditorView } from './editor-canvas';
import statusBadge from './exhibition-status-badge.module.css';
import styles from './exhibition-editor.module.css';
import { dragOnFloor, hitsFloorPlacement, placeOnFloor, rayFloor, type FloorPlacementResult } from './floor-placement';
import { EditorToast } from './editor-toast';
import panelStyles from './editor-panel.module.css';
import { EditorToolbar } from './editor-toolbar';
import { nextPlacementId } from './layout-commands';
import { PlacementInspector } from './placement-inspector';
import { TourEditor } from './tour-editor';
import { useLayoutEditor } from './use-layout-editor';
import { WorksLibrary } from './works-library';
import { useDocumentTitle } from '../app/access-gate';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import textStyles from '../ui/text.module.css';

// three.js, react-three-fiber and the hall renderer load only with the 3D view.
const EditorCanvas = lazy(() => import('./editor-canvas'));

/** Whether a key event comes from a text field (where Ctrl+Z belongs to the field). */
const inTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The curator's editor for one loaded exhibition: library, 3D view, inspector, tour, toolbar. */
export function ExhibitionEditor({ exhibition: initial, works }: { exhibition: Exhibition; works: Work[] }) {
  const { t, locale } = useI18n();
  const editor = useLayoutEditor(initial);
  const { scene, layout, problems, run, notify, readOnly } = editor;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [view, setView] = useState<EditorView>('orbit');
  const [submitting, setSubmitting] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [webglFailed, setWebglFailed] = useState(false);
  const gesture = useRef(0);

  const worksById = useMemo(() => new Map(works.map((w) => [w.id, w])), [works]);
  const placedWorkIds = useMemo(() => new Set(layout.placements.map((p) => p.workId)), [layout.placements]);
  const selected = layout.placements.find((p) => p.id === selectedId) ?? null;
  const title = localizedText(editor.exhibition.title, locale);
  const titleOf = useCallback(
    (placementId: string) => {
      const workId = layout.placements.find((p) => p.id === placementId)?.workId;
      const work = workId ? worksById.get(workId) : undefined;
      return work ? localizedText(work.metadata.title, locale) : placementId;
    },
    [layout.placements, worksById, locale],
  );

  useDocumentTitle(title);

  const { undo, redo } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || inTextField(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const accept = (result: PlacementResult | FloorPlacementResult) => {
    if (!result.ok) {
      notify(result.problem.code, result.problem.message);
      return;
    }
    run({ type: 'place', placement: result.placement });
    setSelectedId(result.placement.id);
  };
  const onPlace = (workId: string, wallId: string, side: WallSide) => {
    const work = worksById.get(workId);
    if (work) accept(placeOnWall(scene, layout, work, wallId, side, nextPlacementId(layout)));
  };
  const onPlaceFloor = (workId: string) => {
    const work = worksById.get(workId);
    if (work) accept(placeOnFloor(scene, layout, work, nextPlacementId(layout)));
  };
  const onDropWork = (workId: string, ray: Ray) => {
    const work = worksById.get(workId);
    if (!work || readOnly) return;
    // 3D models stand where the drop point meets the floor; other works hang where it meets a wall.
    if (work.kind === 'model') {
      const point = rayFloor(ray);
      if (!point) notify('PLACEMENT_OFF_WALL', t('editor.floorMiss'));
      else accept(placeOnFloor(scene, layout, work, nextPlacementId(layout), point));
      return;
    }
    const hit = intersectWalls(scene, ray);
    if (!hit) notify('PLACEMENT_OFF_WALL', 'the drop point is not on a wall');
    else accept(dropOnWall(scene, layout, work, hit, nextPlacementId(layout)));
  };
  const canDragAt = (ray: Ray) =>
    !readOnly && !!selected && (selected.mount === 'wall' ? hitsPlacement(scene, selected, ray) : hitsFloorPlacement(selected, ray));
  const onDragMove = (ray: Ray) => {
    if (selected?.mount === 'floor') {
      const point = rayFloor(ray);
      const to = point && dragOnFloor(scene, layout, selected, point);
      if (to && (to.position[0] !== selected.position[0] || to.position[1] !== selected.position[1]))
        run({ type: 'update', placementId: selected.id, patch: to }, `drag:${gesture.current}`);
      return;
    }
    if (selected?.mount !== 'wall') return;
    const to = dragAlongWall(scene, layout, selected, ray);
    if (to && (to.u !== selected.u || to.v !== selected.v)) run({ type: 'update', placementId: selected.id, patch: to }, `drag:${gesture.current}`);
  };
  const onDragEnd = () => {
    gesture.current += 1;
    editor.seal();
  };

  const onSubmit = async () => {
    setSubmitting(true);
    try {
      editor.setExhibition(await submitExhibition(editor.exhibition.id));
      setSubmitted(true);
    } catch (error) {
      const e = toClientError(error);
      notify(e.code, e.message);
    } finally {
      setSubmitting(false);
    }
  };

  const selectedProblems = selected ? problems.filter((p) => p.placementId === selected.id) : [];
  const review = editor.exhibition.review;

  return (
    <div className={styles.page} data-testid="curate-editor" data-exhibition-id={editor.exhibition.id}>
      <EditorToolbar editor={editor} title={title} view={view} onView={setView} submitting={submitting} onSubmit={() => void onSubmit()} />
      {readOnly && (
        <p className={cx(calloutClass('info'), styles.banner)} data-testid="editor-read-only">
          {submitted ? t('editor.submitted') : t('editor.inReview')}
        </p>
      )}
      {editor.exhibition.status === 'returned' && review?.comment && (
        <p className={cx(calloutClass('warning'), styles.banner)} data-testid="review-comment-shown">
          {t('curate.returnedComment', { comment: review.comment })}
        </p>
      )}
      {editor.exhibition.published && !readOnly && (
        <p className={cx(calloutClass('info'), styles.banner)} data-testid="editor-public-note" data-texts-pending={editor.exhibition.approvedTexts ? 'true' : undefined}>
          {t('contentReview.editorPublic')}
          {editor.exhibition.approvedTexts && ` ${t('contentReview.textsPending', { title: localizedText(editor.exhibition.approvedTexts.title, locale) })}`}
        </p>
      )}
      <EditorToast notice={editor.notice} />
      <div className={styles.layout}>
        <aside className={styles.side}>
          <WorksLibrary scene={scene} works={works} placedWorkIds={placedWorkIds} disabled={readOnly} onPlace={onPlace} onPlaceFloor={onPlaceFloor} />
        </aside>
        <div className={styles.stage}>
          {webglFailed ? (
            <p className={calloutClass('warning')}>{t('exhibition.webglFailed')}</p>
          ) : (
            <ErrorBoundary fallback={null} onError={() => setWebglFailed(true)}>
              <Suspense fallback={<p className={cx(textStyles.muted, styles.stageMessage)}>{t('editor.loading')}</p>}>
                <EditorCanvas
                  scene={scene}
                  layout={layout}
                  works={works}
                  locale={locale}
                  label={t('editor.canvasLabel', { title })}
                  view={view}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  onDropWork={onDropWork}
                  canDragAt={canDragAt}
                  onDragMove={onDragMove}
                  onDragEnd={onDragEnd}
                />
              </Suspense>
            </ErrorBoundary>
          )}
        </div>
        <aside className={styles.side}>
          {selected && (
            <PlacementInspector
              key={selected.id}
              placement={selected}
              title={titleOf(selected.id)}
              problems={selectedProblems}
              disabled={readOnly}
              run={run}
              seal={editor.seal}
              onRemoved={() => setSelectedId(null)}
            />
          )}
          <section className={panelStyles.panel} aria-labelledby="placements-heading">
            <h2 id="placements-heading">{t('editor.placements')}</h2>
            {layout.placements.length === 0 ? (
              <p className={cx(textStyles.small, textStyles.muted)}>{t('editor.noPlacements')}</p>
            ) : (
              <ul className={panelStyles.list} data-testid="placement-list">
                {layout.placements.map((p) => {
                  const problem = problems.find((x) => x.placementId === p.id);
                  return (
                    <li key={p.id}>
                      <button
                        type="button"
                        className={styles.placement}
                        data-testid="placement-item"
                        data-placement-id={p.id}
                        data-work-id={p.workId}
                        data-problem={problem?.code}
                        aria-pressed={p.id === selectedId}
                        onClick={() => setSelectedId(p.id)}
                      >
                        <span>{titleOf(p.id)}</span>
                        {problem && <span className={cx(badgeClass(), statusBadge.returned)}>{t(`error.${problem.code}`)}</span>}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <TourEditor tour={layout.tour} titleOf={titleOf} selectedId={selectedId} disabled={readOnly} run={run} seal={editor.seal} />
        </aside>
      </div>
    </div>
  );
}
