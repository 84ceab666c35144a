import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { LOCALE_OPTIONS, useI18n } from '../i18n/i18n';
import { isLocale } from '../i18n/locale';
import { signInHref } from '../lib/safe-next';
import { DisplayMenu } from './display-menu';
import { applyDisplaySettings, readDisplaySettings } from './display-settings';

// Large text and high contrast apply before the first render, so a page never flashes without them.
applyDisplaySettings(readDisplaySettings());

/** The page frame: header with the brand, navigation, language switch and account. */
export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const { user, status, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const here = location.pathname + location.search;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="header">
        <Link to="/" className="brand" aria-label={t('app.name')}>
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
        </Link>
        <nav className="header__nav" aria-label={t('nav.main')}>
          <NavLink to="/" end>
            {t('nav.lobby')}
          </NavLink>
          <NavLink to="/awards" data-testid="nav-awards">
            {t('nav.awards')}
          </NavLink>
          {(user?.role === 'host' || user?.role === 'admin') && (
            <NavLink to="/upload" data-testid="nav-upload">
              {t('nav.upload')}
            </NavLink>
          )}
          {(user?.role === 'curator' || user?.role === 'admin') && (
            <NavLink to="/works" data-testid="nav-works">
              {t('nav.works')}
            </NavLink>
          )}
          {(user?.role === 'curator' || user?.role === 'admin') && (
            <NavLink to="/curate" data-testid="nav-curate">
              {t('nav.curate')}
            </NavLink>
          )}
          {user?.role === 'admin' && (
            <NavLink to="/admin/reviews" data-testid="nav-reviews">
              {t('nav.reviews')}
            </NavLink>
          )}
          {user?.role === 'admin' && (
            <NavLink to="/admin/jobs" data-testid="nav-jobs">
              {t('nav.jobs')}
            </NavLink>
          )}
        </nav>
        <div className="header__tools">
          <DisplayMenu />
          <label className="visually-hidden" htmlFor="language-switch">
            {t('nav.language')}
          </label>
          <select
            id="language-switch"
            data-testid="language-switch"
            className="select select--compact"
            value={locale}
            onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
          >
            {LOCALE_OPTIONS.map((o) => (
              <option key={o.locale} value={o.locale} lang={o.locale}>
                {o.label}
              </option>
            ))}
          </select>
          {status === 'ready' &&
            (user ? (
              <>
                <Link to="/account" className="header__user" title={user.username} data-testid="nav-account">
                  {user.displayName}
                </Link>
                <button className="button button--ghost" type="button" onClick={() => void signOut().then(() => navigate('/'))}>
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              location.pathname !== '/sign-in' && (
                <Link className="button button--ghost" to={signInHref(here)}>
                  {t('nav.signIn')}
                </Link>
              )
            ))}
        </div>
      </header>
      {/* tabIndex -1: the skip link's target takes the focus, so the next Tab starts inside it. */}
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
