import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { useI18n, type Translate } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { safeNextPath } from '../lib/safe-next';
import { useDocumentTitle } from '../app/access-gate';
import { signUpFeedback } from './sign-up-feedback';

type Mode = 'sign-in' | 'sign-up';

// shared's PASSWORD_MIN_LENGTH, copied so this page does not pull zod in: only the browser's hint,
// the server's strength check decides (and says the length it wants in PASSWORD_WEAK).
const PASSWORD_MIN_LENGTH = 12;

/** A failed sign-in or sign-up, worded for the form it came from, with what to change. */
interface AuthError {
  message: string;
  hints: string[];
}

/** The message for a failed sign-in or sign-up, worded for the form it came from. */
function describeAuthError(error: unknown, mode: Mode, t: Translate): AuthError {
  const e = toClientError(error);
  if (mode === 'sign-in' && (e.code === 'UNAUTHENTICATED' || e.code === 'NOT_FOUND')) return { message: t('auth.badCredentials'), hints: [] };
  // One answer whether the name is taken or kept for staff: the server does not say which.
  if (mode === 'sign-up' && e.code === 'SIGN_UP_REFUSED') return { message: t('auth.signUpRefused'), hints: [] };
  const m = errorMessage(e.code, e.details);
  const hints = mode === 'sign-up' ? signUpFeedback(e.code, e.details).map((h) => t(h.key, h.params)) : [];
  return { message: t(m.key, m.params), hints };
}

/** `/sign-in`: sign in or create an account, then go back to `?next=`. */
export function SignInPage() {
  const { t } = useI18n();
  const { user, signIn, signUp } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next'));
  const [mode, setMode] = useState<Mode>('sign-in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);

  useDocumentTitle(t(mode === 'sign-in' ? 'auth.signInTitle' : 'auth.signUpTitle'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'sign-in') await signIn(username.trim(), password);
      else await signUp(username.trim(), password, displayName.trim() || undefined);
      navigate(next, { replace: true });
    } catch (err) {
      setError(describeAuthError(err, mode, t));
      setBusy(false);
    }
  };

  const switchMode = (m: Mode) => {
    setMode(m);
    setError(null);
  };

  return (
    <div className="page page--narrow">
      <div className="auth-card">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'sign-in'} className="tabs__tab" onClick={() => switchMode('sign-in')}>
            {t('auth.signInTitle')}
          </button>
          <button type="button" role="tab" aria-selected={mode === 'sign-up'} className="tabs__tab" onClick={() => switchMode('sign-up')} data-testid="sign-up-tab">
            {t('auth.signUpTitle')}
          </button>
        </div>
        {user && (
          <p className="callout">
            {t('auth.alreadySignedIn', { name: user.displayName })} <Link to={next}>{t('auth.continue')}</Link>
          </p>
        )}
        <form className="form" onSubmit={submit} data-testid={mode === 'sign-in' ? 'sign-in-form' : 'sign-up-form'}>
          <label className="field">
            <span>{t('auth.username')}</span>
            <input
              data-testid={mode === 'sign-in' ? 'sign-in-username' : 'sign-up-username'}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              required
              minLength={mode === 'sign-up' ? 3 : 1}
              maxLength={32}
              pattern={mode === 'sign-up' ? '[A-Za-z0-9_.\\-]+' : undefined}
              title={mode === 'sign-up' ? t('auth.usernameHint') : undefined}
              autoFocus
            />
            {mode === 'sign-up' && <small className="muted">{t('auth.usernameHint')}</small>}
          </label>
          {mode === 'sign-up' && (
            <label className="field">
              <span>{t('auth.displayName')}</span>
              <input data-testid="sign-up-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="nickname" maxLength={40} />
            </label>
          )}
          <label className="field">
            <span>{t('auth.password')}</span>
            <input
              data-testid={mode === 'sign-in' ? 'sign-in-password' : 'sign-up-password'}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
              required
              minLength={mode === 'sign-up' ? PASSWORD_MIN_LENGTH : 1}
              maxLength={200}
            />
            {mode === 'sign-up' && <small className="muted">{t('auth.passwordHint')}</small>}
          </label>
          {error && (
            <div className="form__error" role="alert" data-testid="auth-error">
              <p>{error.message}</p>
              {error.hints.length > 0 && (
                <ul data-testid="auth-error-hints">
                  {error.hints.map((hint) => (
                    <li key={hint}>{hint}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <button className="button button--primary button--wide" type="submit" disabled={busy} data-testid={mode === 'sign-in' ? 'sign-in-submit' : 'sign-up-submit'}>
            {busy ? t('common.working') : mode === 'sign-in' ? t('auth.signInAction') : t('auth.signUpAction')}
          </button>
        </form>
      </div>
    </div>
  );
}
