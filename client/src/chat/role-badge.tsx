import type { ChatBadge } from '@yunzhan/shared';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import styles from './role-badge.module.css';

/** The dictionary key of each badge's label ("主持人" / "Host"). */
export const BADGE_LABELS: Readonly<Record<ChatBadge, MessageKey>> = {
  admin: 'chat.badge.admin',
  host: 'chat.badge.host',
  moderator: 'chat.badge.moderator',
  curator: 'chat.badge.curator',
};

/**
 * The author's role beside their name, as the server decided it. A word, not only a colour, so
 * screen readers and colour-blind viewers get it too; a look-alike name never has one.
 */
export function RoleBadge({ badge }: { badge: ChatBadge | null }) {
  const { t } = useI18n();
  if (!badge) return null;
  return (
    <span className={badge === 'host' ? styles.badge : `${styles.badge} ${styles[badge]}`} data-testid="chat-badge" data-badge={badge}>
      {t(BADGE_LABELS[badge])}
    </span>
  );
}
