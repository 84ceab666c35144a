import type { EventSummary } from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { fetchEvents } from '../lib/api';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { EventCard } from './event-card';
import { ExhibitionSection } from './exhibition-section';
import { groupEvents } from './event-groups';
import { useDocumentTitle } from '../app/access-gate';
import { LoadError } from '../app/load-error';

/** How often the lobby refreshes its list (and so the viewer counts), in milliseconds. */
const REFRESH_MS = 15_000;

type Load = { state: 'loading' } | { state: 'ready'; events: EventSummary[] } | { state: 'error'; code: string };

/** `/`: live, upcoming and past events. */
export function LobbyPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = useCallback(async (signal?: { cancelled: boolean }) => {
    try {
      const events = await fetchEvents();
      if (!signal?.cancelled) setLoad({ state: 'ready', events });
    } catch (error) {
      // Keep showing the last list when a background refresh fails.
      if (!signal?.cancelled) setLoad((prev) => (prev.state === 'ready' ? prev : { state: 'error', code: toClientError(error).code }));
    }
  }, []);

  useDocumentTitle(t('lobby.title'));

  useEffect(() => {
    const signal = { cancelled: false };
    void refresh(signal);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh(signal);
    }, REFRESH_MS);
    return () => {
      signal.cancelled = true;
      clearInterval(timer);
    };
  }, [refresh]);

  const groups = useMemo(() => (load.state === 'ready' ? groupEvents(load.events) : null), [load]);

  return (
    <div className="page lobby">
      <div className="lobby__intro">
        <h1>{t('lobby.title')}</h1>
        <p className="muted">{t('lobby.subtitle')}</p>
      </div>
      {load.state === 'loading' && <p className="muted" role="status">{t('common.loading')}</p>}
      {load.state === 'error' && <LoadError message={t(errorMessage(load.code).key)} onRetry={() => void refresh()} />}
      {groups && groups.live.length + groups.upcoming.length + groups.past.length === 0 && (
        <div className="empty-state">
          <p>{t('lobby.noEvents')}</p>
        </div>
      )}
      {groups && (
        <>
          <EventSection title={t('lobby.live')} events={groups.live} user={user} id="live" />
          <EventSection title={t('lobby.upcoming')} events={groups.upcoming} user={user} id="upcoming" />
          <EventSection title={t('lobby.past')} events={groups.past} user={user} id="past" />
        </>
      )}
      <ExhibitionSection />
    </div>
  );
}

function EventSection({ title, events, user, id }: { title: string; events: EventSummary[]; user: ReturnType<typeof useAuth>['user']; id: string }) {
  if (events.length === 0) return null;
  return (
    <section className="lobby__section" aria-labelledby={`lobby-${id}`} data-testid={`lobby-${id}`}>
      <h2 id={`lobby-${id}`}>
        {title} <span className="count">{events.length}</span>
      </h2>
      <div className="event-grid">
        {events.map((e) => (
          <EventCard key={e.id} event={e} user={user} />
        ))}
      </div>
    </section>
  );
}
