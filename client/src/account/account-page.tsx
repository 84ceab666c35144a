import { useState, type FormEvent } from 'react';
import { RoleGate, useDocumentTitle } from '../app/access-gate';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import * as api from '../lib/api';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { signUpFeedback } from '../sign-in/sign-up-feedback';

// The sign-up page's hint for the browser (the server's strength check decides).
const PASSWORD_MIN_LENGTH = 12;

/** `/account`: who is signed in, and a new password (which signs every other device out). */
export function AccountPage() {
  const { t } = useI18n();
  useDocumentTitle(t('account.title'));
  return (
    <RoleGate allows={(user) => user !== null} title={t('account.title')} signInFirst={t('account.signInFirst')} notAllowed={t('account.signInFirst')} testId="account-gate">
      <AccountDetails />
    </RoleGate>
  );
}

function AccountDetails() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ message: string; hints: string[] } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      const ce = toClientError(err);
      const wrongCurrent = ce.code === 'VALIDATION_FAILED' && JSON.stringify(ce.details ?? '').includes('currentPassword');
      const m = errorMessage(ce.code, ce.details);
      setError({
        message: wrongCurrent ? t('account.wrongCurrent') : t(m.key, m.params),
        hints: signUpFeedback(ce.code, ce.details).map((h) => t(h.key, h.params)),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page--narrow">
      <div className="auth-card">
        <h1>{t('account.title')}</h1>
        <p className="muted" data-testid="account-user">
          {t('account.signedInAs', { name: user?.displayName ?? '', username: user?.username ?? '' })}
        </p>
        <form className="form" onSubmit={submit} data-testid="password-form" aria-labelledby="password-heading">
          <h2 id="password-heading">{t('account.changePassword')}</h2>
          {/* A username field helps password managers file the new password under the account. */}
          <input type="text" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
          <label className="field">
            <span>{t('account.currentPassword')}</span>
            <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required maxLength={200} data-testid="current-password" />
          </label>
          <label className="field">
            <span>{t('account.newPassword')}</span>
            <input
              type="password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={200}
              data-testid="new-password"
            />
            <small className="muted">{t('auth.passwordHint')}</small>
          </label>
          <p className="muted">{t('account.othersSignedOut')}</p>
          {error && (
            <div className="form__error" role="alert" data-testid="password-error">
              <p>{error.message}</p>
              {error.hints.length > 0 && (
                <ul>
                  {error.hints.map((hint) => (
                    <li key={hint}>{hint}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {done && (
            <p className="callout" role="status" data-testid="password-changed">
              {t('account.changed')}
            </p>
          )}
          <button className="button button--primary button--wide" type="submit" disabled={busy} data-testid="password-submit">
            {busy ? t('common.working') : t('account.save')}
          </button>
        </form>
      </div>
    </div>
  );
}
