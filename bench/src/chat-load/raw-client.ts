import { WebSocket } from 'ws';

// A socket.io client reduced to what a load generator needs, speaking the wire protocol
// (engine.io 4 over WebSocket, socket.io 5 packets) directly. 5,000 full socket.io-client
// instances in one process spend more CPU decoding than the server spends sending, and the
// figure would measure the generator; this one answers pings, sends events with acks, and hands
// each incoming event frame over as raw text, decoded only by whoever wants its contents.

/** Options of one raw client. */
export interface RawClientOptions {
  /** e.g. `ws://127.0.0.1:8080`. */
  url: string;
  /** Handshake auth (socket.io CONNECT payload). */
  auth?: Record<string, unknown>;
  /** Cookie header (a signed-in session). */
  cookie?: string;
  /** Called with the text of every event frame after the `42` prefix: `["name",payload,...]`. */
  onEvent?: (frame: string) => void;
}

/** One connected client. */
export interface RawClient {
  /** Emits an event and resolves with its acknowledgement's first argument. */
  request(event: string, payload: unknown, timeoutMs?: number): Promise<unknown>;
  /** Emits an event without an acknowledgement. */
  emit(event: string, payload: unknown): void;
  close(): void;
}

/** Connects (WebSocket, engine.io handshake, socket.io CONNECT) and resolves when accepted. */
export function connectRaw(options: RawClientOptions): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${options.url}/socket.io/?EIO=4&transport=websocket`, {
      headers: options.cookie ? { cookie: options.cookie } : {},
      perMessageDeflate: false,
    });
    const acks = new Map<number, (value: unknown) => void>();
    let nextAck = 0;
    let connected = false;
    const client: RawClient = {
      request(event, payload, timeoutMs = 30_000) {
        const id = nextAck++;
        return new Promise((done, fail) => {
          const timer = setTimeout(() => {
            acks.delete(id);
            fail(new Error(`${event}: no ack in ${timeoutMs} ms`));
          }, timeoutMs);
          acks.set(id, (value) => {
            clearTimeout(timer);
            done(value);
          });
          ws.send(`42${id}${JSON.stringify([event, payload])}`);
        });
      },
      emit(event, payload) {
        ws.send(`42${JSON.stringify([event, payload])}`);
      },
      close() {
        ws.close();
      },
    };
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      switch (text[0]) {
        case '0': // engine.io OPEN: ask for the default namespace
          ws.send(`40${JSON.stringify(options.auth ?? {})}`);
          return;
        case '2': // engine.io PING
          ws.send('3');
          return;
        case '4':
          break;
        default:
          return;
      }
      const type = text[1];
      if (type === '2') options.onEvent?.(text.slice(2));
      else if (type === '3') {
        const at = text.indexOf('[');
        const ack = acks.get(Number(text.slice(2, at)));
        if (ack) {
          acks.delete(Number(text.slice(2, at)));
          ack((JSON.parse(text.slice(at)) as unknown[])[0]);
        }
      } else if (type === '0' && !connected) {
        connected = true;
        resolve(client);
      } else if (type === '4') {
        ws.close();
        reject(new Error(`connect refused: ${text.slice(2)}`));
      }
    });
    ws.on('error', (err) => {
      if (!connected) reject(err);
    });
    ws.on('close', () => {
      if (!connected) reject(new Error('closed before connecting'));
    });
  });
}
