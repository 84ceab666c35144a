import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { PublicUser } from '@yunzhan/shared';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { signInHref } from '../lib/safe-next';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './access-gate.module.css';

/** The narrow callout a page shows instead of itself: a title and what to do about it. */
export function Gate({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={cx(layout.page, layout.narrow)}>
      <div className={cx(calloutClass(), styles.gate)}>
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}

/**
 * A page's role gate: signed out, it says `signInFirst` with a sign-in link back to this page;
 * signed in without the role, it says `notAllowed`. The message carries `testId`.
 */
export function AccessGate({ title, signedIn, signInFirst, notAllowed, testId }: { title: string; signedIn: boolean; signInFirst: string; notAllowed: string; testId: string }) {
  const { t } = useI18n();
  const location = useLocation();
  return (
    <Gate title={title}>
      <p data-testid={testId}>{signedIn ? notAllowed : signInFirst}</p>
      {!signedIn && (
        <Link className={buttonClass('primary')} to={signInHref(location.pathname)}>
          {t('nav.signIn')}
        </Link>
      )}
    </Gate>
  );
}

/**
 * A page for some roles only: while the session loads it says so; signed out or without a role
 * `allows`, it shows the AccessGate; otherwise its children.
 */
export function RoleGate({ allows, children, ...gate }: { allows: (user: PublicUser | null) => boolean; children: ReactNode } & Omit<Parameters<typeof AccessGate>[0], 'signedIn'>) {
  const { t } = useI18n();
  const { user, status } = useAuth();
  if (status === 'loading') return <p className={cx(layout.page, text.muted)} role="status">{t('common.loading')}</p>;
  if (!allows(user)) return <AccessGate {...gate} signedIn={user !== null} />;
  return children;
}

/** Sets the tab's title to `<title> · <app name>` while the page shows. */
export function useDocumentTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}
