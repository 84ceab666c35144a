import { CHAT_MAX_LENGTH, ChatSendInput, type ChatMessage, type DanmakuStyle } from '@yunzhan/shared';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { fieldMessageOf } from '../forms/field-messages';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError, SERVER_ERROR } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import type { ClientError } from '../lib/client-error';
import { describedBy, FieldErrorMessage } from '../ui/form-field';
import { useToast } from '../ui/toast';
import styles from './chat-composer.module.css';
import parts from './chat-parts.module.css';
import { composerState, formatCountdown, isCountingDown, type StandingLike } from './standing-view';
import type { ChatDraft } from './use-chat-channel';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';

/** How long a notice after sending ("waiting for review") stays, in ms (paused while hovered or focused). */
const NOTICE_MS = 10_000;

/** The message box's value, checked with the shared chat:send rule for its text. */
const ChatTextForm = z.object({ text: ChatSendInput.shape.text });
const resolver = schemaResolver(ChatTextForm);

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
  const {
    register,
    handleSubmit,
    reset,
    setError,
    clearErrors,
    watch,
    formState: { errors, isSubmitting: sending },
  } = useForm<{ text: string }, unknown, { text: string }>({ resolver, defaultValues: { text: '' } });
  const draft = watch('text');
  const toast = useToast();
  const [asDanmaku, setAsDanmaku] = useState(false);
  const [style, setStyle] = useState<DanmakuStyle>({ mode: 'scroll', colour: '#ffffff' });
  // The clock ticks once a second only while a countdown shows; a new standing re-renders anyway.
  const now = useSecondClock(isCountingDown(composerState(standing, Date.now())));
  const state = composerState(standing, Math.max(now, Date.now()));
  // A refusal is about what was sent: it goes as soon as the text changes.
  useEffect(() => clearErrors(SERVER_ERROR), [draft, clearErrors]);

  const blocked = state.kind === 'banned' || state.kind === 'muted';
  const waiting = state.kind === 'slow';

  const submit = handleSubmit(async ({ text }) => {
    if (blocked || waiting) return;
    try {
      const sent = await onSend({ text, replyToId: replyTo?.id, danmaku: danmakuOption && asDanmaku ? style : undefined });
      reset();
      onCancelReply();
      // A message held or hidden is news once: a toast, not a line that stays under the box.
      if (sent.status === 'held' || sent.status === 'hidden') {
        toast.show({ title: t(sent.status === 'held' ? 'chat.heldNotice' : 'chat.hiddenNotice'), durationMs: NOTICE_MS, attributes: { 'data-testid': 'chat-notice', 'data-status': sent.status } });
      }
    } catch (err) {
      // A VALIDATION_FAILED issue about the text lands on the input; a refusal of the sender (muted,
      // slow mode…) is worded the chat's way under the box.
      applyServerError(err, setError, { fields: ['text'], refusal: chatRefusal });
    }
  });

  const refusal = fieldMessageOf(errors.root?.server);
  const sendLabel = waiting ? t('chat.slowWait', { time: formatCountdown(state.secondsLeft) }) : t('chat.send');

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate data-testid="chat-form">
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
        id="chat-input"
        data-testid="chat-input"
        className={cx(controls.input, parts.input)}
        {...register('text')}
        aria-invalid={errors.text ? true : undefined}
        aria-describedby={describedBy('chat-input', false, errors.text)}
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
        className={buttonClass('primary')}
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
                className={cx(controls.select, controls.compact)}
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
        <span className={styles.count}>
          {draft.length}/{CHAT_MAX_LENGTH}
        </span>
      )}
      <FieldErrorMessage id="chat-input-error" error={errors.text} />
      {refusal && (
        <p className={parts.error} role="alert" data-testid="chat-error" data-code={typeof errors.root?.server?.type === 'string' ? errors.root.server.type : undefined}>
          {t(refusal.key, refusal.params)}
        </p>
      )}
    </form>
  );
}

/** The chat's own words for a refused sender (FORBIDDEN with a known reason); others are worded from the code. */
function chatRefusal(error: ClientError) {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return error.code === 'FORBIDDEN' && typeof reason === 'string' && isKnownReason(reason) ? { message: { key: `chat.forbidden.${reason}` as const } } : undefined;
}

const KNOWN_REASONS = ['muted', 'banned', 'members-only', 'slow-mode'] as const;
function isKnownReason(reason: string): reason is (typeof KNOWN_REASONS)[number] {
  return (KNOWN_REASONS as readonly string[]).includes(reason);
}
