import { z } from 'zod';
import { EventId } from './events';

/** Longest chat message, in characters (after trimming). */
export const CHAT_MAX_LENGTH = 500;
/** How many recent messages a joining viewer receives. */
export const CHAT_HISTORY_LIMIT = 50;

/** A stored chat message. `text` is plain text: render it escaped, never as HTML. */
export const ChatMessage = z.object({
  id: z.string(),
  eventId: EventId,
  userId: z.string(),
  displayName: z.string(),
  text: z.string(),
  /** ISO time the server stored it. */
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Payload of `chat:send`. */
export const ChatSendInput = z.strictObject({
  eventId: EventId,
  text: z.string().trim().min(1, 'empty message').max(CHAT_MAX_LENGTH),
});
export type ChatSendInput = z.infer<typeof ChatSendInput>;
