import { ChannelSettings, ModQueue, ModState, type ChatChannel, type ModerationInput } from '@yunzhan/shared';
import { skipToken, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { updateHeld } from '../../data/pushed-entries';
import { queryKeys } from '../../data/query-keys';
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
 * The moderation query of a channel (`mod:state`). Only a moderator gets an answer, so a hall's
 * chat also reads it to learn whether the viewer moderates (use-chat-channel.ts). Not retried
 * (a refusal is the answer); the channel's joins read it again.
 */
export function moderationQuery(socket: YunzhanSocket | null, channel: ChatChannel) {
  return {
    queryKey: queryKeys.chat.moderation(channel),
    queryFn: socket
      ? async (): Promise<ModState> => {
          const parsed = ModState.safeParse(await request(socket, 'mod:state', { channel }));
          if (!parsed.success) throw new ClientError('INTERNAL', 'malformed mod:state');
          return parsed.data;
        }
      : skipToken,
    gcTime: 0,
    retry: false,
  } as const;
}

// ---- pushes (registered in data/socket-pushes.ts) ----

/** `mod:changed`: a channel's settings changed; the moderators' state follows. */
export function receiveModSettings(queryClient: QueryClient, payload: unknown): void {
  const { channel, settings } = (payload ?? {}) as { channel?: unknown; settings?: unknown };
  const parsed = ChannelSettings.safeParse(settings);
  if (typeof channel !== 'string' || !parsed.success) return;
  updateHeld<ModState>(queryClient, queryKeys.chat.moderation(channel as ChatChannel), (state) => ({ ...state, settings: parsed.data }));
}

/** `mod:queue`: the review queue (held messages, reports) changed. */
export function receiveModQueue(queryClient: QueryClient, payload: unknown): void {
  const parsed = ModQueue.safeParse(payload);
  if (!parsed.success) return;
  const { channel, held, reports } = parsed.data;
  updateHeld<ModState>(queryClient, queryKeys.chat.moderation(channel), (state) => ({ ...state, held, reports }));
}

/**
 * A channel's moderation state when `enabled` (the viewer moderates it), from the query cache:
 * loaded after the first join, again after every join (the chat hook invalidates it), kept current
 * by `mod:changed` and `mod:queue`. An action is a mutation that invalidates it (the log only
 * comes with `mod:state`).
 */
export function useModeration(socket: YunzhanSocket | null, channel: ChatChannel, enabled: boolean, joinCount: number): Moderation {
  const queryClient = useQueryClient();
  const query = useQuery({ ...moderationQuery(socket, channel), enabled: enabled && joinCount > 0 });
  const { refetch } = query;

  const refresh = useCallback(async () => {
    if (!socket || !enabled) return;
    await refetch({ throwOnError: true });
  }, [socket, enabled, refetch]);

  const { mutateAsync } = useMutation({
    mutationFn: async (action: ModAction) => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      await request(socket, 'mod:act', { channel, action });
    },
    // Settings and queue also arrive pushed; the log does not.
    onSuccess: () => (enabled ? queryClient.invalidateQueries({ queryKey: queryKeys.chat.moderation(channel) }) : undefined),
  });
  const act = useCallback(async (action: ModAction) => void (await mutateAsync(action)), [mutateAsync]);

  return { state: enabled ? (query.data ?? null) : null, act, refresh };
}
