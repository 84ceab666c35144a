import type { EventSummary } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { fetchEvents } from '../lib/api';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { EventCard } from './event-card';
import { ExhibitionSection } from './exhibition-section';
import { groupEvents } from './event-groups';
import { useDocumentTitle } from '../app/access-gate';
import { LoadError } from '../app/load-error';
import card from '../ui/card.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './lobby-page.module.css';

/** How often the lobby refreshes its list (and so the viewer counts), in milliseconds. */
const REFRESH_MS = 15_000;

/** `/`: live, upcoming and past events. */
export function LobbyPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  // Polled while the tab is visible (a hidden tab does not poll); a failed background refresh
  // keeps the last list on screen.
  const events = useQuery({ queryKey: queryKeys.events.list(), queryFn: fetchEvents, refetchInterval: REFRESH_MS });

  useDocumentTitle(t('lobby.title'));

  const groups = useMemo(() => (events.data ? groupEvents(events.data) : null), [events.data]);
  const errorCode = !events.data && events.error ? toClientError(events.error).code : null;

  return (
    <div className={layout.page}>
      <div className={styles.intro}>
        <h1>{t('lobby.title')}</h1>
        <p className={text.muted}>{t('lobby.subtitle')}</p>
      </div>
      {events.isPending && !errorCode && <p className={text.muted} role="status">{t('common.loading')}</p>}
      {errorCode && <LoadError message={t(errorMessage(errorCode).key)} onRetry={() => void events.refetch()} />}
      {groups && groups.live.length + groups.upcoming.length + groups.past.length === 0 && (
        <div className={layout.emptyState}>
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
    <section className={styles.section} aria-labelledby={`lobby-${id}`} data-testid={`lobby-${id}`}>
      <h2 id={`lobby-${id}`}>
        {title} <span className={text.count}>{events.length}</span>
      </h2>
      <div className={card.grid}>
        {events.map((e) => (
          <EventCard key={e.id} event={e} user={user} />
        ))}
      </div>
    </section>
  );
}
