import type { EventSummary } from '@yunzhan/shared';
import { Link, useParams } from 'react-router-dom';
import { AccessGate, Gate, useDocumentTitle } from '../app/access-gate';
import { ReloadBanner } from '../app/reload-banner';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { canHost } from '../lib/api';
import { errorMessage } from '../lib/error-messages';
import { useEventSummary } from '../lib/use-event-summary';
import { useEventRoom } from '../realtime/use-event-room';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import { CaptionPanel } from './caption-panel';
import { useCaptionerStatus } from './captioners-api';
import styles from './caption-page.module.css';

/**
 * `/caption/:eventId`: where one of the event's captioners (or a host, or an admin) types its live
 * captions, without the rest of the host console. Whether the account is a captioner is the
 * server's answer; anyone else is told plainly they may not.
 */
export function CaptionPage() {
  const { eventId = '' } = useParams();
  const { t } = useI18n();
  const { user, status } = useAuth();
  const summary = useEventSummary(eventId);
  const captioner = useCaptionerStatus(eventId, user?.id ?? null);
  useDocumentTitle(summary.event ? `${t('captions.page.eyebrow')} · ${summary.event.title}` : t('captions.page.eyebrow'));

  const loading = <p className={cx(layout.page, text.muted)} role="status">{t('common.loading')}</p>;
  if (status === 'loading' || summary.loading) return loading;
  if (!user) {
    return <AccessGate title={t('captions.page.eyebrow')} signedIn={false} signInFirst={t('captions.page.signInFirst')} notAllowed="" testId="caption-sign-in" />;
  }
  if (!summary.event) {
    const code = summary.error?.code ?? 'NOT_FOUND';
    return (
      <Gate title={t('captions.page.eyebrow')}>
        <p>{code === 'NOT_FOUND' ? t('theatre.notFound') : t(errorMessage(code).key)}</p>
        <Link className={buttonClass()} to="/">
          {t('nav.backToLobby')}
        </Link>
      </Gate>
    );
  }
  const event = summary.event;
  if (canHost(user, event) || captioner.captioner === true) return <CaptionDesk event={event} />;
  if (captioner.captioner === undefined && !captioner.error) return loading;
  const refusal = captioner.error && captioner.error.code !== 'FORBIDDEN' ? errorMessage(captioner.error.code) : null;
  return (
    <Gate title={event.title}>
      <p data-testid="caption-forbidden">{refusal ? t(refusal.key, refusal.params) : t('captions.page.notAllowed', { name: user.displayName })}</p>
      <Link className={buttonClass()} to={`/events/${encodeURIComponent(event.id)}`}>
        {t('captions.page.watch')}
      </Link>
    </Gate>
  );
}

/** The caption panel for one event, on the event's room (for its live state and the socket). */
function CaptionDesk({ event }: { event: EventSummary }) {
  const { t } = useI18n();
  const room = useEventRoom(event.id);
  const joined = room.connection === 'joined';
  return (
    <div className={cx(layout.page, styles.page)}>
      {room.connection === 'protocol-mismatch' && <ReloadBanner />}
      <div className={styles.head}>
        <p className={text.eyebrow}>{t('captions.page.eyebrow')}</p>
        <h1 data-testid="caption-page-title">{event.title}</h1>
        <p className={text.muted}>{t('captions.page.note')}</p>
      </div>
      {!joined && room.connection !== 'protocol-mismatch' && (
        <p className={text.muted} role="status">
          {room.connection === 'failed' && room.joinError ? t(errorMessage(room.joinError.code).key) : t('room.connecting')}
        </p>
      )}
      <CaptionPanel eventId={event.id} socket={joined ? room.socket : null} live={room.live?.status === 'live'} />
      <Link className={cx(buttonClass('ghost'), styles.watch)} to={`/events/${encodeURIComponent(event.id)}`} target="_blank" rel="noopener">
        {t('captions.page.watch')}
      </Link>
    </div>
  );
}
