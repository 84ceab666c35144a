import type { PublicUser } from '@yunzhan/shared';
import { useRef, type ReactNode } from 'react';
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
import { useFitsInRow } from './use-fits-in-row';
import { useMediaQuery } from './use-media-query';
import { applyDisplaySettings, readDisplaySettings, useLargeText } from './display-settings';
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

/** Where the header's gaps narrow and the user's name leaves the row; the same width as app-layout.module.css's. */
const HEADER_MID_QUERY = '(max-width: 900px)';

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
 * account; the app's notifications region. The header is one row at any width, text size and
 * language, and never wider than the screen: where the row's links and tools do not fit (always
 * below 520 px, and wherever the measured row is wider than the header: an admin's seven links,
 * English words, large text), the links and the sign-in or sign-out go into the menu button and
 * the language switch into the display menu; below 520 px the brand shows its mark only.
 */
export function AppLayout() {
  const { t, locale } = useI18n();
  const { user, status, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const narrow = useMediaQuery(PHONE_NAV_QUERY);
  const mid = useMediaQuery(HEADER_MID_QUERY);
  const largeText = useLargeText();
  const header = useRef<HTMLElement>(null);
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
  // Everything the full row's width depends on besides the header's own width.
  const rowKey = JSON.stringify([locale, menuItems.map((item) => item.label), user?.displayName ?? null, largeText, mid]);
  const fits = useFitsInRow(header, rowKey, !narrow);
  const compact = narrow || !fits;
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
        {/* Busy until the session is known: its links and account control are a visitor's until then. */}
        <header ref={header} className={cx(styles.header, compact && styles.compact)} aria-busy={status === 'loading' || undefined}>
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
          {/* Where the row does not fit, the links above are hidden; the same links, for the same role, and the sign-in or sign-out, in a menu button. */}
          <div className={styles.menu}>
            <PhoneNavMenu
              shown={compact}
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
            <DisplayMenu>{compact && <LanguageSwitch visibleLabel />}</DisplayMenu>
            {!compact && <LanguageSwitch visibleLabel={false} />}
            {!compact && accountControls}
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
