import type { ChatMessage } from '@yunzhan/shared';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import parts from './chat-parts.module.css';
import styles from './pinned-bar.module.css';
import { RoleBadge } from './role-badge';

/** The pinned messages above the log: the newest one, and the rest on demand. */
export function PinnedBar({ pinned }: { pinned: readonly ChatMessage[] }) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  if (pinned.length === 0) return null;
  const shown = expanded ? pinned : pinned.slice(0, 1);
  return (
    <div className={styles.pinned} data-testid="chat-pinned" aria-label={t('chat.pinned')} role="region">
      <ul>
        {shown.map((m) => (
          <li key={m.id} data-testid="chat-pinned-message" data-message-id={m.id}>
            <span className={parts.tag}>{t('chat.pinnedTag')}</span> <span className={parts.author}>{m.displayName}</span> <RoleBadge badge={m.badge} />{' '}
            <span className={parts.text}>{m.text}</span>
          </li>
        ))}
      </ul>
      {pinned.length > 1 && (
        <button type="button" className={parts.action} aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? t('chat.pinnedLess') : t('chat.pinnedMore', { count: pinned.length - 1 })}
        </button>
      )}
    </div>
  );
}
