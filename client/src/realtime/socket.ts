import {
  PROTOCOL_VERSION,
  type AckResult,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
} from '@yunzhan/shared';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ClientError } from '../lib/client-error';
import { isWireErrorCode } from '../lib/error-messages';

/** The typed socket.io client (the server's maps, reversed). */
export type YunzhanSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Longest wait for an acknowledgement, in milliseconds. Default 10 s. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * Opens a socket to the same origin; the session cookie authenticates it. When the server ends
 * the session or changes the account's rights (sign-out elsewhere, a new password, a new role) it
 * says so and disconnects: the socket reconnects by itself, authorised anew by the current
 * cookie; the push registry (data/socket-pushes.ts) reads the session again.
 * Features do not call this: they share the tab's one socket through `useSocket`
 * (client/src/data/socket-provider.tsx). `url` and `options` are for tests (default: same origin).
 */
export function connectSocket(url?: string, options: Partial<ManagerOptions & SocketOptions> = {}): YunzhanSocket {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  const settings = { auth, withCredentials: true, reconnectionDelayMax: 5_000, ...options };
  const socket: YunzhanSocket = url === undefined ? io(settings) : io(url, settings);
  let ended = false;
  socket.on('session:ended', () => {
    ended = true;
  });
  socket.on('disconnect', (reason) => {
    // socket.io does not reconnect after a server-side disconnect; this one asks for it.
    if (reason !== 'io server disconnect' || !ended) return;
    ended = false;
    setTimeout(() => socket.connect(), 200);
  });
  return socket;
}

/** The error a refused handshake carries (TOO_MANY_CONNECTIONS…), as a ClientError. */
export function connectErrorOf(error: Error & { data?: { code?: unknown; message?: unknown } }): ClientError {
  const code = error.data?.code;
  return isWireErrorCode(code) ? new ClientError(code, typeof error.data?.message === 'string' ? error.data.message : error.message) : new ClientError('INTERNAL', error.message);
}

/** Whether a connect_error is the server refusing this client's protocol version. */
export function isProtocolMismatch(error: unknown): boolean {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return data?.code === 'PROTOCOL_MISMATCH';
}

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type AckDataOf<E extends EventName> =
  Parameters<ClientToServerEvents[E]>[1] extends (result: AckResult<infer T>) => void ? T : never;

/**
 * Emits `event` and waits for its ack. Resolves with the ack's data; throws a ClientError with
 * the server's code on `{ ok: false }`, TIMEOUT when no ack comes, DISCONNECTED when offline
 * (rather than letting socket.io buffer the request and send it late).
 */
export async function request<E extends EventName>(
  socket: YunzhanSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<AckDataOf<E>> {
  if (!socket.connected) throw new ClientError('DISCONNECTED', `not connected (${event})`);
  // socket.io's emitWithAck types cannot follow a generic event name; the map above keeps the
  // payload and result types tied to the event for callers.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<unknown>;
  };
  let result: unknown;
  try {
    result = await timed.emitWithAck(event, payload);
  } catch {
    throw new ClientError('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`);
  }
  const ack = result as Partial<AckResult<AckDataOf<E>>> | null;
  if (ack?.ok === true) return (ack as { data: AckDataOf<E> }).data;
  const error = (ack as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && isWireErrorCode(error.code)) {
    throw new ClientError(error.code, typeof error.message === 'string' ? error.message : error.code, error.details);
  }
  throw new ClientError('INTERNAL', `malformed ack to ${event}`);
}
