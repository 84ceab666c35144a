import type { ChatMessage, ChatReport } from '@yunzhan/shared';
import { useI18n } from '../../i18n/i18n';
import { buttonClass } from '../../ui/button';
import parts from '../chat-parts.module.css';
import type { ModLookup } from './mod-log';
import styles from './mod-list.module.css';
import type { RunAction } from './moderation-drawer';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/** The review queue: held messages (approve / delete) and viewers' reports (dismiss / delete). */
export function ModQueueView({ held, reports, run, lookup }: { held: readonly ChatMessage[]; reports: readonly ChatReport[]; run: RunAction; lookup: ModLookup }) {
  const { t, formatTime } = useI18n();
  return (
    <>
      <h3 className={styles.title}>{t('mod.held', { count: held.length })}</h3>
      {held.length === 0 && <p className={cx(text.muted, text.small)}>{t('mod.heldEmpty')}</p>}
      <ul className={styles.list}>
        {held.map((m) => (
          <li key={m.id} className={styles.item} data-testid="mod-held-item" data-message-id={m.id}>
            <span className={parts.meta}>
              <span className={parts.author}>{m.displayName}</span>
              <time className={parts.time} dateTime={m.createdAt}>
                {formatTime(m.createdAt)}
              </time>
              <span className={`${parts.tag} ${parts.held}`}>{t(m.status === 'hidden' ? 'chat.hiddenTag' : 'chat.heldTag')}</span>
            </span>
            <span className={parts.text}>{m.text}</span>
            <span className={layout.row}>
              <button type="button" className={buttonClass('small', 'primary')} data-testid="mod-held-approve" onClick={() => void run({ type: 'approve', messageId: m.id })}>
                {t('mod.approve')}
              </button>
              <button type="button" className={buttonClass('small')} data-testid="mod-held-delete" onClick={() => void run({ type: 'delete', messageId: m.id })}>
                {t('mod.delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <h3 className={styles.title}>{t('mod.reports', { count: reports.length })}</h3>
      {reports.length === 0 && <p className={cx(text.muted, text.small)}>{t('mod.reportsEmpty')}</p>}
      <ul className={styles.list}>
        {reports.map((r) => (
          <li key={r.id} className={styles.item} data-testid="mod-report-item" data-report-id={r.id} data-message-id={r.messageId}>
            <span className={parts.meta}>
              <span className={parts.tag}>{t(`chat.reason.${r.reason}`)}</span>
              <time className={parts.time} dateTime={r.at}>
                {formatTime(r.at)}
              </time>
              <span className={cx(text.small, text.muted)}>{t('mod.reportedBy', { user: lookup.name(r.reporterId) })}</span>
            </span>
            <span className={parts.text}>{lookup.excerpt(r.messageId)}</span>
            {r.note && <span className={cx(parts.text, text.small, text.muted)}>{r.note}</span>}
            <span className={layout.row}>
              <button type="button" className={buttonClass('small')} data-testid="mod-report-dismiss" onClick={() => void run({ type: 'report-dismiss', reportId: r.id })}>
                {t('mod.dismiss')}
              </button>
              <button
                type="button"
                className={buttonClass('small', 'danger')}
                data-testid="mod-report-delete"
                onClick={() => void run({ type: 'delete', messageId: r.messageId }).then((ok) => ok && run({ type: 'report-dismiss', reportId: r.id }))}
              >
                {t('mod.deleteMessage')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
