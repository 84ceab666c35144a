import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { AWARD_CEREMONY, THEATRE } from '@yunzhan/scenes';
import { ErrorBoundary } from '../app/error-boundary';
import { ReloadBanner } from '../app/reload-banner';
import { useAuth } from '../auth/auth-context';
import { ChatPanel } from '../chat/chat-panel';
import { useI18n } from '../i18n/i18n';
import interactionBarStyles from '../interaction/interaction-bar.module.css';
import { PollCard } from '../interaction/poll-card';
import { PresenceBadge } from '../interaction/presence-badge';
import { ReactionBar } from '../interaction/reaction-bar';
import { ReactionLayer } from '../interaction/reaction-layer';
import { useEventInteraction } from '../interaction/use-event-interaction';
import { errorMessage } from '../lib/error-messages';
import { signInHref } from '../lib/safe-next';
import { useEventSummary } from '../lib/use-event-summary';
import { useEventRoom } from '../realtime/use-event-room';
import { DanmakuControls, useDanmakuSettings } from './danmaku/danmaku-controls';
import { AwardOverlay } from './award-overlay';
import { DanmakuOverlay } from './danmaku/danmaku-overlay';
import { PlayerBar } from './player-bar';
import { StreamOverlay } from './stream-overlay';
import { playbackSource, streamStatus, type StreamStatus } from './stream-status';
import { useAwardReveal } from './use-award-reveal';
import { usePictureReached } from './use-picture-clock';
import { CaptionControls, CaptionOverlay } from './captions/caption-overlay';
import { CaptionThisEvent } from './caption-this-event';
import { useCaptionSettings } from './captions/caption-settings';
import { useCaptions } from './captions/use-captions';
import { preloadHls, useHlsPlayer } from './use-hls-player';
import { RevealAnnouncer } from './reveal-announcer';
import { useViewMode } from './view-mode';
import { useDocumentTitle } from '../app/access-gate';
import { ShareButton } from '../share/share-poster';
import { badgeClass, badgeDotClass, type BadgeTone } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './theatre-page.module.css';

// three.js, react-three-fiber and drei load only when the 3D view is shown.
const TheatreView = lazy(() => import('./three/theatre-view'));

/** The badge tone of each stream status (connecting and ended are neutral). */
const STREAM_BADGE: Record<StreamStatus, BadgeTone | null> = { connecting: null, waiting: 'scheduled', live: 'live', replay: 'replay', ended: null };

/** `/events/:eventId`: the 3D theatre (or a plain player) with the live stream and chat. */
export function TheatrePage() {
  const { eventId = '' } = useParams();
  const { t, locale } = useI18n();
  const { user: sessionUser } = useAuth();
  const location = useLocation();
  const summary = useEventSummary(eventId);
  const room = useEventRoom(eventId);
  const status = streamStatus(room.live);
  // A new object per live:state is fine: the player keys on the source's url and mode.
  const source = playbackSource(room.live);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const player = useHlsPlayer(video, source);
  const [viewMode, setViewMode] = useViewMode();
  const [webglFailed, setWebglFailed] = useState(false);
  const mode = webglFailed ? '2d' : viewMode;
  const viewportRef = useRef<HTMLDivElement>(null);
  const { chat, moderation, interaction, user } = useEventInteraction(room, sessionUser);
  const [danmaku, setDanmaku] = useDanmakuSettings();
  const award = useAwardReveal(room, eventId, player.pictureTime);
  const [captionSettings, setCaptionSettings] = useCaptionSettings();
  const captionLines = useCaptions(room, eventId, video, player.pictureTime, source?.url ?? null, { text: t('captions.track'), language: locale });
  // The open polls, and the latest closed one with its final results; a poll the host opened
  // shows when the viewer's picture reaches that moment, like a reveal.
  const opened = usePictureReached(
    interaction.polls.map((p) => p.createdAt),
    player.pictureTime,
  );
  const polls = interaction.polls.filter((p, i, all) => (p.open || all.findIndex((q) => !q.open) === i) && opened(p.createdAt));
  const title = summary.event?.title ?? eventId;

  useDocumentTitle(title);

  // The player needs hls.js as soon as there is a stream; fetch it while the room is joined.
  useEffect(preloadHls, []);

  const notFound = summary.error?.code === 'NOT_FOUND' || room.joinError?.code === 'NOT_FOUND' || room.joinError?.code === 'VALIDATION_FAILED';
  if (notFound) {
    return (
      <div className={cx(layout.page, layout.narrow, layout.emptyState)}>
        <h1>{t('theatre.notFound')}</h1>
        <Link className={buttonClass()} to="/">
          {t('nav.backToLobby')}
        </Link>
      </div>
    );
  }

  const fullscreen = () => {
    const el = viewportRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => undefined);
  };

  const joinProblem = room.joinError ? errorMessage(room.joinError.code, room.joinError.details) : null;

  return (
    <div className={styles.page}>
      {room.connection === 'protocol-mismatch' && <ReloadBanner className={styles.notice} />}
      <div className={styles.head}>
        <div>
          <h1 className={styles.title}>{title}</h1>
          {summary.event?.description && <p className={cx(text.muted, styles.description)}>{summary.event.description}</p>}
        </div>
        <div className={styles.meta}>
          {summary.event?.recording && (
            <a className={buttonClass()} href={summary.event.recording.url} download data-testid="recording-link">
              {t('event.downloadRecording')}
            </a>
          )}
          <span className={badgeClass(STREAM_BADGE[status])} data-testid="stream-status" data-status={status}>
            {status === 'live' && <span className={badgeDotClass} aria-hidden="true" />}
            {t(`stream.${status}`)}
          </span>
          {room.presence !== null && <PresenceBadge presence={interaction.presence ?? room.presence} />}
          {summary.event && sessionUser && <CaptionThisEvent eventId={eventId} userId={sessionUser.id} />}
          {summary.event && <ShareButton target={{ title, kind: 'event' }} />}
        </div>
      </div>
      {room.connection === 'reconnecting' && (
        <p className={cx(calloutClass('warning'), styles.notice)} role="status">
          {t('room.reconnecting')}
        </p>
      )}
      {joinProblem && (
        <p className={cx(calloutClass('error'), styles.notice)} role="alert">
          {t(joinProblem.key, joinProblem.params)}
        </p>
      )}
      {room.notice && (
        <div className={cx(calloutClass(room.notice.level), styles.notice)} role="status">
          <p>{room.notice.error ? t(errorMessage(room.notice.error.code).key) : room.notice.message}</p>
          <button type="button" className={buttonClass('ghost')} onClick={room.dismissNotice}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      <div className={styles.layout}>
        <div>
          <div className={styles.viewport} ref={viewportRef} data-testid="theatre-viewport" data-view-mode={mode}>
            {/* Switching to 2D unmounts the whole 3D view, which frees its WebGL context; the
                <video> below stays mounted either way, so playback never restarts. */}
            {mode === '3d' && (
              <ErrorBoundary
                onError={() => setWebglFailed(true)}
                fallback={<p className={styles.message}>{t('theatre.no3d')}</p>}
              >
                <Suspense fallback={<p className={styles.message}>{t('theatre.loading3d')}</p>}>
                  <TheatreView
                    video={video}
                    hasPicture={player.hasPicture}
                    // An award ceremony's theatre is the award stage, with a podium for the trophy.
                    scene={award.ceremony ? AWARD_CEREMONY : THEATRE}
                    label={t('theatre.canvasLabel', { title })}
                    reveal={award.reveal}
                  />
                </Suspense>
              </ErrorBoundary>
            )}
            <video
              ref={setVideo}
              data-testid="stream-video"
              className={cx(styles.video, mode === '3d' && styles.offscreen)}
              controls={mode === '2d' && source !== null}
              playsInline
              crossOrigin="anonymous"
              aria-hidden={mode === '3d'}
              tabIndex={mode === '3d' ? -1 : undefined}
            />
            <DanmakuOverlay feed={chat.live} settings={danmaku} />
            <ReactionLayer bursts={interaction.bursts} />
            <StreamOverlay status={status} live={room.live} event={summary.event} player={player} hasSource={source !== null} />
            <CaptionOverlay lines={captionLines} settings={captionSettings} />
            <RevealAnnouncer reveal={award.reveal} />
            {award.reveal && !award.dismissed && <AwardOverlay reveal={award.reveal} onClose={award.dismiss} compact={mode === '3d'} />}
          </div>
          <PlayerBar player={player} viewMode={mode} can3d={!webglFailed} onViewMode={setViewMode} onFullscreen={fullscreen} />
          <div className={interactionBarStyles.bar}>
            <ReactionBar onReact={interaction.sendReaction} disabled={room.connection !== 'joined'} />
            <DanmakuControls settings={danmaku} onChange={setDanmaku} />
            <CaptionControls settings={captionSettings} onChange={setCaptionSettings} />
          </div>
          {webglFailed && <p className={cx(text.muted, text.small)}>{t('theatre.no3dHint')}</p>}
        </div>
        <aside>
          {polls.map((p) => (
            <PollCard key={p.id} poll={p} ballot={interaction.ballots[p.id]} canVote={user !== null} onVote={interaction.vote} />
          ))}
          <ChatPanel
            chat={chat}
            moderation={moderation}
            user={user}
            connected={room.connection === 'joined'}
            signInHref={signInHref(location.pathname)}
            danmakuOption
          />
        </aside>
      </div>
    </div>
  );
}
