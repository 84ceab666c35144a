import { CHAT_MAX_LENGTH, type ChatMessage } from '@yunzhan/shared';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';

/** How close to the bottom (px) still counts as "reading the latest", so new messages scroll in. */
const STICK_TO_BOTTOM_PX = 48;

interface ChatPanelProps {
  messages: readonly ChatMessage[];
  /** Whether the viewer is signed in and may send. */
  canSend: boolean;
  /** Whether the room is joined (sending is disabled while reconnecting). */
  connected: boolean;
  /** Link to sign in and come back. */
  signInHref: string;
  onSend: (text: string) => Promise<void>;
  /** Id of the signed-in user, to mark their own messages. */
  ownUserId?: string | undefined;
}

/** The live chat: the message log (plain text only) and, for signed-in viewers, a send box. */
export function ChatPanel({ messages, canSend, connected, signInHref, onSend, ownUserId }: ChatPanelProps) {
  const { t, formatTime } = useI18n();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickRef.current) log.scrollTop = log.scrollHeight;
  }, [messages]);

  // Clear a stale error once the draft changes.
  useEffect(() => setError(null), [draft]);

  const onScroll = () => {
    const log = logRef.current;
    if (log) stickRef.current = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM_PX;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text || sending) return;
    setSending(true);
    try {
      await onSend(text);
      setDraft('');
      stickRef.current = true;
    } catch (err) {
      const clientError = toClientError(err);
      const message = errorMessage(clientError.code, clientError.details);
      setError(t(message.key, message.params));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="chat" aria-label={t('chat.title')}>
      <header className="chat__header">
        <h2>{t('chat.title')}</h2>
      </header>
      <ol className="chat__log" ref={logRef} onScroll={onScroll} aria-live="polite">
        {messages.length === 0 && <li className="chat__empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.userId === ownUserId ? 'chat__message chat__message--own' : 'chat__message'} data-testid="chat-message">
            <span className="chat__meta">
              <span className="chat__author">{m.displayName}</span>
              <time className="chat__time" dateTime={m.createdAt}>
                {formatTime(m.createdAt)}
              </time>
            </span>
            <span className="chat__text">{m.text}</span>
          </li>
        ))}
      </ol>
      {canSend ? (
        <form className="chat__form" onSubmit={submit}>
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
          />
          <button data-testid="chat-send" className="button button--primary" type="submit" disabled={!connected || sending || draft.trim() === ''}>
            {t('chat.send')}
          </button>
          {draft.length > CHAT_MAX_LENGTH - 50 && (
            <span className="chat__count">
              {draft.length}/{CHAT_MAX_LENGTH}
            </span>
          )}
          {error && (
            <p className="chat__error" role="alert">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className="chat__signin">
          <Link to={signInHref}>{t('chat.signInToChat')}</Link>
        </p>
      )}
    </section>
  );
}
