import type { PollState } from '@yunzhan/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import parts from '../chat/chat-parts.module.css';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import { PollBars } from './poll-bars';
import styles from './poll-composer.module.css';
import type { PollDraft } from './use-interaction';

/** Fewest options a poll may have (the shared schema's limit). */
export const POLL_MIN_OPTIONS = 2;
/** Most options a poll may have (the shared schema's limit). */
export const POLL_MAX_OPTIONS = 6;

interface HostPollsProps {
  polls: readonly PollState[];
  onCreate: (draft: PollDraft) => Promise<unknown>;
  onClose: (pollId: string) => Promise<void>;
  disabled: boolean;
}

/** The host console's polls: a composer (question, 2–6 options, multiple) and the list with live results. */
export function HostPolls({ polls, onCreate, onClose, disabled }: HostPollsProps) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState<string[]>(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const filled = options.map((o) => o.trim()).filter(Boolean);
  const valid = question.trim() !== '' && filled.length >= POLL_MIN_OPTIONS;

  const fail = (e: unknown) => {
    const clientError = toClientError(e);
    const m = errorMessage(clientError.code, clientError.details);
    setError(t(m.key, m.params));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onCreate({ question: question.trim(), options: filled, multiple });
      setQuestion('');
      setOptions(['', '']);
      setMultiple(false);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`${styles.polls} status-card`} aria-labelledby="host-polls-title">
      <h2 id="host-polls-title">{t('poll.title')}</h2>
      <form className={styles.composer} onSubmit={submit} data-testid="poll-composer">
        <label className="field">
          <span>{t('poll.question')}</span>
          <input data-testid="poll-question" value={question} maxLength={200} onChange={(e) => setQuestion(e.target.value)} />
        </label>
        <fieldset className={styles.options}>
          <legend className="small muted">{t('poll.options')}</legend>
          {options.map((o, i) => (
            <span key={i} className="row">
              <input
                className="chat__input"
                data-testid={`poll-option-input-${i}`}
                value={o}
                maxLength={80}
                aria-label={t('poll.optionN', { n: i + 1 })}
                placeholder={t('poll.optionN', { n: i + 1 })}
                onChange={(e) => setOptions((list) => list.map((x, j) => (j === i ? e.target.value : x)))}
              />
              {options.length > POLL_MIN_OPTIONS && (
                <button
                  type="button"
                  className={parts.action}
                  aria-label={t('poll.removeOption', { n: i + 1 })}
                  onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              )}
            </span>
          ))}
          {options.length < POLL_MAX_OPTIONS && (
            <button type="button" className={buttonClass('small', 'ghost')} data-testid="poll-add-option" onClick={() => setOptions((list) => [...list, ''])}>
              {t('poll.addOption')}
            </button>
          )}
        </fieldset>
        <label className={parts.check}>
          <input type="checkbox" data-testid="poll-multiple" checked={multiple} onChange={(e) => setMultiple(e.target.checked)} />
          {t('poll.multiple')}
        </label>
        <button type="submit" className="button button--primary" data-testid="poll-create" disabled={disabled || busy || !valid}>
          {t('poll.create')}
        </button>
      </form>
      {error && (
        <p className="chat__error" role="alert" data-testid="poll-error">
          {error}
        </p>
      )}
      {polls.length > 0 && (
        <ul className={styles.list} data-testid="poll-list">
          {polls.map((p) => (
            <li key={p.id} className={styles.item} data-testid="host-poll" data-poll-id={p.id} data-open={p.open}>
              <p className={styles.question}>
                <strong>{p.question}</strong> <span className="small muted">{p.open ? t('poll.live') : t('poll.closed')}</span>
              </p>
              <PollBars poll={p} />
              <p className="small muted">{t('poll.voters', { count: p.totalVoters })}</p>
              {p.open && (
                <button type="button" className={buttonClass('small')} data-testid="poll-close" disabled={disabled} onClick={() => void onClose(p.id).catch(fail)}>
                  {t('poll.close')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
