import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { fetchOpenExhibitions } from '../lib/api';
import { buttonClass } from '../ui/button';
import card from '../ui/card.module.css';
import textStyles from '../ui/text.module.css';
import styles from './lobby-page.module.css';

/** Reads a LocalizedText in the current language (English falls back to zh-CN). */
function text(value: { 'zh-CN': string; en: string } | undefined, locale: string): string {
  if (!value) return '';
  return locale === 'en' && value.en.trim() ? value.en : value['zh-CN'];
}

/**
 * The lobby's list of open (approved) exhibitions, each linking to its hall. Hidden while
 * loading, when the list is empty and when it cannot be fetched: events stay the lobby's focus.
 */
export function ExhibitionSection() {
  const { t, locale } = useI18n();
  const { data: exhibitions = [] } = useQuery({ queryKey: queryKeys.exhibitions.list(), queryFn: fetchOpenExhibitions });
  if (exhibitions.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="lobby-exhibitions" data-testid="lobby-exhibitions">
      <h2 id="lobby-exhibitions">
        {t('lobby.exhibitions')} <span className={textStyles.count}>{exhibitions.length}</span>
      </h2>
      <div className={card.grid}>
        {exhibitions.map((e) => {
          const href = `/exhibitions/${encodeURIComponent(e.id)}`;
          return (
            <article key={e.id} className={card.card} data-testid="exhibition-card" data-exhibition-id={e.id}>
              {e.cover?.startsWith('/') && <img src={e.cover} alt="" loading="lazy" style={{ width: '100%', aspectRatio: '16 / 9', objectFit: 'cover', borderRadius: 6 }} />}
              <h3 className={card.title}>
                <Link to={href}>{text(e.title, locale)}</Link>
              </h3>
              <p className={card.when}>{t('lobby.exhibitionWorks', { count: e.workCount })}</p>
              {text(e.summary, locale) && <p className={card.description}>{text(e.summary, locale)}</p>}
              <div className={card.actions}>
                <Link className={buttonClass('primary')} to={href}>
                  {t('lobby.visitExhibition')}
                </Link>
              </div>
            </article>
          );
        })}
      </div>
    </section>
  );
}
