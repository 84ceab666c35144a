import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ReloadBanner } from '../app/reload-banner';
import { useAuth } from '../auth/auth-context';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { ShareButton } from '../share/share-poster';
import { Tabs } from '../ui/tabs';
import { CategoryPanel } from './category-panel';
import { PhaseBadge } from './phase-badge';
import { PhaseTimeline } from './phase-timeline';
import { useAward } from './use-award';
import styles from './award-page.module.css';
import { useDocumentTitle } from '../app/access-gate';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/**
 * `/awards/:awardId`: a programme's timeline, one tab per category with its nominees (and Vote
 * buttons while voting is open), live tallies where the organiser shows them, and the results as
 * they are revealed. `?category=<id>` selects a tab.
 */
export function AwardPage() {
  const { awardId = '' } = useParams();
  const { t, locale } = useI18n();
  const { user, status } = useAuth();
  const [search, setSearch] = useSearchParams();
  const view = useAward(awardId, user?.id ?? null);
  const { programme } = view;
  const title = programme ? localized(programme.title, locale) : awardId;

  useDocumentTitle(title);

  if (view.error) {
    const notFound = view.error.code === 'NOT_FOUND';
    const m = errorMessage(view.error.code, view.error.details);
    return (
      <div className={cx(layout.page, layout.narrow, layout.emptyState)}>
        <h1>{notFound ? t('awards.notFound') : t(m.key, m.params)}</h1>
        <div className={layout.row}>
          {!notFound && (
            <button type="button" className={buttonClass()} onClick={view.reload}>
              {t('common.retry')}
            </button>
          )}
          <Link className={buttonClass()} to="/awards">
            {t('awards.backToList')}
          </Link>
        </div>
      </div>
    );
  }
  if (!programme) {
    return (
      <div className={layout.page} aria-busy="true">
        <p className={text.muted} role="status">
          {t('common.loading')}
        </p>
      </div>
    );
  }

  const selected = programme.categories.find((c) => c.id === search.get('category')) ?? programme.categories[0];
  const select = (categoryId: string) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('category', categoryId);
        return next;
      },
      { replace: true },
    );
  const isJudge = user !== null && (user.role === 'judge' || programme.judgeIds.includes(user.id));

  return (
    <div className={layout.page} data-testid="award-page" data-award-id={programme.id}>
      {view.protocolMismatch && <ReloadBanner />}
      <Link className={cx(styles.back, text.small)} to="/awards">
        {t('awards.backToList')}
      </Link>
      <header className={styles.head}>
        <div>
          <h1>{title}</h1>
          {programme.summary && <p className={text.muted}>{localized(programme.summary, locale)}</p>}
        </div>
        <div className={layout.row}>
          <PhaseBadge phase={programme.phase} />
          {programme.phase !== 'draft' && <ShareButton target={{ title, kind: 'award' }} />}
          {programme.eventId && (
            <Link className={buttonClass('ghost')} to={`/events/${encodeURIComponent(programme.eventId)}`} data-testid="award-ceremony-link">
              {t('awards.watchCeremony')}
            </Link>
          )}
          {isJudge && (
            <Link className={buttonClass('ghost')} to={`/awards/${encodeURIComponent(programme.id)}/judge`} data-testid="award-judge-link">
              {t('awards.judgeLink')}
            </Link>
          )}
          {user?.role === 'admin' && (
            <Link className={buttonClass('ghost')} to={`/awards/${encodeURIComponent(programme.id)}/admin`} data-testid="award-admin-link">
              {t('awards.adminLink')}
            </Link>
          )}
        </div>
      </header>
      <PhaseTimeline schedule={programme.schedule} phase={programme.phase} />

      <Tabs
        label={t('awards.categories')}
        value={selected?.id}
        onValueChange={select}
        items={programme.categories.map((c) => ({
          value: c.id,
          testId: `award-category-tab-${c.id}`,
          label: (
            <>
              {localized(c.title, locale)} <span className={text.count}>{c.entries.length}</span>
            </>
          ),
          content: (
            <CategoryPanel
              key={c.id}
              category={c}
              phase={programme.phase}
              result={view.results?.get(c.id)}
              mine={view.mine[c.id]}
              signedIn={status === 'ready' ? user !== null : null}
              sending={view.sending}
              onVote={view.vote}
            />
          ),
        }))}
      />
    </div>
  );
}
