import { CAPTION_MAX_LENGTH } from '@yunzhan/shared';
import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { request, type YunzhanSocket } from '../realtime/socket';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import card from '../ui/card.module.css';
import text from '../ui/text.module.css';
import styles from './caption-panel.module.css';

/**
 * Live captions from the host console: a line typed and sent with Enter goes out as
 * `caption:send`; viewers see it when their picture reaches the moment it was sent. Only while
 * the event is live.
 */
export function CaptionPanel({ eventId, socket, live }: { eventId: string; socket: YunzhanSocket | null; live: boolean }) {
  const { t } = useI18n();
  const inputId = useId();
  const [line, setLine] = useState('');
  const [sending, setSending] = useState(false);
  const [last, setLast] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const textToSend = line.trim();
    if (!socket || !textToSend || sending) return;
    setSending(true);
    setError(null);
    try {
      const caption = await request(socket, 'caption:send', { eventId, text: textToSend });
      setLast(caption.text);
      setLine('');
    } catch (err) {
      const failure = toClientError(err);
      const m = errorMessage(failure.code, failure.details);
      setError(t(m.key, m.params));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className={card.panel} data-testid="caption-panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('captions.panel')}</h2>
      <p className={cx(text.muted, text.small)}>{live ? t('captions.panel.hint') : t('captions.panel.notLive')}</p>
      <form className={styles.form} onSubmit={(e) => void send(e)}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('captions.panel.input')}
        </label>
        <input
          id={inputId}
          className={controls.input}
          data-testid="caption-input"
          value={line}
          maxLength={CAPTION_MAX_LENGTH}
          autoComplete="off"
          disabled={!live || !socket}
          onChange={(e) => setLine(e.target.value)}
        />
        <button type="submit" className={buttonClass('primary')} data-testid="caption-send" disabled={!live || !socket || sending || line.trim() === ''}>
          {t('captions.panel.send')}
        </button>
      </form>
      {last && (
        <p className={cx(text.small, styles.sent)} data-testid="caption-last">
          <span className={text.muted}>{t('captions.panel.sent')}: </span>
          {last}
        </p>
      )}
      {error && (
        <p className={cx(calloutClass('error'), styles.sent)} role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
