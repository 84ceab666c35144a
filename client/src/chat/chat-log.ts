import type { ChatMessage } from '@yunzhan/shared';

/** Most messages kept on screen; older ones drop off the top. */
export const CHAT_LOG_LIMIT = 200;

/**
 * Adds `incoming` to `log`: a message already there (same id, e.g. both the send ack and the
 * broadcast) is kept once, order is by server time, and only the last `limit` remain.
 */
export function mergeMessages(log: readonly ChatMessage[], incoming: readonly ChatMessage[], limit = CHAT_LOG_LIMIT): ChatMessage[] {
  if (incoming.length === 0) return log as ChatMessage[];
  const byId = new Map<string, ChatMessage>();
  for (const m of log) byId.set(m.id, m);
  let added = false;
  for (const m of incoming) {
    if (!byId.has(m.id)) added = true;
    byId.set(m.id, m);
  }
  if (!added) return log as ChatMessage[];
  const merged = [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}
