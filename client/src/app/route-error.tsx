import { Link, isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Shown when a route fails to load (e.g. a lazy chunk after a deploy) or throws. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className={cx(layout.page, layout.narrow, layout.emptyState)}>
      <h1>{notFound ? t('page.notFound') : t('page.error')}</h1>
      <p className={text.muted}>{notFound ? t('page.notFoundHint') : t('page.errorHint')}</p>
      <p className={layout.row}>
        <Link className={buttonClass()} to="/">
          {t('nav.backToLobby')}
        </Link>
        {!notFound && (
          <button className={buttonClass('ghost')} type="button" onClick={() => window.location.reload()}>
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
    <div className={cx(layout.page, layout.narrow, layout.emptyState)}>
      <h1>{t('page.notFound')}</h1>
      <p className={text.muted}>{t('page.notFoundHint')}</p>
      <Link className={buttonClass()} to="/">
        {t('nav.backToLobby')}
      </Link>
    </div>
  );
}
