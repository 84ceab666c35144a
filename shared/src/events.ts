import { z } from 'zod';

/** Identifier of a live event: lowercase letters, digits and dashes. */
export const EventId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and - only');
export type EventId = z.infer<typeof EventId>;

/** Lifecycle of a live event. */
export const EventStatus = z.enum(['scheduled', 'live', 'ended']);
export type EventStatus = z.infer<typeof EventStatus>;

/** Where the HLS output of an event is, relative to the site root. */
export const HlsInfo = z.object({
  /** e.g. `/hls/<streamId>/master.m3u8` */
  master: z.string(),
  /** The LL-HLS multivariant playlist (`/hls/<streamId>/ll/master.m3u8`), while a live serves one. */
  lowLatency: z.string().optional(),
});
export type HlsInfo = z.infer<typeof HlsInfo>;

/** One entry of GET /api/events. */
export const EventSummary = z.object({
  id: EventId,
  title: z.string(),
  description: z.string(),
  status: EventStatus,
  /** ISO time the event is scheduled to start. */
  startsAt: z.string(),
  /** ISO time the last live started, when it has. */
  startedAt: z.string().nullable(),
  /** ISO time the last live ended, when it has. */
  endedAt: z.string().nullable(),
  /** The stream to play (live, or the replay once ended); null before the first live. */
  hls: HlsInfo.nullable(),
  /** The last live as one MP4 file (remuxed, not re-encoded), once it has been published. */
  recording: z.object({ url: z.string() }).nullable(),
  /** Ids of the users who may publish to this event. */
  hostIds: z.array(z.string()),
  /** People in the event's room right now. */
  viewerCount: z.number().int().nonnegative(),
});
export type EventSummary = z.infer<typeof EventSummary>;

/** Body of POST /api/events (admin). */
export const CreateEventInput = z.object({
  id: EventId.optional(),
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).default(''),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  hostIds: z.array(z.string()).max(20).default([]),
});
export type CreateEventInput = z.infer<typeof CreateEventInput>;

/** Live state pushed to everyone in an event's room. */
export const LiveState = z.object({
  eventId: EventId,
  status: EventStatus,
  hls: HlsInfo.nullable(),
  startedAt: z.string().nullable(),
  viewerCount: z.number().int().nonnegative(),
  /** True while the media pipeline is restarting after a failure. */
  recovering: z.boolean(),
  /** True while a live waits for its publisher to come back (the host may resume it). */
  awaitingPublisher: z.boolean(),
});
export type LiveState = z.infer<typeof LiveState>;

/**
 * `GET /api/events/:id/ingest` (the event's hosts, admins): where broadcast software publishes
 * the event. `whip`: the WHIP endpoint (RFC 9725) and its bearer token. `rtmp`: the server URL
 * (`rtmp://host:port/live`) and the stream key (`<event id>.<token>`). `srt`: the caller URL with
 * that key as its `streamid`. Each is null while its listener is off (RTMP_PORT, SRT_PORT).
 */
export const IngestInfo = z.object({
  whip: z.object({ url: z.string(), token: z.string() }),
  rtmp: z.object({ url: z.string(), streamKey: z.string() }).nullable(),
  srt: z.object({ url: z.string() }).nullable(),
});
export type IngestInfo = z.infer<typeof IngestInfo>;
