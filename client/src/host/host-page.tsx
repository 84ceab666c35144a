import type { EventSummary, PublicUser } from '@yunzhan/shared';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Gate } from '../app/access-gate';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { canHost } from '../lib/api';
import { errorMessage } from '../lib/error-messages';
import { signInHref } from '../lib/safe-next';
import { useEventSummary } from '../lib/use-event-summary';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import { HostConsole } from './host-console';

/** `/host/:eventId`: checks who may host, then shows the console. */
export function HostPage() {
  const { eventId = '' } = useParams();
  const { t } = useI18n();
  const { user, status } = useAuth();
  const location = useLocation();
  const summary = useEventSummary(eventId);

  if (status === 'loading' || summary.loading) {
    return <p className={cx(layout.page, text.muted)} role="status">{t('common.loading')}</p>;
  }
  if (!user) {
    return (
      <Gate title={t('host.title')}>
        <p>{t('host.signInFirst')}</p>
        <Link className={buttonClass('primary')} to={signInHref(location.pathname)}>
          {t('nav.signIn')}
        </Link>
      </Gate>
    );
  }
  if (!summary.event) {
    const code = summary.error?.code ?? 'NOT_FOUND';
    return (
      <Gate title={t('host.title')}>
        <p>{code === 'NOT_FOUND' ? t('theatre.notFound') : t(errorMessage(code).key)}</p>
        <Link className={buttonClass()} to="/">
          {t('nav.backToLobby')}
        </Link>
      </Gate>
    );
  }
  if (!canHost(user, summary.event)) return <NotAHost event={summary.event} user={user} />;
  return <HostConsole event={summary.event} />;
}

function NotAHost({ event, user }: { event: EventSummary; user: PublicUser }) {
  const { t } = useI18n();
  return (
    <Gate title={event.title}>
      <p data-testid="host-forbidden">{t('host.notAHost', { name: user.displayName })}</p>
      <Link className={buttonClass()} to={`/events/${encodeURIComponent(event.id)}`}>
        {t('host.watchInstead')}
      </Link>
    </Gate>
  );
}
