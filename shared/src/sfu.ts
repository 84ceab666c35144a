import { z } from 'zod';
// Socket payload schemas are strict: an unknown key is a malformed payload, not something to ignore.
import { EventId } from './events';

// mediasoup's own objects (RTP capabilities, DTLS and RTP parameters) are deep structures that
// mediasoup validates itself; at the socket boundary we check they are objects of sane size and
// let mediasoup reject bad contents (its TypeError becomes a VALIDATION_FAILED ack).
const MediasoupObject = z.record(z.string(), z.unknown());

/** Payload naming only an event. */
export const EventRef = z.strictObject({ eventId: EventId });
export type EventRef = z.infer<typeof EventRef>;

/** Payload of `sfu:connect-transport`. */
export const ConnectTransportInput = z.strictObject({
  eventId: EventId,
  transportId: z.string().min(1).max(64),
  dtlsParameters: MediasoupObject,
});
export type ConnectTransportInput = z.infer<typeof ConnectTransportInput>;

/** Payload of `sfu:produce`. */
export const ProduceInput = z.strictObject({
  eventId: EventId,
  transportId: z.string().min(1).max(64),
  kind: z.enum(['audio', 'video']),
  rtpParameters: MediasoupObject,
});
export type ProduceInput = z.infer<typeof ProduceInput>;

/** Payload of `sfu:consume`: receive a producer of the event on one of the connection's receive transports. */
export const ConsumeInput = z.strictObject({
  eventId: EventId,
  transportId: z.string().min(1).max(64),
  producerId: z.string().min(1).max(64),
  rtpCapabilities: MediasoupObject,
});
export type ConsumeInput = z.infer<typeof ConsumeInput>;

/** Payload of `sfu:resume-consumer` (and of closing one): a consumer of the connection. */
export const ConsumerRef = z.strictObject({
  eventId: EventId,
  consumerId: z.string().min(1).max(64),
});
export type ConsumerRef = z.infer<typeof ConsumerRef>;

/** What the client needs to create its side of a consumer (mediasoup-client's `transport.consume`). It starts paused. */
export interface ConsumerOptions {
  id: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: unknown;
  type: string;
  producerPaused: boolean;
}

/** What the client needs to create its side of a WebRTC transport. */
export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}
