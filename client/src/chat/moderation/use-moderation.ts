import { ChannelSettings, ModQueue, ModState, type ChatChannel, type ModerationInput } from '@yunzhan/shared';
import { useCallback, useEffect, useState } from 'react';
import { ClientError } from '../../lib/client-error';
import { request, type YunzhanSocket } from '../../realtime/socket';

/** A moderation action as the UI sends it (fields with defaults may be left out). */
export type ModAction = ModerationInput['action'] | { type: 'mute'; userId: string; seconds: number } | { type: 'ban'; userId: string };

/** A channel's moderation, for its moderators. */
export interface Moderation {
  /** Settings, review queue and log; null until loaded (or for non-moderators). */
  state: ModState | null;
  /** Sends one action; throws a ClientError when refused. Refreshes the log afterwards. */
  act: (action: ModAction) => Promise<void>;
  /** Loads the state again. */
  refresh: () => Promise<void>;
}

/**
 * Loads a channel's moderation state when `enabled` (the viewer moderates it), again after every
 * join, and keeps it current from `mod:changed` and `mod:queue`.
 */
export function useModeration(socket: YunzhanSocket | null, channel: ChatChannel, enabled: boolean, joinCount: number): Moderation {
  const [state, setState] = useState<ModState | null>(null);

  const refresh = useCallback(async () => {
    if (!socket || !enabled) return;
    const parsed = ModState.safeParse(await request(socket, 'mod:state', { channel }));
    if (!parsed.success) throw new ClientError('INTERNAL', 'malformed mod:state');
    setState(parsed.data);
  }, [socket, channel, enabled]);

  useEffect(() => {
    if (!enabled) {
      setState(null);
      return;
    }
    if (joinCount > 0) refresh().catch((error: unknown) => console.warn('mod:state failed', error));
  }, [enabled, joinCount, refresh]);

  useEffect(() => {
    if (!socket || !enabled) return;
    const onChanged = (payload: { channel: ChatChannel; settings: ChannelSettings }) => {
      const parsed = ChannelSettings.safeParse(payload?.settings);
      if (payload?.channel !== channel || !parsed.success) return;
      setState((s) => (s ? { ...s, settings: parsed.data } : s));
    };
    const onQueue = (payload: ModQueue) => {
      const parsed = ModQueue.safeParse(payload);
      if (!parsed.success || parsed.data.channel !== channel) return;
      setState((s) => (s ? { ...s, held: parsed.data.held, reports: parsed.data.reports } : s));
    };
    socket.on('mod:changed', onChanged);
    socket.on('mod:queue', onQueue);
    return () => {
      socket.off('mod:changed', onChanged);
      socket.off('mod:queue', onQueue);
    };
  }, [socket, channel, enabled]);

  const act = useCallback(
    async (action: ModAction) => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      await request(socket, 'mod:act', { channel, action });
      // The log only comes with mod:state; settings and queue also arrive pushed.
      if (enabled) await refresh().catch(() => undefined);
    },
    [socket, channel, enabled, refresh],
  );

  return { state, act, refresh };
}
