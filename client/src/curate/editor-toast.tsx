import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { useToast } from '../ui/toast';
import type { EditorNotice } from './use-layout-editor';

/** How long a notice stays, milliseconds (paused while hovered or focused). */
const SHOW_MS = 6000;

/**
 * The editor's notices: each new refusal or failure (a drop that overlaps, a failed save) as an
 * error toast in the app's notifications region, announced at once. Renders nothing itself.
 */
export function EditorToast({ notice }: { notice: EditorNotice | null }) {
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
