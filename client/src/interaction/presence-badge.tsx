import { ViewersIcon } from '../app/icons';
import { useI18n } from '../i18n/i18n';
import text from '../ui/text.module.css';

/** How many are watching: exact, or "≈ n" when the server estimates a huge room. */
export function PresenceBadge({ presence }: { presence: { count: number; approximate: boolean } }) {
  const { t } = useI18n();
  const label = presence.approximate ? t('presence.approximate', { count: presence.count }) : t('event.viewers', { count: presence.count });
  return (
    <span className={text.viewers} data-testid="viewer-count" data-count={presence.count} data-approximate={presence.approximate} title={label} aria-label={label}>
      <ViewersIcon /> {presence.approximate ? `≈${presence.count}` : presence.count}
    </span>
  );
}
