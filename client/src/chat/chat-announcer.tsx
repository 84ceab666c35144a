import type { ChatMessage } from '@yunzhan/shared';
import { useEffect, useRef, useState } from 'react';
import { LiveAnnouncement, announcementFor, useThrottledBatches } from '../app/live-announcer';
import { useI18n } from '../i18n/i18n';

/**
 * Announces new chat messages to screen readers (issue 12, scope item 5): messages appended to
 * the log after it first loaded, not the viewer's own, at most one announcement per interval
 * ("3 new messages, latest …" in a burst). Earlier pages loaded at the top are not announced.
 */
export function ChatAnnouncer({ messages, selfId }: { messages: readonly ChatMessage[]; selfId: string | null }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const newest = useRef<string | null | undefined>(undefined);
  const push = useThrottledBatches<ChatMessage>((batch) => {
    const said = announcementFor(
      batch,
      (m) => t('chat.announce.one', { name: m.displayName, text: m.text }),
      (count, m) => t('chat.announce.many', { count, name: m.displayName, text: m.text }),
    );
    if (said) setText(said);
  });

  useEffect(() => {
    const last = messages[messages.length - 1]?.id ?? null;
    const before = newest.current;
    newest.current = last;
    // The first list is history, not news.
    if (before === undefined || last === before) return;
    const from = before === null ? 0 : messages.findIndex((m) => m.id === before) + 1;
    // The old newest is gone (a reset): nothing to tell apart, so nothing announced.
    if (before !== null && from === 0) return;
    for (const m of messages.slice(from)) if (m.userId !== selfId && m.text) push(m);
  }, [messages, selfId, push]);

  return <LiveAnnouncement text={text} testId="chat-announcer" />;
}
