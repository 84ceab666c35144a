import type { ChatMessage, PublicUser } from '@yunzhan/shared';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import { ChatAnnouncer } from './chat-announcer';
import styles from './chat-panel.module.css';
import { ChatComposer } from './chat-composer';
import { ChatMessageItem } from './chat-message-item';
import type { ModLookup } from './moderation/mod-log';
import { ModerationDrawer } from './moderation/moderation-drawer';
import type { Moderation } from './moderation/use-moderation';
import { PinnedBar } from './pinned-bar';
import type { ChatChannelState } from './use-chat-channel';
import layout from '../ui/layout.module.css';
import textStyles from '../ui/text.module.css';

/** How close to the bottom (px) still counts as "reading the latest", so new messages scroll in. */
const STICK_TO_BOTTOM_PX = 48;
/** How close to the top (px) loads the page before. */
const LOAD_EARLIER_PX = 24;

interface ChatPanelProps {
  chat: ChatChannelState;
  moderation: Moderation;
  /** The signed-in viewer, or null (reads only). */
  user: PublicUser | null;
  /** Whether the room is joined (sending waits while reconnecting). */
  connected: boolean;
  /** Link to sign in and come back. */
  signInHref: string;
  /** Offer "send as danmaku" in the composer. Default false. */
  danmakuOption?: boolean;
  /** Let the viewer fold the panel away (the hall, so it does not cover the 3D view). Default false. */
  collapsible?: boolean;
  /** Start folded (only with `collapsible`). Default false. */
  defaultCollapsed?: boolean;
  /** Floating over a 3D view (the hall): shorter and slightly see-through. Default false. */
  floating?: boolean;
  /** A class for the panel's box, to size it where it is placed (the host console's is shorter). */
  className?: string;
}

/**
 * A channel's chat: pinned messages, the log (plain text only; paging back at the top), replies,
 * reports, inline moderation for moderators and their drawer, and the composer.
 */
export function ChatPanel({ chat, moderation, user, connected, signInHref, danmakuOption = false, collapsible = false, defaultCollapsed = false, floating = false, className }: ChatPanelProps) {
  const { t } = useI18n();
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [collapsed, setCollapsed] = useState(collapsible && defaultCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  const prependRef = useRef<number | null>(null);
  const { messages, hasMore, loadingEarlier } = chat;
  const heldMessages = moderation.state?.held;
  // Moderators read names and excerpts rather than ids, as far as this client has seen them.
  const lookup = useMemo<ModLookup>(() => {
    const names = new Map<string, string>();
    const texts = new Map<string, string>();
    for (const m of [...messages, ...chat.pinned, ...(heldMessages ?? [])]) {
      names.set(m.userId, m.displayName);
      if (m.text) texts.set(m.id, `“${m.text.length > 40 ? `${m.text.slice(0, 40)}…` : m.text}”`);
    }
    if (user) names.set(user.id, user.displayName);
    return { name: (id) => names.get(id) ?? id, excerpt: (id) => texts.get(id) ?? id };
  }, [messages, chat.pinned, heldMessages, user]);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (prependRef.current !== null) {
      // Older messages went in above: keep the ones being read where they were.
      log.scrollTop += log.scrollHeight - prependRef.current;
      prependRef.current = null;
    } else if (stickRef.current) log.scrollTop = log.scrollHeight;
  }, [messages]);

  const loadEarlier = () => {
    const log = logRef.current;
    if (!hasMore || loadingEarlier || !log) return;
    prependRef.current = log.scrollHeight;
    chat.loadEarlier().catch((error: unknown) => {
      prependRef.current = null;
      console.warn('chat:history failed', error);
    });
  };

  const onScroll = () => {
    const log = logRef.current;
    if (!log) return;
    stickRef.current = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM_PX;
    if (log.scrollTop < LOAD_EARLIER_PX && log.scrollHeight > log.clientHeight) loadEarlier();
  };

  const panelId = `chat-${chat.channel.replace(':', '-')}`;
  return (
    <section className={cx(styles.panel, floating && styles.floating, collapsed && styles.collapsed, className)} aria-label={t('chat.title')} data-testid="chat-panel" data-channel={chat.channel}>
      <header className={styles.header}>
        <h2>{t('chat.title')}</h2>
        <span className={layout.spacer} />
        {chat.moderator && !collapsed && (
          <ModerationDrawer
            moderation={moderation}
            lookup={lookup}
            open={drawerOpen}
            onOpenChange={setDrawerOpen}
            trigger={
              <button type="button" className={buttonClass('small')} data-testid="mod-open">
                {t('mod.open')}
                {moderation.state && moderation.state.held.length + moderation.state.reports.length > 0 && (
                  <span className={textStyles.count} data-testid="mod-queue-count">
                    {moderation.state.held.length + moderation.state.reports.length}
                  </span>
                )}
              </button>
            }
          />
        )}
        {collapsible && (
          <button
            type="button"
            className={buttonClass('small', 'ghost')}
            data-testid="chat-collapse"
            aria-expanded={!collapsed}
            aria-controls={panelId}
            onClick={() => setCollapsed((c) => !c)}
          >
            {collapsed ? t('chat.expand') : t('chat.collapse')}
          </button>
        )}
      </header>
      <ChatAnnouncer messages={messages} selfId={user?.id ?? null} />
      <div className={styles.body} id={panelId} hidden={collapsed}>
        <PinnedBar pinned={chat.pinned} />
        {/* Not a live region itself: ChatAnnouncer reads new messages, throttled, so a busy chat is not read line by line. */}
        <ol className={styles.log} ref={logRef} onScroll={onScroll} data-testid="chat-log">
          {hasMore && (
            <li className={styles.earlier}>
              <button type="button" className={buttonClass('small', 'ghost')} data-testid="chat-load-earlier" disabled={loadingEarlier} onClick={loadEarlier}>
                {loadingEarlier ? t('common.loading') : t('chat.loadEarlier')}
              </button>
            </li>
          )}
          {messages.length === 0 && <li className={styles.empty}>{t('chat.empty')}</li>}
          {messages.map((m) => (
            <ChatMessageItem
              key={m.id}
              message={m}
              ownUserId={user?.id ?? null}
              moderator={chat.moderator}
              onReply={setReplyTo}
              onReport={chat.report}
              onModerate={moderation.act}
            />
          ))}
        </ol>
        {user ? (
          <ChatComposer
            standing={chat.standing}
            connected={connected}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            danmakuOption={danmakuOption}
            onSend={async (draft) => {
              const sent = await chat.send(draft);
              stickRef.current = true;
              return sent;
            }}
          />
        ) : (
          <p className={styles.signin}>
            <Link to={signInHref}>{t('chat.signInToChat')}</Link>
          </p>
        )}
      </div>
    </section>
  );
}
