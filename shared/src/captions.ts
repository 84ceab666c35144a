import { z } from 'zod';
import { EventId } from './events';

/** Longest live caption, in characters: two lines of subtitles. */
export const CAPTION_MAX_LENGTH = 200;
/** How long a caption stays up when no next one replaces it, in seconds. */
export const CAPTION_HOLD_SECONDS = 6;

/**
 * Payload of `caption:send`: a line of live captions typed by a host of the event or an admin.
 * Plain text on one line (line breaks and other control characters are refused).
 */
export const CaptionInput = z.strictObject({
  eventId: EventId,
  text: z
    .string()
    .trim()
    .min(1, 'empty caption')
    .max(CAPTION_MAX_LENGTH)
    // eslint-disable-next-line no-control-regex
    .refine((t) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(t), 'one line of plain text'),
});
export type CaptionInput = z.infer<typeof CaptionInput>;

/**
 * A live caption: `at` is when it was sent (the server's clock), the moment of the picture it
 * belongs to; viewers show it when their picture reaches it, and replays keep it. `text` is plain
 * text: render it escaped.
 */
export const Caption = z.object({
  id: z.string(),
  eventId: EventId,
  text: z.string(),
  at: z.string(),
});
export type Caption = z.infer<typeof Caption>;
