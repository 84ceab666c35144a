import { DEFAULT_UPLOAD_LIMITS, type Asset, type AssetStatus } from '@yunzhan/shared';
import { useEffect, useState } from 'react';
import { RoleGate } from '../app/access-gate';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { AssetPlayer } from './asset-player';
import { fetchAsset } from './assets-api';
import { formatBytes, percentOf } from './upload-logic';
import { useMyAssets } from './use-my-assets';
import { findUnfinishedUploads, useTusUpload, type UnfinishedUpload } from './use-tus-upload';
import styles from './upload-page.module.css';
import progressStyles from './upload-progress.module.css';
import statusStyles from './upload-status.module.css';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

const STATUS_KEYS: Record<AssetStatus, MessageKey> = {
  processing: 'upload.status.processing',
  ready: 'upload.status.ready',
  failed: 'upload.status.failed',
};

/** `/upload`: hosts and admins upload a video, watch it being processed, then play it. */
export function UploadPage() {
  const { t } = useI18n();
  return (
    <RoleGate allows={(user) => user?.role === 'host' || user?.role === 'admin'} title={t('upload.title')} signInFirst={t('upload.signInFirst')} notAllowed={t('upload.notAllowed')} testId="upload-forbidden">
      <UploadConsole />
    </RoleGate>
  );
}

function UploadConsole() {
  const { t, locale } = useI18n();
  const { state, start, pause, resume, reset } = useTusUpload();
  const { assets, upsert } = useMyAssets(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [unfinished, setUnfinished] = useState<UnfinishedUpload[]>([]);
  const done = state.phase === 'done';

  useEffect(() => void findUnfinishedUploads().then(setUnfinished), [done]);
  useEffect(() => {
    if (state.asset) upsert(state.asset);
    // A resumed upload that had already finished answers without the asset: ask for it.
    else if (done && state.assetId) void fetchAsset(state.assetId).then(upsert, () => undefined);
  }, [done, state.asset, state.assetId, upsert]);
  useEffect(() => {
    if (done && state.assetId) setSelectedId(state.assetId);
  }, [done, state.assetId]);

  const current = assets.find((a) => a.id === selectedId) ?? null;
  const percent = percentOf(state.bytesSent, state.bytesTotal);
  const busy = state.phase === 'uploading' || state.phase === 'paused';

  return (
    <div className={cx(layout.page, styles.page)}>
      <h1>{t('upload.title')}</h1>
      <p className={text.muted}>
        {t('upload.limits', { size: formatBytes(DEFAULT_UPLOAD_LIMITS.maxBytes, locale), count: DEFAULT_UPLOAD_LIMITS.maxDurationSeconds / 3600 })}
      </p>

      <section className={cx(calloutClass(), styles.card)} aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('upload.choose')}</h2>
        <div>
          {/* The native button speaks the browser's language; the label speaks the page's. */}
          <input
            id="upload-input"
            data-testid="upload-input"
            className={`visually-hidden ${styles.input}`}
            type="file"
            accept="video/*,.mp4,.mov,.mkv,.webm,.avi,.ts,.flv"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void start(file);
            }}
          />
          <label htmlFor="upload-input" className={cx(buttonClass('primary'), styles.pick)}>
            {t('upload.browse')}
          </label>
        </div>
        {state.phase === 'idle' && unfinished.length > 0 && (
          <p className={cx(text.small, text.muted)} data-testid="upload-unfinished">
            {t('upload.unfinished', { name: unfinished[0]!.filename })}
          </p>
        )}
        {state.phase !== 'idle' && (
          <div className={styles.transfer}>
            <div className={layout.row}>
              <strong className={styles.name}>{state.filename}</strong>
              <span className={layout.spacer} />
              <span className={cx(text.muted, text.small)} aria-live="polite">
                {t('upload.sent', { percent, sent: formatBytes(state.bytesSent, locale), total: formatBytes(state.bytesTotal, locale) })}
              </span>
            </div>
            <progress className={progressStyles.progress} data-testid="upload-progress" max={100} value={percent} aria-label={t('upload.uploadProgress')} />
            {state.resumed && <p className={cx(text.small, text.muted)}>{t('upload.resumed')}</p>}
            <div className={layout.row}>
              {state.phase === 'uploading' && (
                <button type="button" className={buttonClass()} data-testid="upload-pause" onClick={pause}>
                  {t('upload.pause')}
                </button>
              )}
              {(state.phase === 'paused' || (state.phase === 'error' && state.error?.code === 'NETWORK')) && (
                <button type="button" className={buttonClass('primary')} data-testid="upload-resume" onClick={resume}>
                  {t('upload.resume')}
                </button>
              )}
              {state.phase === 'paused' && <span className={cx(text.muted, text.small)}>{t('upload.paused')}</span>}
              {(done || state.phase === 'error') && (
                <button type="button" className={buttonClass('ghost')} onClick={reset}>
                  {t('upload.another')}
                </button>
              )}
            </div>
            {state.error && (
              <p className={calloutClass('error')} role="alert" data-testid="upload-error" data-code={state.error.code}>
                {t(errorMessage(state.error.code, state.error.details).key)}
              </p>
            )}
          </div>
        )}
      </section>

      {current && <AssetPanel asset={current} />}

      <section aria-labelledby="my-uploads">
        <h2 id="my-uploads">{t('upload.myUploads')}</h2>
        {assets.length === 0 ? (
          <p className={text.muted}>{t('upload.none')}</p>
        ) : (
          <ul className={styles.items}>
            {assets.map((a) => (
              <li key={a.id} className={a.id === selectedId ? styles.selected : undefined}>
                <button type="button" className={styles.select} onClick={() => setSelectedId(a.id)} aria-pressed={a.id === selectedId}>
                  <span className={styles.itemName}>{a.filename}</span>
                  <span className={cx(text.muted, text.small)}>{formatBytes(a.sizeBytes, locale)}</span>
                  <span className={cx(badgeClass(), statusStyles[a.status])}>
                    {t(STATUS_KEYS[a.status])}
                    {a.status === 'processing' ? ` ${Math.floor(a.progress)}%` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function AssetPanel({ asset }: { asset: Asset }) {
  const { t } = useI18n();
  return (
    <section className={styles.panel} aria-labelledby="asset-heading">
      <div className={layout.row}>
        <h2 id="asset-heading" className={styles.panelTitle}>
          {asset.filename}
        </h2>
        <span className={layout.spacer} />
        <span className={cx(badgeClass(), statusStyles[asset.status])} data-testid="asset-status" data-status={asset.status}>
          {t(STATUS_KEYS[asset.status])}
        </span>
      </div>
      {asset.status === 'processing' && (
        <div className={styles.step}>
          <p className={cx(text.muted, text.small)}>{t('upload.processingHint', { percent: Math.floor(asset.progress) })}</p>
          <progress className={progressStyles.progress} data-testid="processing-progress" max={100} value={asset.progress} aria-label={t('upload.processingProgress')} />
        </div>
      )}
      {asset.status === 'failed' && asset.error && (
        <p className={calloutClass('error')} role="alert" data-testid="asset-error" data-code={asset.error.code}>
          {t(errorMessage(asset.error.code, asset.error.details).key)}
        </p>
      )}
      {asset.status === 'ready' && <AssetPlayer asset={asset} />}
    </section>
  );
}
