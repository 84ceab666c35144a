import { IngestInfo } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { fetchJson } from '../data/fetch-json';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import card from '../ui/card.module.css';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';
import { Tabs, type TabItem } from '../ui/tabs';
import { IngestField, type SecretState } from './ingest-field';
import { IngestSettings } from './ingest-settings';
import styles from './ingest-panel.module.css';

const ingestPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/ingest`;

/** The protocols an encoder can publish with (tab values; their names are the same in every language). */
type Protocol = 'whip' | 'rtmp' | 'srt';

/** The secrets the panel hides until shown: WHIP token, RTMP stream key, SRT URL (it holds the key). */
type Secret = 'token' | 'rtmpKey' | 'srtUrl';

const HIDDEN: Readonly<Record<Secret, boolean>> = { token: false, rtmpKey: false, srtUrl: false };
const REVEALED: Readonly<Record<Secret, boolean>> = { token: true, rtmpKey: true, srtUrl: true };

/**
 * "Broadcast software": where OBS, vMix or a hardware encoder publishes this event, one tab per
 * protocol: WHIP (URL and bearer token), RTMP (server and stream key), SRT (URL with the key in
 * it), or a note where the server does not take RTMP or SRT. Secrets are hidden until shown and
 * every value is copyable. "New token" replaces the token behind all three at once (the old
 * ones stop working at once) and shows the new values. Below, the encoder settings to use.
 */
export function IngestPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  // Kept here, not in the fields: a tab's panel unmounts while another tab is selected.
  const [shown, setShown] = useState<Readonly<Record<Secret, boolean>>>(HIDDEN);
  const query = useQuery({ queryKey: ['ingest', eventId], queryFn: () => fetchJson(ingestPath(eventId), IngestInfo), staleTime: Infinity });
  const rotate = useMutation({
    mutationFn: () => fetchJson(`${ingestPath(eventId)}/rotate`, IngestInfo, { method: 'POST' }),
    onSuccess: (info) => {
      queryClient.setQueryData(['ingest', eventId], info);
      // The host made them to paste them into the encoder now.
      setShown(REVEALED);
    },
  });
  const failure = query.error ?? rotate.error;
  const failureMessage = failure ? errorMessage(toClientError(failure).code, toClientError(failure).details) : null;
  const info = query.data;

  const secret = (name: Secret): SecretState => ({ shown: shown[name], onShownChange: (value) => setShown((s) => ({ ...s, [name]: value })) });

  const tabs = (info: IngestInfo): TabItem<Protocol>[] => [
    {
      value: 'whip',
      label: 'WHIP',
      testId: 'ingest-tab-whip',
      content: (
        <ProtocolPane hint={t('ingest.whip.hint')}>
          <IngestField label={t('ingest.whipUrl')} value={info.whip.url} testId="ingest-url" />
          <IngestField label={t('ingest.token')} value={info.whip.token} testId="ingest-token" secret={secret('token')} />
        </ProtocolPane>
      ),
    },
    {
      value: 'rtmp',
      label: 'RTMP',
      testId: 'ingest-tab-rtmp',
      content: info.rtmp ? (
        <ProtocolPane hint={t('ingest.rtmp.hint')}>
          <IngestField label={t('ingest.rtmpUrl')} value={info.rtmp.url} testId="ingest-rtmp-url" />
          <IngestField label={t('ingest.streamKey')} value={info.rtmp.streamKey} testId="ingest-rtmp-key" secret={secret('rtmpKey')} />
        </ProtocolPane>
      ) : (
        <OffNote testId="ingest-rtmp-off">{t('ingest.rtmp.off')}</OffNote>
      ),
    },
    {
      value: 'srt',
      label: 'SRT',
      testId: 'ingest-tab-srt',
      content: info.srt ? (
        <ProtocolPane hint={t('ingest.srt.hint')}>
          <IngestField label={t('ingest.srtUrl')} value={info.srt.url} testId="ingest-srt-url" secret={secret('srtUrl')} />
        </ProtocolPane>
      ) : (
        <OffNote testId="ingest-srt-off">{t('ingest.srt.off')}</OffNote>
      ),
    },
  ];

  return (
    <section className={card.panel} data-testid="ingest-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('ingest.title')}</h2>
      <p className={cx(text.muted, text.small)}>{t('ingest.hint')}</p>
      {info && (
        <>
          <Tabs label={t('ingest.protocols')} items={tabs(info)} />
          <div className={styles.rotate}>
            <button
              type="button"
              className={buttonClass('ghost')}
              data-testid="ingest-rotate"
              aria-describedby={`${id}-rotate-hint`}
              disabled={rotate.isPending}
              onClick={() => {
                if (window.confirm(t('ingest.rotateConfirm'))) rotate.mutate();
              }}
            >
              {t('ingest.rotate')}
            </button>
            <span id={`${id}-rotate-hint`} className={cx(text.muted, text.small)}>
              {t('ingest.rotateHint')}
            </span>
          </div>
          <IngestSettings headingId={`${id}-settings`} />
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

/** One protocol's tab: how to set the encoder up, then its fields. */
function ProtocolPane({ hint, children }: { hint: string; children: ReactNode }) {
  return (
    <div className={styles.pane}>
      <p className={cx(text.muted, text.small, styles.hint)}>{hint}</p>
      {children}
    </div>
  );
}

/** Said instead of the fields where this server does not take a protocol (its port is off). */
function OffNote({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p className={calloutClass('info')} data-testid={testId}>
      {children}
    </p>
  );
}
