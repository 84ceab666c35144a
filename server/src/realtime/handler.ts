import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
  RateLimitedError,
  parseOrThrow,
  type AckResult,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from '@yunzhan/shared';
import { toErrorInfo } from '../http/errors';
import type { RateLimiter } from '../limits/rate-limiter';

/** A server-side socket typed with the shared event map. */
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The data type of an event's successful ack. */
export type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends (result: AckResult<infer T>) => void ? T : never;

const handled = new WeakMap<AppSocket, Set<string>>();

/** The events registered on a socket through `handle` (any other event is unknown). */
export function handledEvents(socket: AppSocket): ReadonlySet<string> {
  return handled.get(socket) ?? new Set();
}

/**
 * Registers a handler that validates its payload with `schema`, answers through the ack with
 * `{ ok, data }` or `{ ok: false, error }`, and never lets an exception escape into socket.io.
 */
export function handle<E extends keyof ClientToServerEvents, S extends z.ZodType>(
  socket: AppSocket,
  event: E,
  schema: S,
  limiter: RateLimiter,
  logger: Logger,
  run: (payload: z.infer<S>) => Promise<AckData<E>>,
): void {
  let events = handled.get(socket);
  if (!events) handled.set(socket, (events = new Set()));
  events.add(event);
  // socket.io's typed `on` cannot express "any event of the map" generically; the cast is local.
  (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      // Nothing to answer on; drop it. A conforming client always sends an ack.
      logger.debug({ event }, 'socket event without ack dropped');
      return;
    }
    const reply = (result: AckResult<AckData<E>>) => {
      try {
        (ack as (r: unknown) => void)(result);
      } catch {
        // the client went away
      }
    };
    void (async () => {
      try {
        const wait = await limiter.take(socket.id);
        if (wait > 0) throw new RateLimitedError(wait);
        const payload = parseOrThrow(schema, args.length > 1 ? args[0] : undefined);
        reply({ ok: true, data: await run(payload) });
      } catch (err) {
        const error = toErrorInfo(err);
        if (error.code === 'INTERNAL') logger.error({ err, event }, 'socket handler failed');
        reply({ ok: false, error });
      }
    })();
  });
}
