import type { EventSummary } from '@yunzhan/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { ViewersIcon } from '../app/icons';
import { ReloadBanner } from '../app/reload-banner';
import { ChatPanel } from '../chat/chat-panel';
import { useI18n } from '../i18n/i18n';
import { HostPolls } from '../interaction/poll-composer';
import { PresenceChart } from '../interaction/presence-chart';
import { useEventInteraction } from '../interaction/use-event-interaction';
import { toClientError, type ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { signInHref } from '../lib/safe-next';
import { request } from '../realtime/socket';
import { useEventRoom } from '../realtime/use-event-room';
import { badgeDotClass } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import card from '../ui/card.module.css';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';
import overlay from '../ui/overlay.module.css';
import text from '../ui/text.module.css';
import { LivePublisher } from './live-publisher';
import { CaptionPanel } from './caption-panel';
import { CaptionersPanel } from './captioners-panel';
import { IngestPanel } from './ingest-panel';
import { RevealPanel } from './reveal-panel';
import styles from './host-console.module.css';
import { useLocalMedia } from './use-local-media';

/** The host's side of a live: idle → connecting → live → ending → ended (or error). */
export type PublishStatus = 'idle' | 'connecting' | 'live' | 'ending' | 'ended' | 'error';

/** Camera, microphone, preview, Go live / End, status, viewer count and chat for one event. */
export function HostConsole({ event }: { event: EventSummary }) {
  const { t } = useI18n();
  const location = useLocation();
  const room = useEventRoom(event.id);
  const { chat, moderation, interaction, user } = useEventInteraction(room, null);
  const media = useLocalMedia();
  const [status, setStatus] = useState<PublishStatus>('idle');
  const [error, setError] = useState<ClientError | null>(null);
  const publisherRef = useRef<LivePublisher | null>(null);
  /** The room's join count when the console last went live (a later join is a reconnect). */
  const liveJoinRef = useRef(0);
  const previewRef = useRef<HTMLVideoElement>(null);
  const { start: startMedia, stop: stopMedia } = media;

  // Ask for the camera as soon as the console opens, so the pickers and preview are ready.
  useEffect(() => {
    startMedia().catch(() => undefined);
  }, [startMedia]);

  useEffect(() => {
    const preview = previewRef.current;
    if (preview) preview.srcObject = media.stream;
  }, [media.stream]);

  // A device switched while live: send the new track on the same producers.
  useEffect(() => {
    const publisher = publisherRef.current;
    if (publisher && media.stream && status === 'live') {
      publisher.replaceTracks(media.stream).catch((e: unknown) => setError(toClientError(e, 'WEBRTC')));
    }
  }, [media.stream, status]);

  const teardown = useCallback(() => {
    publisherRef.current?.close();
    publisherRef.current = null;
    stopMedia();
  }, [stopMedia]);

  // The server ended the live (another session, an admin, a fatal pipeline error).
  const serverStatus = room.live?.status ?? null;
  useEffect(() => {
    if (serverStatus === 'ended' && (status === 'live' || status === 'connecting')) {
      teardown();
      setStatus('ended');
    }
  }, [serverStatus, status, teardown]);

  // Leaving the page closes the transport; never leave the camera on. The server ends a
  // publisher's SFU peer when its socket disconnects, and the tab's socket is shared and outlives
  // this page: when this page published, connect it afresh (a new peer) so the server lets go now.
  const socketRef = useRef(room.socket);
  socketRef.current = room.socket;
  useEffect(
    () => () => {
      const publisher = publisherRef.current;
      if (!publisher) return;
      publisher.close();
      const socket = socketRef.current;
      if (socket?.connected) socket.disconnect().connect();
    },
    [],
  );

  useEffect(() => {
    if (status !== 'live') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status]);

  const goLive = async () => {
    const socket = room.socket;
    if (!socket || room.connection !== 'joined') return;
    setStatus('connecting');
    setError(null);
    liveJoinRef.current = room.joinCount;
    // Resuming: the old producers went with the old connection; let go of them quietly.
    const previous = publisherRef.current;
    const publisher = new LivePublisher(socket, event.id, (failure) => {
      if (publisherRef.current !== publisher) return;
      publisher.close();
      publisherRef.current = null;
      setError(failure);
      setStatus('error');
    });
    publisherRef.current = publisher;
    previous?.close();
    try {
      const hasLiveCamera = media.stream?.getVideoTracks().some((track) => track.readyState === 'live');
      const stream = hasLiveCamera && media.stream ? media.stream : await startMedia();
      await publisher.start(stream);
      if (publisherRef.current === publisher) setStatus('live');
    } catch (e) {
      publisher.close();
      if (publisherRef.current !== publisher) return; // cancelled by End
      publisherRef.current = null;
      setError(toClientError(e));
      setStatus('error');
    }
  };

  // On air and the connection dropped (the network, or the server this console was on stopped):
  // the server let go of our producers with the old connection. Once joined again, to the same
  // server or through the proxy to another one, publish the same tracks again; the server goes on
  // with the same live after a discontinuity in its playlists, so viewers keep watching.
  const goLiveRef = useRef(goLive);
  goLiveRef.current = goLive;
  useEffect(() => {
    if (status === 'live' && room.connection === 'joined' && room.joinCount > liveJoinRef.current) void goLiveRef.current();
  }, [status, room.connection, room.joinCount]);

  const end = async () => {
    setStatus('ending');
    setError(null);
    let failure: ClientError | null = null;
    try {
      if (room.socket) await request(room.socket, 'live:end', { eventId: event.id });
    } catch (e) {
      const clientError = toClientError(e);
      // Not live any more (or never got that far): nothing to end, which is what we wanted.
      if (clientError.code !== 'INVALID_STATE') failure = clientError;
    }
    teardown();
    setError(failure);
    setStatus(failure ? 'error' : 'ended');
  };

  const joined = room.connection === 'joined';
  // A live whose publisher dropped waits for a host to come back: going live resumes it.
  const awaitingPublisher = serverStatus === 'live' && room.live?.awaitingPublisher === true && status !== 'live' && status !== 'connecting';
  const liveElsewhere = serverStatus === 'live' && !awaitingPublisher && status !== 'live' && status !== 'connecting' && status !== 'ending';
  const canGoLive = joined && (status === 'idle' || status === 'ended' || status === 'error') && !liveElsewhere && media.state !== 'requesting';
  const canEnd = status === 'connecting' || status === 'live' || (liveElsewhere && joined);
  const errorText = error ? t(errorMessage(error.code, error.details).key, errorMessage(error.code, error.details).params) : null;
  const mediaErrorText = media.error ? t(errorMessage(media.error).key) : null;

  return (
    <div className={layout.page}>
      {room.connection === 'protocol-mismatch' && <ReloadBanner />}
      <div className={styles.head}>
        <div>
          <p className={text.eyebrow}>{t('host.title')}</p>
          <h1>{event.title}</h1>
        </div>
        <Link className={buttonClass('ghost')} to={`/events/${encodeURIComponent(event.id)}`} target="_blank" rel="noopener">
          {t('host.openTheatre')}
        </Link>
      </div>

      <div className={styles.layout}>
        <section aria-label={t('host.preview')}>
          <div className={styles.preview}>
            <video ref={previewRef} className={styles.previewVideo} data-testid="local-preview" autoPlay muted playsInline />
            {!media.stream && (
              <div className={overlay.overlay}>
                <div className={overlay.box}>
                  <p>{media.state === 'requesting' ? t('host.requestingCamera') : t('host.cameraOff')}</p>
                  {media.state !== 'requesting' && (
                    <button type="button" className={buttonClass()} onClick={() => void startMedia().catch(() => undefined)}>
                      {t('host.startCamera')}
                    </button>
                  )}
                </div>
              </div>
            )}
            {status === 'live' && (
              <span className={styles.onAir}>
                <span className={cx(badgeDotClass, styles.onAirDot)} aria-hidden="true" /> {t('host.onAir')}
              </span>
            )}
          </div>
          {mediaErrorText && (
            <p className={calloutClass('error')} role="alert">
              {mediaErrorText}
            </p>
          )}
          <div className={styles.devicePickers}>
            <label className={controls.field}>
              <span>{t('host.camera')}</span>
              <select
                className={controls.select}
                data-testid="camera-select"
                value={media.cameraId ?? ''}
                disabled={media.cameras.length === 0 || status === 'connecting' || status === 'ending'}
                onChange={(e) => void media.selectCamera(e.target.value)}
              >
                {media.cameras.length === 0 && <option value="">{t('host.noDevices')}</option>}
                {media.cameras.map((d) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
            <label className={controls.field}>
              <span>{t('host.microphone')}</span>
              <select
                className={controls.select}
                data-testid="microphone-select"
                value={media.microphoneId ?? ''}
                disabled={media.microphones.length === 0 || status === 'connecting' || status === 'ending'}
                onChange={(e) => void media.selectMicrophone(e.target.value)}
              >
                {media.microphones.length === 0 && <option value="">{t('host.noDevices')}</option>}
                {media.microphones.map((d) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </section>

        <section className={styles.control} aria-label={t('host.control')}>
          <div className={card.panel}>
            <p className={cx(styles.liveStatus, styles[status])} data-testid="live-status" data-status={status} role="status">
              <span className={styles.dot} aria-hidden="true" />
              <span>{t(`host.status.${status}`)}</span>
              <code className={styles.word}>{status}</code>
            </p>
            <p className={text.viewers} title={t('event.viewers', { count: room.presence?.count ?? 0 })}>
              <ViewersIcon />{' '}
              <span data-testid="viewer-count" data-approximate={room.presence?.approximate ?? false}>
                {room.presence?.approximate ? '≈' : ''}
                {room.presence?.count ?? 0}
              </span>
              <span className={text.muted}>{t('host.viewers')}</span>
            </p>
            <PresenceChart count={room.presence?.count ?? null} />
            {room.live?.recovering && <p className={cx(calloutClass('warning'), styles.flush)}>{t('stream.recovering')}</p>}
            {liveElsewhere && <p className={cx(calloutClass('warning'), styles.flush)}>{t('host.liveElsewhere')}</p>}
            {awaitingPublisher && (
              <p className={cx(calloutClass('warning'), styles.flush)} data-testid="awaiting-publisher">
                {t('host.awaitingPublisher')}
              </p>
            )}
            {!joined && room.connection !== 'protocol-mismatch' && (
              <p className={text.muted} role="status">
                {room.connection === 'failed' && room.joinError ? t(errorMessage(room.joinError.code).key) : t('room.connecting')}
              </p>
            )}
            {errorText && (
              <p className={cx(calloutClass('error'), styles.flush)} role="alert" data-testid="host-error">
                {errorText}
              </p>
            )}
            {room.notice && (
              <p className={cx(calloutClass(room.notice.level), styles.flush)} role="status">
                {room.notice.error ? t(errorMessage(room.notice.error.code).key) : room.notice.message}
              </p>
            )}
            <div className={layout.row}>
              <button type="button" className={buttonClass('live', 'large')} data-testid="go-live" disabled={!canGoLive} onClick={() => void goLive()}>
                {status === 'connecting' ? t('host.connecting') : awaitingPublisher ? t('host.resume') : t('host.goLive')}
              </button>
              <button type="button" className={buttonClass('large')} data-testid="end-live" disabled={!canEnd} onClick={() => void end()}>
                {status === 'ending' ? t('host.ending') : t('host.end')}
              </button>
            </div>
          </div>
          <HostPolls polls={interaction.polls} onCreate={interaction.createPoll} onClose={interaction.closePoll} disabled={!joined} />
          <RevealPanel eventId={event.id} socket={room.socket} />
          <CaptionPanel eventId={event.id} socket={joined ? room.socket : null} live={serverStatus === 'live'} />
          <CaptionersPanel eventId={event.id} />
          <IngestPanel eventId={event.id} />
          <ChatPanel chat={chat} moderation={moderation} user={user} connected={joined} signInHref={signInHref(location.pathname)} className={styles.chat} />
        </section>
      </div>
    </div>
  );
}
