// The chat log as the panel keeps it: messages merged from join history, coalesced batches,
// history pages, catch-up pages and send acks — each kept once (by id), in channel order (seq),
// with moderation updates applied. Pure functions over plain data; generic over the fields they
// read so they do not care about the rest of the message.

/** What the log needs of a message. */
export interface LogMessage {
  id: string;
  /** Position in its channel: increases by one per message. */
  seq: number;
  status: 'visible' | 'held' | 'hidden' | 'deleted';
  userId: string;
  pinned: boolean;
}

/** Most messages kept while following the live chat; paging back raises it (see `keepAfterPage`). */
export const CHAT_LOG_LIMIT = 200;

/** Whether `viewer` may see `message`: moderators see everything, authors their own held/hidden ones. */
export function canSee(message: LogMessage, viewer: { userId: string | null; moderator: boolean }): boolean {
  if (viewer.moderator) return true;
  if (message.status === 'visible') return true;
  return message.status !== 'deleted' && viewer.userId !== null && message.userId === viewer.userId;
}

/**
 * Adds `incoming` to `log`: one copy per id (the later copy wins: an ack, a batch and an update
 * may all carry one message), ordered by seq, the oldest dropped beyond `limit`. Returns `log`
 * itself when nothing changed, so React skips the render.
 */
export function mergeMessages<T extends LogMessage>(log: readonly T[], incoming: readonly T[], limit = CHAT_LOG_LIMIT): T[] {
  if (incoming.length === 0) return log as T[];
  const byId = new Map<string, T>();
  for (const m of log) byId.set(m.id, m);
  let changed = false;
  for (const m of incoming) {
    const existing = byId.get(m.id);
    if (existing && sameMessage(existing, m)) continue;
    byId.set(m.id, m);
    changed = true;
  }
  if (!changed) return log as T[];
  const merged = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}

/**
 * Applies a `chat:update`: replaces the message, adds it when it became visible to this viewer
 * (a held message approved), and removes it when the viewer may no longer see it.
 */
export function applyUpdate<T extends LogMessage>(
  log: readonly T[],
  message: T,
  viewer: { userId: string | null; moderator: boolean },
  limit = CHAT_LOG_LIMIT,
): T[] {
  if (!canSee(message, viewer)) {
    const next = log.filter((m) => m.id !== message.id);
    return next.length === log.length ? (log as T[]) : next;
  }
  return mergeMessages(log, [message], Math.max(limit, log.length));
}

/** The pinned messages, newest first, after an update or a fresh list from join. */
export function updatePinned<T extends LogMessage>(pinned: readonly T[], message: T): T[] {
  const rest = pinned.filter((m) => m.id !== message.id);
  if (message.pinned && message.status === 'visible') return [message, ...rest].sort((a, b) => b.seq - a.seq);
  return rest.length === pinned.length ? (pinned as T[]) : rest;
}

/** The highest seq in the log (the last message seen), or null when it is empty. */
export function lastSeq(log: readonly LogMessage[]): number | null {
  let max: number | null = null;
  for (const m of log) if (max === null || m.seq > max) max = m.seq;
  return max;
}

/** The lowest seq in the log (where paging back continues), or null when it is empty. */
export function firstSeq(log: readonly LogMessage[]): number | null {
  let min: number | null = null;
  for (const m of log) if (min === null || m.seq < min) min = m.seq;
  return min;
}

/** The log's limit after loading one more page of `pageSize` older messages (they must not be trimmed at once). */
export function keepAfterPage(currentLimit: number, logLength: number, pageSize: number): number {
  return Math.max(currentLimit, logLength + pageSize);
}

/** Whether `text` mentions `username` (`@name`, not inside a longer name), case-insensitively. */
export function mentionsName(text: string, username: string): boolean {
  if (!username) return false;
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.-])@${escaped}(?![\\w.-]*[\\w])`, 'iu').test(text);
}

/** Whether two copies of one message show the same (status, pin and text are what changes). */
function sameMessage(a: LogMessage, b: LogMessage): boolean {
  if (a === b) return true;
  const text = (m: LogMessage) => (m as LogMessage & { text?: unknown }).text;
  return a.seq === b.seq && a.status === b.status && a.pinned === b.pinned && text(a) === text(b);
}
