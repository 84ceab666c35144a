import type { Asset } from './assets';
import type { ChatMessage, ChatSendInput } from './chat';
import type { ErrorInfo } from './errors';
import type { LiveState } from './events';
import type { ConnectTransportInput, EventRef, ProduceInput, TransportOptions } from './sfu';
import type { PublicUser } from './users';

/** Result passed to every socket.io acknowledgement. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };
/** An acknowledgement callback. */
export type Ack<T> = (result: AckResult<T>) => void;

/** Data the client sends in the handshake (`io(url, { auth })`). */
export interface HandshakeAuth {
  protocolVersion: number;
}

/** What a viewer gets on joining an event's room. */
export interface JoinResult {
  live: LiveState;
  history: ChatMessage[];
  /** The signed-in user, or null for an anonymous viewer. */
  user: PublicUser | null;
}

/** Events the client emits. Every payload is validated by the server with its shared schema. */
export interface ClientToServerEvents {
  'event:join': (payload: EventRef, ack: Ack<JoinResult>) => void;
  'event:leave': (payload: EventRef, ack: Ack<null>) => void;
  'chat:send': (payload: ChatSendInput, ack: Ack<ChatMessage>) => void;
  'sfu:capabilities': (payload: EventRef, ack: Ack<{ routerRtpCapabilities: unknown }>) => void;
  'sfu:create-send-transport': (payload: EventRef, ack: Ack<TransportOptions>) => void;
  'sfu:connect-transport': (payload: ConnectTransportInput, ack: Ack<null>) => void;
  'sfu:produce': (payload: ProduceInput, ack: Ack<{ producerId: string }>) => void;
  'live:start': (payload: EventRef, ack: Ack<LiveState>) => void;
  'live:end': (payload: EventRef, ack: Ack<LiveState>) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'live:state': (state: LiveState) => void;
  'chat:message': (message: ChatMessage) => void;
  'presence:count': (payload: { eventId: string; count: number }) => void;
  /** Something went wrong outside a request (e.g. the media pipeline failed). */
  notice: (payload: { level: 'info' | 'warning' | 'error'; error?: ErrorInfo; message: string }) => void;
  /** An upload of this user changed: transcode progress, ready (with its URLs) or failed (with its code). */
  'asset:progress': (asset: Asset) => void;
}

/** Events between server nodes (none yet). */
export type InterServerEvents = Record<string, never>;

/** Per-socket data the server keeps. */
export interface SocketData {
  user: PublicUser | null;
  /** Client address, for rate limits. */
  address: string;
}
