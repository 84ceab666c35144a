import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { signInHref } from '../lib/safe-next';

/** The narrow callout a page shows instead of itself: a title and what to do about it. */
export function Gate({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page page--narrow">
      <div className="callout gate">
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
        <Link className="button button--primary" to={signInHref(location.pathname)}>
          {t('nav.signIn')}
        </Link>
      )}
    </Gate>
  );
}
