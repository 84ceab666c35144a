import type { EventSummary, PublicUser } from '@yunzhan/shared';
import { Link } from 'react-router-dom';
import { ViewersIcon } from '../app/icons';
import { useI18n } from '../i18n/i18n';
import { canHost } from '../lib/api';
import { buttonClass } from '../ui/button';
import card from '../ui/card.module.css';
import { cx } from '../ui/class-names';
import { StatusBadge } from './status-badge';

/** One event in the lobby: status, title, time, and links to watch or host. */
export function EventCard({ event, user }: { event: EventSummary; user: PublicUser | null }) {
  const { t, formatDateTime } = useI18n();
  const when =
    event.status === 'live' && event.startedAt
      ? t('event.liveSince', { time: formatDateTime(event.startedAt) })
      : event.status === 'ended' && event.endedAt
        ? t('event.endedAt', { time: formatDateTime(event.endedAt) })
        : t('event.startsAt', { time: formatDateTime(event.startsAt) });
  const watchLabel =
    event.status === 'live' ? t('event.watch') : event.status === 'ended' && event.hls ? t('event.replay') : t('event.open');

  return (
    <article className={cx(card.card, event.status === 'live' && card.live)} data-testid="event-card" data-event-id={event.id}>
      <div className={card.top}>
        <StatusBadge status={event.status} />
        {/* Live: how many watch now; before the start: how many already wait in the theatre. */}
        {(event.status === 'live' || (event.status === 'scheduled' && event.viewerCount > 0)) && (
          <span className={card.aside} data-testid="event-viewers" data-count={event.viewerCount}>
            <ViewersIcon /> {event.status === 'live' ? t('event.viewers', { count: event.viewerCount }) : t('presence.waiting', { count: event.viewerCount })}
          </span>
        )}
      </div>
      <h3 className={card.title}>
        <Link to={`/events/${encodeURIComponent(event.id)}`}>{event.title}</Link>
      </h3>
      <p className={card.when}>{when}</p>
      {event.description && <p className={card.description}>{event.description}</p>}
      <div className={card.actions}>
        <Link className={buttonClass(event.status === 'live' && 'primary')} to={`/events/${encodeURIComponent(event.id)}`}>
          {watchLabel}
        </Link>
        {canHost(user, event) && (
          <Link className={buttonClass('ghost')} to={`/host/${encodeURIComponent(event.id)}`} data-testid="host-console-link">
            {t('event.hostConsole')}
          </Link>
        )}
      </div>
    </article>
  );
}
