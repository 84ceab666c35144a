import type { PollState } from '@yunzhan/shared';
import parts from '../chat/chat-parts.module.css';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { PollBars } from './poll-bars';
import styles from './poll-card.module.css';
import { validChoices } from './poll-results';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

interface PollCardProps {
  poll: PollState;
  /** The viewer's ballot, if they voted. */
  ballot: readonly number[] | undefined;
  /** Whether the viewer may vote (signed in). */
  canVote: boolean;
  onVote: (pollId: string, choices: number[]) => Promise<void>;
}

/** A poll for viewers: vote buttons while open and not voted, then live (or final) result bars. */
export function PollCard({ poll, ballot, canVote, onVote }: PollCardProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const voting = poll.open && ballot === undefined;

  const submit = async (choices: number[]) => {
    if (!validChoices(poll, choices) || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onVote(poll.id, choices);
    } catch (e) {
      const clientError = toClientError(e);
      if (clientError.code !== 'CONFLICT') {
        const m = errorMessage(clientError.code, clientError.details);
        setError(t(m.key, m.params));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.card} data-testid="poll-card" data-poll-id={poll.id} data-open={poll.open} aria-labelledby={`poll-${poll.id}`}>
      <p className={cx(styles.eyebrow, text.small, text.muted)}>{poll.open ? t('poll.live') : t('poll.closed')}</p>
      <h3 className={styles.question} id={`poll-${poll.id}`}>
        {poll.question}
      </h3>
      {voting && canVote ? (
        <>
          <div className={styles.options} role={poll.multiple ? 'group' : undefined}>
            {poll.options.map((o, i) =>
              poll.multiple ? (
                <label key={i} className={`${styles.option} ${styles.check}`}>
                  <input
                    type="checkbox"
                    data-testid={`poll-option-${i}`}
                    checked={picked.includes(i)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, i] : p.filter((c) => c !== i)))}
                  />
                  {o.text}
                </label>
              ) : (
                <button key={i} type="button" className={cx(buttonClass(), styles.option)} data-testid={`poll-option-${i}`} disabled={busy} onClick={() => void submit([i])}>
                  {o.text}
                </button>
              ),
            )}
          </div>
          {poll.multiple && (
            <button type="button" className={buttonClass('primary')} data-testid="poll-submit" disabled={busy || !validChoices(poll, picked)} onClick={() => void submit(picked)}>
              {t('poll.vote')}
            </button>
          )}
        </>
      ) : (
        <PollBars poll={poll} mine={ballot} />
      )}
      {voting && !canVote && <p className={cx(text.small, text.muted)}>{t('poll.signInToVote')}</p>}
      <p className={cx(text.small, text.muted)} data-testid="poll-voters">
        {t('poll.voters', { count: poll.totalVoters })}
      </p>
      {error && (
        <p className={parts.error} role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
