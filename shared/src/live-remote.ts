import { z } from 'zod';
import { RtpListenPorts, type JobEvent } from './jobs';

// What crosses Redis between a server and the media worker running one of its live ladders
// (LIVE_WORKERS=remote): both sides parse every message with these schemas.

/** A job's lifecycle state on the wire. */
export const JobStateSchema = z.enum(['starting', 'running', 'restarting', 'stopping', 'completed', 'failed', 'cancelled']);

/** A JobEvent as it crosses Redis. */
export const JobEventSchema: z.ZodType<JobEvent> = z.union([
  z.object({ type: z.literal('state'), state: JobStateSchema, attempt: z.number().int(), error: z.string().max(4000).optional() }),
  z.object({
    type: z.literal('rtp-listening'),
    address: z.string().min(1).max(255),
    ports: z.array(RtpListenPorts).min(1).max(2),
    origin: z.string().url().max(500).optional(),
  }),
  z.object({ type: z.literal('input-ready'), attempt: z.number().int() }),
  z.object({ type: z.literal('progress'), segments: z.number().int().nonnegative().optional(), discontinuitySequence: z.number().int().nonnegative().optional(), percent: z.number().optional() }),
  z.object({
    type: z.literal('crashed'),
    attempt: z.number().int(),
    exitCode: z.number().int().nullable(),
    signal: z.string().max(40).nullable(),
    stderrTail: z.string().max(20_000),
  }),
]) as z.ZodType<JobEvent>;

/** Worker → server. */
export const LiveWorkerMessage = z.discriminatedUnion('kind', [
  /** An event of the job, with where the job stands after it. */
  z.object({
    kind: z.literal('event'),
    event: JobEventSchema,
    state: JobStateSchema,
    pid: z.number().int().positive().optional(),
    worker: z.string().max(200),
  }),
  /** The answer to a command. */
  z.object({ kind: z.literal('ack'), cmd: z.enum(['stop', 'restart']), ok: z.boolean(), error: z.string().max(4000).optional() }),
]);
export type LiveWorkerMessage = z.infer<typeof LiveWorkerMessage>;

/**
 * Where a live's ladder listens and serves, kept with its queued job by the worker running it, so
 * that a web node adopting the live (the node that started it died) can send it RTP at once.
 */
export const LiveListening = z.object({
  address: z.string().min(1).max(255),
  ports: z.array(RtpListenPorts).min(1).max(2),
  origin: z.string().url().max(500).optional(),
});
export type LiveListening = z.infer<typeof LiveListening>;

/** Server → worker. */
export const LiveControlMessage = z.object({ cmd: z.enum(['stop', 'restart']) });
export type LiveControlMessage = z.infer<typeof LiveControlMessage>;

