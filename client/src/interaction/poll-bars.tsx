import type { PollState } from '@yunzhan/shared';
import parts from '../chat/chat-parts.module.css';
import { useI18n } from '../i18n/i18n';
import { pollResults } from './poll-results';
import styles from './poll-bars.module.css';

/** A poll's results as horizontal bars with percentages and counts; `mine` marks the viewer's choices. */
export function PollBars({ poll, mine = [] }: { poll: PollState; mine?: readonly number[] }) {
  const { t } = useI18n();
  return (
    <ol className={styles.bars} aria-label={t('poll.results')}>
      {pollResults(poll).map((r) => (
        <li
          key={r.index}
          className={r.leading ? styles.leading : undefined}
          data-testid={`poll-result-${r.index}`}
          data-votes={r.votes}
          data-percent={r.percent}
        >
          <span className={styles.label}>
            <span className={styles.text}>
              {r.text}
              {mine.includes(r.index) && <span className={parts.tag}>{t('poll.yourChoice')}</span>}
            </span>
            <span className={styles.figure}>{t('poll.figure', { percent: r.percent, count: r.votes })}</span>
          </span>
          <span className={styles.track} aria-hidden="true">
            <span className={styles.fill} style={{ width: `${r.percent}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
