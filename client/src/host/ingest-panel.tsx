import { IngestInfo } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { fetchJson } from '../data/fetch-json';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import card from '../ui/card.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './ingest-panel.module.css';

const ingestPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/ingest`;

/** Copies `value`; where the clipboard is not allowed (plain http), selects the field for Ctrl+C. */
async function copy(value: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    field?.select();
    return false;
  }
}

/**
 * "Broadcast software": where OBS (or any WHIP encoder) publishes this event. The WHIP URL and
 * bearer token (hidden until shown), each copyable; "New token" replaces the token (the old one
 * stops working at once); the encoder settings the ladder expects.
 */
export function IngestPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const query = useQuery({ queryKey: ['ingest', eventId], queryFn: () => fetchJson(ingestPath(eventId), IngestInfo), staleTime: Infinity });
  const rotate = useMutation({
    mutationFn: () => fetchJson(`${ingestPath(eventId)}/rotate`, IngestInfo, { method: 'POST' }),
    onSuccess: (info) => {
      queryClient.setQueryData(['ingest', eventId], info);
      setShown(true);
    },
  });
  const failure = query.error ?? rotate.error;
  const failureMessage = failure ? errorMessage(toClientError(failure).code, toClientError(failure).details) : null;
  const info = query.data;

  const copyFrom = (name: string, value: string) => {
    void copy(value, document.getElementById(`${id}-${name}`) as HTMLInputElement | null).then((ok) => setCopied(ok ? name : null));
  };

  return (
    <section className={card.panel} data-testid="ingest-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('ingest.title')}</h2>
      <p className={cx(text.muted, text.small)}>{t('ingest.hint')}</p>
      {info && (
        <>
          <label className={styles.field} htmlFor={`${id}-url`}>
            <span>{t('ingest.whipUrl')}</span>
            <span className={styles.row}>
              <input id={`${id}-url`} className={controls.input} data-testid="ingest-url" readOnly value={info.whip.url} />
              <button type="button" className={buttonClass()} onClick={() => copyFrom('url', info.whip.url)}>
                {copied === 'url' ? t('ingest.copied') : t('ingest.copy')}
              </button>
            </span>
          </label>
          <label className={styles.field} htmlFor={`${id}-token`}>
            <span>{t('ingest.token')}</span>
            <span className={styles.row}>
              <input id={`${id}-token`} className={controls.input} data-testid="ingest-token" readOnly type={shown ? 'text' : 'password'} value={info.whip.token} />
              <button type="button" className={buttonClass()} aria-pressed={shown} onClick={() => setShown((s) => !s)}>
                {shown ? t('ingest.hide') : t('ingest.show')}
              </button>
              <button type="button" className={buttonClass()} onClick={() => copyFrom('token', info.whip.token)}>
                {copied === 'token' ? t('ingest.copied') : t('ingest.copy')}
              </button>
            </span>
          </label>
          <div className={layout.row}>
            <button
              type="button"
              className={buttonClass('ghost')}
              data-testid="ingest-rotate"
              disabled={rotate.isPending}
              onClick={() => {
                if (window.confirm(t('ingest.rotateConfirm'))) rotate.mutate();
              }}
            >
              {t('ingest.rotate')}
            </button>
          </div>
          <details>
            <summary>{t('ingest.settings')}</summary>
            <ul className={text.small}>
              <li>{t('ingest.settings.codec')}</li>
              <li>{t('ingest.settings.keyframes')}</li>
              <li>{t('ingest.settings.bitrate')}</li>
            </ul>
          </details>
        </>
      )}
      {failureMessage && (
        <p className={calloutClass('error')} role="alert">
          {t(failureMessage.key, failureMessage.params)}
        </p>
      )}
    </section>
  );
}
