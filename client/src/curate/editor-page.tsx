import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { fetchWorks } from '../works/works-api';
import { fetchExhibition } from './curate-api';
import { ExhibitionEditor } from './exhibition-editor';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';

/**
 * The editor works on its own copy from the moment it opens (autosave, undo): it is read once per
 * visit, never refreshed behind the curator's back, and not kept after the page closes.
 */
const ONCE_PER_VISIT = { staleTime: Infinity, gcTime: 0, refetchOnReconnect: false } as const;

/** `/curate/:exhibitionId`: loads the exhibition and the curator's works, then the editor. */
export function EditorPage() {
  const { exhibitionId = '' } = useParams();
  const { user, status } = useAuth();
  const { t } = useI18n();
  const allowed = user?.role === 'curator' || user?.role === 'admin';
  const exhibition = useQuery({ queryKey: queryKeys.exhibitions.detail(exhibitionId), queryFn: () => fetchExhibition(exhibitionId), enabled: allowed, ...ONCE_PER_VISIT });
  // The library may be cached from another page: read it afresh once on opening, then keep it.
  const works = useQuery({ queryKey: queryKeys.works.list(), queryFn: () => fetchWorks(), enabled: allowed, refetchOnMount: 'always', staleTime: Infinity, refetchOnReconnect: false });
  const failure = exhibition.error ?? works.error;
  const load = failure
    ? ({ state: 'error', error: toClientError(failure) } as const)
    : exhibition.data && works.data && works.isFetchedAfterMount
      ? ({ state: 'ready', exhibition: exhibition.data, works: works.data } as const)
      : ({ state: 'loading' } as const);

  if (status === 'loading') return <div className={layout.page} aria-busy="true" />;
  if (!allowed) {
    return (
      <div className={layout.page}>
        <p className={calloutClass('warning')} data-testid="curate-forbidden">
          {t('curate.curatorsOnly')}
        </p>
      </div>
    );
  }
  if (load.state === 'loading') {
    return (
      <div className={cx(layout.page, layout.emptyState)} aria-busy="true" data-testid="editor-loading">
        <p role="status">{t('editor.loading')}</p>
      </div>
    );
  }
  if (load.state === 'error') {
    const message = errorMessage(load.error.code, load.error.details);
    return (
      <div className={layout.page}>
        <p className={calloutClass('error')} role="alert" data-testid="editor-error" data-code={load.error.code}>
          {t(message.key, message.params)}
        </p>
        <Link to="/curate" className={buttonClass()}>
          {t('editor.back')}
        </Link>
      </div>
    );
  }
  return <ExhibitionEditor key={exhibitionId} exhibition={load.exhibition} works={load.works.filter((w) => w.status === 'ready')} />;
}
