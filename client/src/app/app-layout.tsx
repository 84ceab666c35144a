import type { PublicUser } from '@yunzhan/shared';
import type { ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { LOCALE_OPTIONS, useI18n } from '../i18n/i18n';
import { isLocale } from '../i18n/locale';
import { signInHref } from '../lib/safe-next';
import { buttonClass } from '../ui/button';
import controls from '../ui/controls.module.css';
import { cx } from '../ui/class-names';
import type { MenuItem } from '../ui/menu';
import { AppToasts } from './app-toasts';
import displayMenu from './display-menu.module.css';
import { DisplayMenu } from './display-menu';
import { PHONE_NAV_QUERY, PhoneNavMenu } from './phone-nav-menu';
import { useMediaQuery } from './use-media-query';
import { applyDisplaySettings, readDisplaySettings } from './display-settings';
import styles from './app-layout.module.css';

/** One link of the header's main navigation: where it goes, its words and who sees it. */
interface NavLinkSpec {
  to: string;
  label: 'nav.lobby' | 'nav.awards' | 'nav.upload' | 'nav.works' | 'nav.curate' | 'nav.reviews' | 'nav.jobs';
  testId: string;
  /** The roles that see it; absent: everyone. */
  roles?: readonly PublicUser['role'][];
}

/** The header's links, in order; the wide header and the phone menu both show them. */
const NAV_LINKS: readonly NavLinkSpec[] = [
  { to: '/', label: 'nav.lobby', testId: 'nav-lobby' },
  { to: '/awards', label: 'nav.awards', testId: 'nav-awards' },
  { to: '/upload', label: 'nav.upload', testId: 'nav-upload', roles: ['host', 'admin'] },
  { to: '/works', label: 'nav.works', testId: 'nav-works', roles: ['curator', 'admin'] },
  { to: '/curate', label: 'nav.curate', testId: 'nav-curate', roles: ['curator', 'admin'] },
  { to: '/admin/reviews', label: 'nav.reviews', testId: 'nav-reviews', roles: ['admin'] },
  { to: '/admin/jobs', label: 'nav.jobs', testId: 'nav-jobs', roles: ['admin'] },
];

// Large text and high contrast apply before the first render, so a page never flashes without them.
applyDisplaySettings(readDisplaySettings());

/** The header's language switch: a native select, its label hidden in the header's row, shown in the display menu. */
function LanguageSwitch({ visibleLabel }: { visibleLabel: boolean }) {
  const { t, locale, setLocale } = useI18n();
  const select = (
    <select
      id="language-switch"
      data-testid="language-switch"
      className={cx(controls.select, controls.compact)}
      value={locale}
      onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
    >
      {LOCALE_OPTIONS.map((o) => (
        <option key={o.locale} value={o.locale} lang={o.locale}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return visibleLabel ? (
    <label className={displayMenu.option}>
      {t('nav.language')}
      {select}
    </label>
  ) : (
    <>
      <label className="visually-hidden" htmlFor="language-switch">
        {t('nav.language')}
      </label>
      {select}
    </>
  );
}

/**
 * The page frame: header with the brand, navigation, display settings, language switch and
 * account; the app's notifications region. On a phone (below 520 px) the header keeps one row
 * at any text size and in either language: the brand shows its mark, the links and the sign-in or
 * sign-out go into the menu button, and the language switch into the display menu.
 */
export function AppLayout() {
  const { t } = useI18n();
  const { user, status, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const narrow = useMediaQuery(PHONE_NAV_QUERY);
  const here = location.pathname + location.search;
  const links = NAV_LINKS.filter((link) => !link.roles || (user !== null && link.roles.includes(user.role)));
  const signOutAndLeave = () => void signOut().then(() => navigate('/'));
  // The account's one control: sign out, or sign in (not on the sign-in page itself); none until the session is known.
  const account: { label: string; to?: string; onSelect: () => void } | null =
    status !== 'ready' ? null : user ? { label: t('nav.signOut'), onSelect: signOutAndLeave } : location.pathname !== '/sign-in' ? { label: t('nav.signIn'), to: signInHref(here), onSelect: () => navigate(signInHref(here)) } : null;
  const menuItems: MenuItem[] = links.map((link) => ({
    label: t(link.label),
    testId: `nav-menu-${link.testId.replace(/^nav-/, '')}`,
    onSelect: () => navigate(link.to),
  }));
  if (account) menuItems.push({ label: account.label, testId: user ? 'nav-menu-sign-out' : 'nav-menu-sign-in', onSelect: account.onSelect });
  let accountControls: ReactNode = null;
  if (account && user) {
    accountControls = (
      <>
        <Link to="/account" className={styles.user} title={user.username} data-testid="nav-account">
          {user.displayName}
        </Link>
        <button className={buttonClass('ghost')} type="button" onClick={account.onSelect}>
          {account.label}
        </button>
      </>
    );
  } else if (account?.to) {
    accountControls = (
      <Link className={buttonClass('ghost')} to={account.to}>
        {account.label}
      </Link>
    );
  }

  return (
    <AppToasts>
      <div className={styles.app}>
        <a className={styles.skipLink} href="#main" data-testid="skip-link">
          {t('nav.skip')}
        </a>
        <header className={styles.header}>
          <Link to="/" className={styles.brand} aria-label={t('app.name')}>
            <span className={styles.brandMark} aria-hidden="true" />
            <span className={styles.brandName}>{t('app.name')}</span>
          </Link>
          <nav className={styles.nav} aria-label={t('nav.main')}>
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.to === '/'} data-testid={link.testId}>
                {t(link.label)}
              </NavLink>
            ))}
          </nav>
          {/* Below 520 px the links above are hidden; the same links, for the same role, and the sign-in or sign-out, in a menu button. */}
          <div className={styles.menu}>
            <PhoneNavMenu
              label={t('nav.menu')}
              icon={
                <>
                  <span>☰</span> {t('nav.menu')}
                </>
              }
              align="start"
              triggerClassName={styles.menuTrigger}
              triggerTestId="nav-menu"
              testId="nav-menu-list"
              items={menuItems}
            />
          </div>
          <div className={styles.tools}>
            <DisplayMenu>{narrow && <LanguageSwitch visibleLabel />}</DisplayMenu>
            {!narrow && <LanguageSwitch visibleLabel={false} />}
            {!narrow && accountControls}
          </div>
        </header>
        {/* tabIndex -1: the skip link's target takes the focus, so the next Tab starts inside it. */}
        <main id="main" className={styles.main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </AppToasts>
  );
}
