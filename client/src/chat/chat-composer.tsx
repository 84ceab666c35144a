import { CHAT_MAX_LENGTH, type ChatMessage, type DanmakuStyle } from '@yunzhan/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage, type ErrorMessage } from '../lib/error-messages';
import { useToast } from '../ui/toast';
import styles from './chat-composer.module.css';
import parts from './chat-parts.module.css';
import { composerState, formatCountdown, isCountingDown, type StandingLike } from './standing-view';
import type { ChatDraft } from './use-chat-channel';

/** How long a notice after sending ("waiting for review") stays, in ms (paused while hovered or focused). */
const NOTICE_MS = 10_000;

/** Colours offered for danmaku (the server accepts any `#rrggbb`). */
export const DANMAKU_COLOURS = ['#ffffff', '#fe0302', '#ff7204', '#ffaa02', '#ffd302', '#00cd00', '#00a2ff', '#cc0273'] as const;

interface ChatComposerProps {
  standing: StandingLike | null;
  /** Whether the room is joined (sending waits while reconnecting). */
  connected: boolean;
  /** The message being answered, shown as a quote above the input. */
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
  /** Offer "send as danmaku" (the theatre; not the hall). */
  danmakuOption: boolean;
  onSend: (draft: ChatDraft) => Promise<ChatMessage>;
}

/** Seconds-resolution clock that ticks only while `active` (a countdown is shown). */
function useSecondClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The message box: reply quote, text, danmaku options, and a send button that counts down slow mode. */
export function ChatComposer({ standing, connected, replyTo, onCancelReply, danmakuOption, onSend }: ChatComposerProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ErrorMessage | null>(null);
  const toast = useToast();
  const [asDanmaku, setAsDanmaku] = useState(false);
  const [style, setStyle] = useState<DanmakuStyle>({ mode: 'scroll', colour: '#ffffff' });
  // The clock ticks once a second only while a countdown shows; a new standing re-renders anyway.
  const now = useSecondClock(isCountingDown(composerState(standing, Date.now())));
  const state = composerState(standing, Math.max(now, Date.now()));
  useEffect(() => setError(null), [draft]);

  const blocked = state.kind === 'banned' || state.kind === 'muted';
  const waiting = state.kind === 'slow';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text || sending || blocked || waiting) return;
    setSending(true);
    try {
      const sent = await onSend({ text, replyToId: replyTo?.id, danmaku: danmakuOption && asDanmaku ? style : undefined });
      setDraft('');
      onCancelReply();
      // A message held or hidden is news once: a toast, not a line that stays under the box.
      if (sent.status === 'held' || sent.status === 'hidden') {
        toast.show({ title: t(sent.status === 'held' ? 'chat.heldNotice' : 'chat.hiddenNotice'), durationMs: NOTICE_MS, attributes: { 'data-testid': 'chat-notice', 'data-status': sent.status } });
      }
    } catch (err) {
      const clientError = toClientError(err);
      const reason = (clientError.details as { reason?: unknown } | undefined)?.reason;
      setError(clientError.code === 'FORBIDDEN' && typeof reason === 'string' && isKnownReason(reason) ? { key: `chat.forbidden.${reason}` } : errorMessage(clientError.code, clientError.details));
    } finally {
      setSending(false);
    }
  };

  const sendLabel = waiting ? t('chat.slowWait', { time: formatCountdown(state.secondsLeft) }) : t('chat.send');

  return (
    <form className="chat__form" onSubmit={submit} data-testid="chat-form">
      {replyTo && (
        <div className={styles.replying} data-testid="chat-replying">
          <span className={`${parts.quote} ${styles.replyQuote}`}>
            <span className={parts.quoteAuthor}>{t('chat.replyingTo', { name: replyTo.displayName })}</span> {replyTo.text.slice(0, 80)}
          </span>
          <button type="button" className={parts.action} onClick={onCancelReply} aria-label={t('chat.cancelReply')}>
            ✕
          </button>
        </div>
      )}
      {state.kind === 'banned' && <p className={styles.standing} data-testid="chat-standing" data-kind="banned">{t('chat.banned')}</p>}
      {state.kind === 'muted' && (
        <p className={styles.standing} data-testid="chat-standing" data-kind="muted">
          {t('chat.mutedFor', { time: formatCountdown(state.secondsLeft) })}
        </p>
      )}
      <input
        data-testid="chat-input"
        className="chat__input"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        maxLength={CHAT_MAX_LENGTH}
        placeholder={t('chat.placeholder')}
        aria-label={t('chat.placeholder')}
        autoComplete="off"
        enterKeyHint="send"
        disabled={blocked}
      />
      <button
        data-testid="chat-send"
        data-countdown={waiting ? state.secondsLeft : undefined}
        className="button button--primary"
        type="submit"
        disabled={!connected || sending || blocked || waiting || draft.trim() === ''}
      >
        {sendLabel}
      </button>
      {danmakuOption && (
        <fieldset className={styles.danmaku}>
          <label className={parts.check}>
            <input type="checkbox" data-testid="chat-as-danmaku" checked={asDanmaku} onChange={(e) => setAsDanmaku(e.target.checked)} />
            {t('danmaku.sendAs')}
          </label>
          {asDanmaku && (
            <>
              <select
                className="select select--compact"
                data-testid="chat-danmaku-mode"
                aria-label={t('danmaku.mode')}
                value={style.mode}
                onChange={(e) => setStyle((s) => ({ ...s, mode: e.target.value as DanmakuStyle['mode'] }))}
              >
                <option value="scroll">{t('danmaku.mode.scroll')}</option>
                <option value="top">{t('danmaku.mode.top')}</option>
                <option value="bottom">{t('danmaku.mode.bottom')}</option>
              </select>
              <span className={styles.swatches} role="radiogroup" aria-label={t('danmaku.colour')}>
                {DANMAKU_COLOURS.map((c) => (
                  <button
                    key={c}
                    type="button"
                    role="radio"
                    aria-checked={style.colour === c}
                    aria-label={c}
                    className={styles.swatch}
                    style={{ background: c }}
                    data-testid={`chat-danmaku-colour-${c.slice(1)}`}
                    onClick={() => setStyle((s) => ({ ...s, colour: c }))}
                  />
                ))}
              </span>
            </>
          )}
        </fieldset>
      )}
      {draft.length > CHAT_MAX_LENGTH - 50 && (
        <span className="chat__count">
          {draft.length}/{CHAT_MAX_LENGTH}
        </span>
      )}
      {error && (
        <p className="chat__error" role="alert" data-testid="chat-error">
          {t(error.key, error.params)}
        </p>
      )}
    </form>
  );
}

const KNOWN_REASONS = ['muted', 'banned', 'members-only', 'slow-mode'] as const;
function isKnownReason(reason: string): reason is (typeof KNOWN_REASONS)[number] {
  return (KNOWN_REASONS as readonly string[]).includes(reason);
}
