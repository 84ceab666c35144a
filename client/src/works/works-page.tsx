import type { PublicUser, Work, WorkKind } from '@yunzhan/shared';
import { useMemo, useState } from 'react';
import { Link, useMatch, useNavigate, useParams } from 'react-router-dom';
import { RoleGate, useDocumentTitle } from '../app/access-gate';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { useWorks, type WorksLibrary } from './use-works';
import { WorkCard } from './work-card';
import { WorkDrawer } from './work-drawer';
import { WorkEditor } from './work-editor';
import { WORK_KINDS } from './work-kind';
import { KIND_KEYS } from './work-labels';
import { filterWorks } from './work-library';
import styles from './works-page.module.css';
import { LoadError } from '../app/load-error';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Whether a user may manage the works catalogue: curators and admins. */
export function canCatalogue(user: Pick<PublicUser, 'role'> | null): boolean {
  return user?.role === 'curator' || user?.role === 'admin';
}

/**
 * `/works` (library), `/works/new` (add), `/works/:workId` (detail drawer over the library) and
 * `/works/:workId/edit`: the works catalogue of curators and admins; others see why not.
 */
export function WorksPage() {
  const { t } = useI18n();
  useDocumentTitle(t('works.title'));
  return (
    <RoleGate allows={canCatalogue} title={t('works.title')} signInFirst={t('works.signInFirst')} notAllowed={t('works.notAllowed')} testId="works-forbidden">
      <WorksCatalogue />
    </RoleGate>
  );
}

function WorksCatalogue() {
  const navigate = useNavigate();
  const { workId } = useParams();
  const adding = useMatch('/works/new') !== null;
  const editing = useMatch('/works/:workId/edit') !== null;
  const library = useWorks(true);
  const selected = workId ? (library.works.find((w) => w.id === workId) ?? null) : null;

  const saved = (work: Work) => {
    library.upsert(work);
    navigate(`/works/${encodeURIComponent(work.id)}`);
  };

  if (adding) {
    return (
      <div className={layout.page}>
        <WorkEditor work={null} onSaved={saved} cancelTo="/works" />
      </div>
    );
  }
  if (editing) {
    return (
      <div className={layout.page}>
        {selected ? (
          <WorkEditor key={selected.id} work={selected} onSaved={saved} cancelTo={`/works/${encodeURIComponent(selected.id)}`} />
        ) : (
          <Missing loading={library.status === 'loading'} />
        )}
      </div>
    );
  }
  return (
    <div className={layout.page}>
      <WorksLibraryView library={library} />
      {workId && selected && <WorkDrawer key={selected.id} work={selected} asset={library.assets.get(selected.assetId)} onClose={() => navigate('/works')} />}
      {workId && !selected && library.status !== 'loading' && <Missing loading={false} />}
    </div>
  );
}

function Missing({ loading }: { loading: boolean }) {
  const { t } = useI18n();
  if (loading) return <p className={text.muted} role="status">{t('common.loading')}</p>;
  return (
    <p className={calloutClass('warning')} role="alert" data-testid="work-not-found">
      {t('works.detail.notFound')} <Link to="/works">{t('works.title')}</Link>
    </p>
  );
}

function WorksLibraryView({ library }: { library: WorksLibrary }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<WorkKind | 'all'>('all');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterWorks(library.works, { kind, query }), [library.works, kind, query]);
  const failure = library.error ? errorMessage(library.error.code, library.error.details) : null;

  return (
    <section aria-labelledby="works-heading">
      <div className={cx(layout.row, styles.head)}>
        <h1 id="works-heading">{t('works.title')}</h1>
        <span className={layout.spacer} />
        <Link className={buttonClass('primary')} to="/works/new" data-testid="works-add">
          {t('works.add')}
        </Link>
      </div>
      <div className={cx(layout.row, styles.filters)} role="search">
        <div className={controls.field}>
          <label htmlFor="works-kind">{t('works.filterKind')}</label>
          <select id="works-kind" data-testid="works-kind-filter" className={controls.select} value={kind} onChange={(e) => setKind(e.target.value as WorkKind | 'all')}>
            <option value="all">{t('works.allKinds')}</option>
            {WORK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_KEYS[k])}
              </option>
            ))}
          </select>
        </div>
        <div className={cx(controls.field, styles.search)}>
          <label htmlFor="works-search">{t('works.search')}</label>
          <input id="works-search" data-testid="works-search" type="search" value={query} placeholder={t('works.searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <span className={layout.spacer} />
        <span className={cx(text.muted, text.small)} aria-live="polite" data-testid="works-count">
          {t('works.count', { count: shown.length })}
        </span>
      </div>
      {failure && <LoadError message={t(failure.key, failure.params)} onRetry={library.reload} testId="works-load-error" />}
      {library.status === 'loading' && library.works.length === 0 ? (
        <p className={text.muted} role="status">
          {t('common.loading')}
        </p>
      ) : library.works.length === 0 && !failure ? (
        <p className={layout.emptyState} data-testid="works-empty">
          {t('works.empty')}
        </p>
      ) : shown.length === 0 ? (
        <p className={layout.emptyState} data-testid="works-no-match">
          {t('works.noMatch')}
        </p>
      ) : (
        <ul className={styles.grid} data-testid="works-grid">
          {shown.map((w) => (
            <WorkCard key={w.id} work={w} asset={library.assets.get(w.assetId)} />
          ))}
        </ul>
      )}
    </section>
  );
}
