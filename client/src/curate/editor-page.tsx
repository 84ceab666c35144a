import type { Exhibition, Work } from '@yunzhan/shared';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n';
import { toClientError, type ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { fetchWorks } from '../works/works-api';
import { fetchExhibition } from './curate-api';
import { ExhibitionEditor } from './exhibition-editor';
import './curate.css';

type Load = { state: 'loading' } | { state: 'ready'; exhibition: Exhibition; works: Work[] } | { state: 'error'; error: ClientError };

/** `/curate/:exhibitionId`: loads the exhibition and the curator's works, then the editor. */
export function EditorPage() {
  const { exhibitionId = '' } = useParams();
  const { user, status } = useAuth();
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const allowed = user?.role === 'curator' || user?.role === 'admin';

  useEffect(() => {
    if (!allowed) return;
    let cancelled = false;
    setLoad({ state: 'loading' });
    Promise.all([fetchExhibition(exhibitionId), fetchWorks()]).then(
      ([exhibition, works]) => !cancelled && setLoad({ state: 'ready', exhibition, works }),
      (error: unknown) => !cancelled && setLoad({ state: 'error', error: toClientError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [exhibitionId, allowed]);

  if (status === 'loading') return <div className="page" aria-busy="true" />;
  if (!allowed) {
    return (
      <div className="page">
        <p className="callout callout--warning" data-testid="curate-forbidden">
          {t('curate.curatorsOnly')}
        </p>
      </div>
    );
  }
  if (load.state === 'loading') {
    return (
      <div className="page empty-state" aria-busy="true" data-testid="editor-loading">
        <p role="status">{t('editor.loading')}</p>
      </div>
    );
  }
  if (load.state === 'error') {
    const message = errorMessage(load.error.code, load.error.details);
    return (
      <div className="page">
        <p className="callout callout--error" role="alert" data-testid="editor-error" data-code={load.error.code}>
          {t(message.key, message.params)}
        </p>
        <Link to="/curate" className="button">
          {t('editor.back')}
        </Link>
      </div>
    );
  }
  return <ExhibitionEditor key={exhibitionId} exhibition={load.exhibition} works={load.works.filter((w) => w.status === 'ready')} />;
}
