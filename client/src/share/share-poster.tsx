import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Dialog } from '../ui/dialog';
import { shareUrl } from './share-qr';
import styles from './share-poster.module.css';

/** What a page shares: its title, what it is, a picture (used on the poster when same-origin). */
export interface ShareTarget {
  title: string;
  kind: 'event' | 'exhibition' | 'work' | 'award';
  image?: string | null;
  /** The URL to share. Default: this page's (origin, path and the parameters that say what it shows). */
  url?: string;
}

type Poster = { state: 'drawing' } | { state: 'ready'; src: string } | { state: 'failed' };

/** Copies `text`: the Clipboard API, else a selected text field and execCommand (older WebViews). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no user activation, insecure context): try the old way.
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * "分享 / Share": a button that opens a dialog with a poster of the page (title, picture, the
 * platform's name, a QR code of the page's URL, drawn here), offered as an image to save, with
 * "copy link" and, where the browser has it, the system's share sheet.
 */
export function ShareButton({ target, className }: { target: ShareTarget; className?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t('share.title', { title: target.title })}
      description={t('share.description')}
      closeLabel={t('share.close')}
      panelProps={{ className: styles.dialog, 'data-testid': 'share-dialog' }}
      trigger={
        <button type="button" className={[styles.trigger, className].filter(Boolean).join(' ')} aria-label={t('share.openLabel', { title: target.title })}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className={styles.icon}>
            <path d="M12 3v12M7 8l5-5 5 5M5 13v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {t('share.open')}
        </button>
      }
    >
      {/* The dialog's content mounts only while it is open: the poster is drawn on opening. */}
      <SharePoster target={target} />
    </Dialog>
  );
}

/** The dialog's body: the poster and what can be done with it. */
export function SharePoster({ target }: { target: ShareTarget }) {
  const { t } = useI18n();
  const url = target.url ?? shareUrl(window.location);
  const [poster, setPoster] = useState<Poster>({ state: 'drawing' });
  const [status, setStatus] = useState('');
  const linkField = useRef<HTMLInputElement>(null);
  const linkId = useId();
  const kind = t(`share.kind.${target.kind}`);
  const siteName = t('share.site');
  const scanHint = t('share.scan');

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    (async () => {
      // The drawing code and the QR library load with the first poster, not with the page.
      const { drawPoster, posterBlob } = await import('./poster-canvas');
      const canvas = document.createElement('canvas');
      await drawPoster(canvas, { title: target.title, kind, url, siteName, scanHint, image: target.image ?? null });
      const blob = await posterBlob(canvas);
      if (cancelled) return;
      objectUrl = URL.createObjectURL(blob);
      setPoster({ state: 'ready', src: objectUrl });
    })().catch(() => {
      if (!cancelled) setPoster({ state: 'failed' });
    });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [target.title, target.image, kind, url, siteName, scanHint]);

  const canShare = typeof navigator.share === 'function';
  const fileName = `yunzhan-${target.kind}.png`;

  return (
    <>
      <div className={styles.posterFrame}>
        {poster.state === 'ready' ? (
          <img className={styles.poster} src={poster.src} alt={t('share.posterAlt', { title: target.title, kind })} data-testid="share-poster" />
        ) : (
          <p className={styles.posterStatus} role="status">
            {poster.state === 'drawing' ? t('share.drawing') : t('share.failed')}
          </p>
        )}
      </div>
      <label className={styles.linkLabel} htmlFor={linkId}>
        {t('share.link')}
      </label>
      <input id={linkId} ref={linkField} className={styles.link} type="url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <div className={styles.actions}>
        {poster.state === 'ready' ? (
          <a className={styles.action} href={poster.src} download={fileName}>
            {t('share.save')}
          </a>
        ) : (
          <button type="button" className={styles.action} disabled>
            {t('share.save')}
          </button>
        )}
        <button
          type="button"
          className={styles.action}
          onClick={() => void copyText(url, linkField.current).then((ok) => setStatus(t(ok ? 'share.copied' : 'share.copyFailed')))}
        >
          {t('share.copy')}
        </button>
        {canShare && (
          <button
            type="button"
            className={styles.action}
            onClick={() => {
              // A dismissed share sheet rejects with AbortError: nothing to report.
              navigator.share({ title: target.title, url }).catch(() => undefined);
            }}
          >
            {t('share.native')}
          </button>
        )}
      </div>
      <p className={styles.status} role="status" aria-live="polite">
        {status}
      </p>
    </>
  );
}
