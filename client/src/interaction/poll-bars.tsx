import type { PollState } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { pollResults } from './poll-results';
import './interaction.css';

/** A poll's results as horizontal bars with percentages and counts; `mine` marks the viewer's choices. */
export function PollBars({ poll, mine = [] }: { poll: PollState; mine?: readonly number[] }) {
  const { t } = useI18n();
  return (
    <ol className="poll-bars" aria-label={t('poll.results')}>
      {pollResults(poll).map((r) => (
        <li
          key={r.index}
          className={r.leading ? 'poll-bar poll-bar--leading' : 'poll-bar'}
          data-testid={`poll-result-${r.index}`}
          data-votes={r.votes}
          data-percent={r.percent}
        >
          <span className="poll-bar__label">
            <span className="poll-bar__text">
              {r.text}
              {mine.includes(r.index) && <span className="chat__tag">{t('poll.yourChoice')}</span>}
            </span>
            <span className="poll-bar__figure">{t('poll.figure', { percent: r.percent, count: r.votes })}</span>
          </span>
          <span className="poll-bar__track" aria-hidden="true">
            <span className="poll-bar__fill" style={{ width: `${r.percent}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
