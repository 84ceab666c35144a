import { hallChannel } from '@yunzhan/shared';
import { useLocation } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { ChatPanel } from '../chat/chat-panel';
import { useModeration } from '../chat/moderation/use-moderation';
import { useChatChannel } from '../chat/use-chat-channel';
import { signInHref } from '../lib/safe-next';
import styles from './hall-chat.module.css';
import type { HallRoom } from './use-hall-presence';

/** Narrow screens start with the hall chat folded, so it does not cover the 3D view. */
const FOLDED_BELOW_PX = 720;

/** The hall's chat (`hall:<id>`), a collapsible panel floating over the 3D view. */
export function HallChat({ exhibitionId, room }: { exhibitionId: string; room: HallRoom }) {
  const { user } = useAuth();
  const location = useLocation();
  const channel = hallChannel(exhibitionId);
  const chat = useChatChannel({ socket: room.socket, channel, joinCount: room.joinCount, seed: null, user });
  const moderation = useModeration(room.socket, channel, chat.moderator, room.joinCount);
  const folded = typeof window !== 'undefined' && window.innerWidth < FOLDED_BELOW_PX;
  return (
    <div className={styles.root} data-testid="hall-chat">
      <ChatPanel
        chat={chat}
        moderation={moderation}
        user={user}
        connected={room.connected}
        signInHref={signInHref(location.pathname + location.search)}
        collapsible
        floating
        defaultCollapsed={folded}
      />
    </div>
  );
}
