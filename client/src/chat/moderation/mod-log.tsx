import type { ModerationAction, ModerationLogEntry } from '@yunzhan/shared';
import type { Translate } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { buttonClass } from '../../ui/button';
import parts from '../chat-parts.module.css';
import styles from './mod-list.module.css';
import type { RunAction } from './moderation-drawer';
import { cx } from '../../ui/class-names';
import textStyles from '../../ui/text.module.css';

/** Display names and message excerpts the client knows, to show instead of bare ids. */
export interface ModLookup {
  name: (userId: string) => string;
  excerpt: (messageId: string) => string;
}

/** A lookup that knows nothing: ids stay ids. */
export const NO_LOOKUP: ModLookup = { name: (id) => id, excerpt: (id) => id };

/** A log line's action in words (user text, such as a keyword, stays plain text). */
export function describeAction(a: ModerationAction, t: Translate, lookup: ModLookup = NO_LOOKUP): string {
  switch (a.type) {
    case 'mute':
      return t('mod.log.mute', { user: lookup.name(a.userId), count: Math.round(a.seconds / 60) });
    case 'unmute':
    case 'ban':
    case 'unban':
    case 'moderator-add':
    case 'moderator-remove':
      return t(`mod.log.${a.type}`, { user: lookup.name(a.userId) });
    case 'slow-mode':
      return t('mod.log.slow-mode', { seconds: a.seconds });
    case 'members-only':
      return t(a.on ? 'mod.log.members-only-on' : 'mod.log.members-only-off');
    case 'keyword-add':
      return t('mod.log.keyword-add', { phrase: a.phrase, action: t(`mod.keyword.${a.action}`) });
    case 'keyword-remove':
      return t('mod.log.keyword-remove', { id: a.ruleId });
    case 'report-dismiss':
      return t('mod.log.report-dismiss', { id: a.reportId });
    default:
      return t(`mod.log.${a.type}`, { id: lookup.excerpt(a.messageId) });
  }
}

/** The moderation log, newest first; a mute or ban can be lifted from its line. */
export function ModLog({ log, run, lookup }: { log: readonly ModerationLogEntry[]; run: RunAction; lookup: ModLookup }) {
  const { t, formatDateTime } = useI18n();
  const entries = [...log].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (entries.length === 0) return <p className={cx(textStyles.muted, textStyles.small)}>{t('mod.logEmpty')}</p>;
  return (
    <ol className={styles.list} data-testid="mod-log">
      {entries.map((e) => (
        <li key={e.id} className={styles.item} data-testid="mod-log-entry" data-type={e.action.type}>
          <span className={parts.meta}>
            <time className={parts.time} dateTime={e.at}>
              {formatDateTime(e.at)}
            </time>
            <span className={cx(textStyles.small, textStyles.muted)}>{t('mod.log.by', { user: lookup.name(e.moderatorId) })}</span>
          </span>
          <span className={parts.text}>{describeAction(e.action, t, lookup)}</span>
          {(e.action.type === 'mute' || e.action.type === 'ban') && (
            <button
              type="button"
              className={buttonClass('small', 'ghost')}
              onClick={() => void run({ type: e.action.type === 'mute' ? 'unmute' : 'unban', userId: (e.action as { userId: string }).userId })}
            >
              {e.action.type === 'mute' ? t('mod.unmute') : t('mod.unban')}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
