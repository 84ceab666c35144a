import { isWalkable, type ExhibitionView } from '@yunzhan/shared';
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorBoundary } from '../app/error-boundary';
import { frameWork, type ViewerPose } from '../hall/camera-framing';
import { localized } from '../hall/localized';
import { placementPoses } from '../hall/placement-pose';
import { detectedQuality, parseQuality, QUALITY_PARAM, storedQuality, storeQuality, type QualityTier } from '../hall/quality';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { ShareButton } from '../share/share-poster';
import { WORK_PARAM, workFromSearch, workLink } from './deep-link';
import { HallChat } from './hall-chat';
import { HallWorkList, VIEW_PARAM } from './hall-work-list';
import { MiniMap } from './mini-map';
import { TourBar } from './tour-bar';
import { QualitySelect } from './quality-select';
import { playableStops, stepTour, type TourAction, type TourPosition } from './tour';
import { useExhibitionView } from './use-exhibition-view';
import { useHallPresence, type HallRoom } from './use-hall-presence';
import { VirtualJoystick } from './virtual-joystick';
import { VISITOR_COLLISION_RADIUS, VisitorRig } from './visitor-rig';
import { WorkPanel } from './work-panel';
import styles from './exhibition-page.module.css';
import { useDocumentTitle } from '../app/access-gate';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import layoutStyles from '../ui/layout.module.css';
import text from '../ui/text.module.css';

// three.js, react-three-fiber and the hall renderer load only with the 3D view.
const ExhibitionCanvas = lazy(() => import('./exhibition-canvas'));

/** `/exhibitions/:exhibitionId`: walk through an exhibition's hall (`?preview=draft`: the curator's draft). */
export function ExhibitionPage() {
  const { exhibitionId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const preview = searchParams.get('preview') === 'draft';
  const { t } = useI18n();
  const { load, reload } = useExhibitionView(exhibitionId, preview);
  const hall = useHallPresence(load.state === 'ready' ? exhibitionId : null, preview);

  if (load.state === 'loading') {
    return (
      <div className={cx(layoutStyles.page, layoutStyles.narrow, layoutStyles.emptyState)} data-testid="exhibition-loading" aria-busy="true">
        <p className={text.muted} role="status">
          {t('exhibition.loading')}
        </p>
      </div>
    );
  }
  if (load.state === 'error') {
    const notFound = load.error.code === 'NOT_FOUND' || load.error.code === 'FORBIDDEN';
    return (
      <div className={cx(layoutStyles.page, layoutStyles.narrow, layoutStyles.emptyState)} data-testid="exhibition-error" data-code={load.error.code}>
        <h1>{notFound ? t('exhibition.notFound') : t(errorMessage(load.error.code, load.error.details).key)}</h1>
        <p className={layoutStyles.row}>
          <Link className={buttonClass()} to="/">
            {t('nav.backToLobby')}
          </Link>
          {!notFound && (
            <button type="button" className={buttonClass('ghost')} onClick={reload}>
              {t('common.retry')}
            </button>
          )}
        </p>
      </div>
    );
  }
  return <ExhibitionHall key={exhibitionId} view={load.view} exhibitionId={exhibitionId} hall={hall} />;
}

/** The hall once its data is there: 3D view, overlays, panel, tour and mini-map. */
function ExhibitionHall({ view, exhibitionId, hall }: { view: ExhibitionView; exhibitionId: string; hall: HallRoom }) {
  const visitors = hall.count;
  const { t, locale } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const { scene, layout, works } = view;
  // Rendering quality: `?quality=` first, then the visitor's stored choice, else the device's.
  const [preference, setPreference] = useState<QualityTier | null>(storedQuality);
  const forced = parseQuality(searchParams.get(QUALITY_PARAM));
  const chosen = forced ?? preference;
  const quality = chosen ?? detectedQuality();
  const onQuality = (tier: QualityTier | null) => {
    storeQuality(tier);
    setPreference(tier);
    if (forced) setSearchParams((params) => { const next = new URLSearchParams(params); next.delete(QUALITY_PARAM); return next; }, { replace: true });
  };
  const poses = useMemo(() => placementPoses(scene, layout.placements), [scene, layout.placements]);
  const placementIds = useMemo(() => new Set(poses.keys()), [poses]);
  const placementsById = useMemo(() => new Map(layout.placements.map((p) => [p.id, p])), [layout.placements]);
  const worksById = useMemo(() => new Map(works.map((w) => [w.id, w])), [works]);
  const stops = useMemo(() => playableStops(layout.tour, placementIds), [layout.tour, placementIds]);
  const title = localized(view.exhibition.title, locale);

  const frame = useCallback(
    (placementId: string): ViewerPose | null => {
      const pose = poses.get(placementId);
      return pose ? frameWork(pose, { isWalkable: (p) => isWalkable(scene, p, VISITOR_COLLISION_RADIUS) }) : null;
    },
    [poses, scene],
  );

  // The visitor starts at the first spawn point, or in front of the work a deep link names.
  const [initialWork] = useState(() => workFromSearch(window.location.search, placementIds));
  const rig = useMemo(() => {
    const spawn = scene.spawnPoints[0];
    const start: ViewerPose = (initialWork && frame(initialWork)) || {
      position: spawn ? [spawn.position[0], spawn.position[2]] : [0, 0],
      yaw: ((spawn?.yawDeg ?? 0) * Math.PI) / 180,
      pitch: 0,
    };
    return new VisitorRig(start);
  }, [scene, initialWork, frame]);

  const [selectedId, setSelectedId] = useState<string | null>(initialWork);
  const [tourPosition, setTourPosition] = useState<TourPosition>(null);
  const [webglFailed, setWebglFailed] = useState(false);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  // `?view=list`: the works as an accessible list instead of the 3D view (also the fallback without WebGL).
  const asList = webglFailed || searchParams.get(VIEW_PARAM) === 'list';
  const setAsList = (list: boolean) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (list) next.set(VIEW_PARAM, 'list');
        else next.delete(VIEW_PARAM);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );

  useDocumentTitle(title);

  // The open work is in the URL (replaceState), so the address bar is always a shareable link.
  const select = useCallback(
    (placementId: string | null) => {
      setSelectedId(placementId);
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          if (placementId) next.set(WORK_PARAM, placementId);
          else next.delete(WORK_PARAM);
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setSearchParams],
  );
  const close = useCallback(() => select(null), [select]);

  const goTo = useCallback(
    (placementId: string) => {
      const pose = frame(placementId);
      if (!pose) return;
      // Tour stops and "go to" glide the camera, unless the visitor asked for less motion: then it cuts.
      if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) rig.teleport(pose);
      else rig.glideTo(pose);
    },
    [frame, rig],
  );

  const onTour = (action: TourAction) => {
    const next = stepTour(tourPosition, action, stops.length);
    setTourPosition(next);
    const stop = next === null ? undefined : stops[next];
    if (stop) goTo(stop.placementId);
  };

  const placement = selectedId ? placementsById.get(selectedId) : undefined;
  const work = placement ? worksById.get(placement.workId) : undefined;
  const tourStopId = tourPosition === null ? null : (stops[tourPosition]?.placementId ?? null);
  const highlighted = selectedId ?? tourStopId;

  return (
    <div className={styles.page} data-testid="exhibition-page" data-exhibition-id={exhibitionId}>
      <div className={asList ? `${styles.stage} ${styles.list}` : styles.stage}>
        {/* First in reading order: the title (h1) before the hall or the list. */}
        <header className={styles.bar}>
          <h1 className={styles.title}>{title}</h1>
          {view.preview && <span className={badgeClass()}>{t('exhibition.preview')}</span>}
          {visitors !== null && (
            <span className={cx(text.viewers, styles.visitors)} data-testid="hall-visitors" data-count={visitors}>
              {t('exhibition.visitors', { count: visitors })}
            </span>
          )}
          {!asList && <p className={cx(styles.help, text.small, text.muted)}>{t('exhibition.help')}</p>}
          {!webglFailed && (
            <button type="button" className={buttonClass('ghost')} data-testid="hall-view-toggle" onClick={() => setAsList(!asList)}>
              {asList ? t('exhibition.view3d') : t('exhibition.viewList')}
            </button>
          )}
          {!asList && <QualitySelect value={chosen} detected={detectedQuality()} onChange={onQuality} />}
          {!view.preview && <ShareButton target={{ title, kind: 'exhibition', image: view.exhibition.cover }} />}
        </header>
        {asList ? (
          <div className={styles.fallback}>
            {webglFailed && <p className={calloutClass('warning')}>{t('exhibition.webglFailed')}</p>}
            <HallWorkList view={view} selectedId={selectedId} onOpen={select} />
          </div>
        ) : (
          <ErrorBoundary fallback={null} onError={() => setWebglFailed(true)}>
            <Suspense fallback={<p className={cx(styles.message, text.muted)}>{t('exhibition.loading')}</p>}>
              <ExhibitionCanvas
                key={quality}
                quality={quality}
                view={view}
                rig={rig}
                locale={locale}
                label={t('exhibition.canvasLabel', { title })}
                selectedId={highlighted}
                onWorkPick={select}
                onVideo={setVideo}
              />
            </Suspense>
          </ErrorBoundary>
        )}
        {!asList && <MiniMap scene={scene} poses={poses} rig={rig} selectedId={highlighted} />}
        {!asList && (
          <div className={styles.tour}>
            <TourBar stops={stops} position={tourPosition} onAction={onTour} />
          </div>
        )}
        {!asList && <VirtualJoystick rig={rig} />}
        {/* The draft preview is the curator's alone: no chat there. */}
        {!view.preview && <HallChat exhibitionId={exhibitionId} room={hall} />}
      </div>
      {placement && work && (
        <WorkPanel
          placement={placement}
          work={work}
          link={workLink(window.location.origin, exhibitionId, placement.id)}
          onClose={close}
          onGoTo={() => {
            // From the list, walking to the work means the 3D view, in front of it.
            if (asList) setAsList(false);
            goTo(placement.id);
          }}
          video={video}
        />
      )}
    </div>
  );
}
