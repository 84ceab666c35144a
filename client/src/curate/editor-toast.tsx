import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { ToastProvider, useToast } from '../ui/toast';
import type { EditorNotice } from './use-layout-editor';

/** How long a notice stays, milliseconds (paused while hovered or focused). */
const SHOW_MS = 6000;

/**
 * The editor's notices: each new refusal or failure (a drop that overlaps, a failed save) as an
 * error toast, announced at once, in the editor's own notifications region.
 */
export function EditorToast({ notice }: { notice: EditorNotice | null }) {
  const { t } = useI18n();
  return (
    <ToastProvider label={t('editor.notifications')} dismissLabel={t('common.dismiss')}>
      <NoticeToasts notice={notice} />
    </ToastProvider>
  );
}

/** Turns each new notice into a toast; renders nothing itself. */
function NoticeToasts({ notice }: { notice: EditorNotice | null }) {
  const { t } = useI18n();
  const toast = useToast();
  // The seq last shown: StrictMode runs effects twice, and `t` changes with the language.
  const shown = useRef<number | null>(null);
  useEffect(() => {
    if (!notice || shown.current === notice.seq) return;
    shown.current = notice.seq;
    const message = errorMessage(notice.code);
    toast.show({
      tone: 'error',
      title: t(message.key, message.params),
      description: notice.message,
      durationMs: SHOW_MS,
      attributes: { 'data-testid': 'editor-toast', 'data-code': notice.code },
    });
  }, [notice, t, toast]);
  return null;
}
