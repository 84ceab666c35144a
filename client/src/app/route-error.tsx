import { Link, isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';

/** Shown when a route fails to load (e.g. a lazy chunk after a deploy) or throws. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className="page page--narrow empty-state">
      <h1>{notFound ? t('page.notFound') : t('page.error')}</h1>
      <p className="muted">{notFound ? t('page.notFoundHint') : t('page.errorHint')}</p>
      <p className="row">
        <Link className="button" to="/">
          {t('nav.backToLobby')}
        </Link>
        {!notFound && (
          <button className="button button--ghost" type="button" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>
        )}
      </p>
    </div>
  );
}

/** The catch-all route. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page page--narrow empty-state">
      <h1>{t('page.notFound')}</h1>
      <p className="muted">{t('page.notFoundHint')}</p>
      <Link className="button" to="/">
        {t('nav.backToLobby')}
      </Link>
    </div>
  );
}
