import { z } from 'zod';
import { EventId } from './events';
import { Username } from './users';

/** Longest live caption, in characters: two lines of subtitles. */
export const CAPTION_MAX_LENGTH = 200;
/** How long a caption stays up when no next one replaces it, in seconds. */
export const CAPTION_HOLD_SECONDS = 6;

/**
 * Payload of `caption:send`: a line of live captions typed by one of the event's captioners, a host
 * of the event or an admin.
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

/** Most captioners one event may have. */
export const MAX_CAPTIONERS = 20;

/**
 * Body of `PUT /api/events/:id/captioners` (the event's hosts, admins): the accounts that may type
 * the event's live captions, by sign-in name; it replaces the list. Names are matched without
 * regard to case; a name given twice counts once.
 */
export const CaptionersInput = z.strictObject({
  usernames: z.array(Username).max(MAX_CAPTIONERS),
});
export type CaptionersInput = z.infer<typeof CaptionersInput>;

/** A captioner of an event, as `GET /api/events/:id/captioners` lists them (by username). */
export const Captioner = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
});
export type Captioner = z.infer<typeof Captioner>;

/** Answer of `GET`/`PUT /api/events/:id/captioners`. */
export const CaptionerList = z.array(Captioner);
export type CaptionerList = z.infer<typeof CaptionerList>;

/** Answer of `GET /api/events/:id/captioners/me`: whether the signed-in account is one of the event's captioners. */
export const CaptionerStatus = z.object({ captioner: z.boolean() });
export type CaptionerStatus = z.infer<typeof CaptionerStatus>;
