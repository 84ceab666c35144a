import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import type { EditorNotice } from './use-layout-editor';

/** How long a notice stays, milliseconds. */
const SHOW_MS = 6000;

/** Shows the latest refusal or failure (a drop that overlaps, a failed save) for a few seconds. */
export function EditorToast({ notice }: { notice: EditorNotice | null }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<EditorNotice | null>(null);
  useEffect(() => {
    if (!notice) return;
    setShown(notice);
    const timer = setTimeout(() => setShown(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!shown) return null;
  const message = errorMessage(shown.code);
  return (
    <div className="editor-toast callout callout--error" role="alert" data-testid="editor-toast" data-code={shown.code}>
      <p>
        {t(message.key, message.params)} <span className="small muted">{shown.message}</span>
      </p>
      <button type="button" className="button button--ghost" onClick={() => setShown(null)}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
