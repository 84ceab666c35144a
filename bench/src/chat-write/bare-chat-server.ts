import http from 'node:http';
import { Server } from 'socket.io';
import { hashToken } from '../vote-storm/bare-vote-http';
import { bareSqliteChatWriter, barePgChatWriter } from './bare-chat-writer';

// The baseline of the chat write path through a server: the least a socket.io server can do to
// store a chat message before its ack. At connect it finds the account by the session cookie (one
// query, as the real server does once per connection); `event:join` joins the channel's room;
// `chat:send` in a joined room stores the message with the bare driver (the real store's
// statements, one transaction) and acks `{ ok, data: { seq } }`. No zod, policies, rate limits,
// keyword rules or fan-out. Run as its own process; prints `{"port":N}` when it listens.
// Env: BARE_CHAT_DB (SQLite file) or BARE_CHAT_DB_URL (PostgreSQL), already migrated and holding
// the accounts and sessions.

const db = process.env.BARE_CHAT_DB_URL ? barePgChatWriter(process.env.BARE_CHAT_DB_URL) : bareSqliteChatWriter(process.env.BARE_CHAT_DB!);
type Ack = (answer: unknown) => void;
const fail = (ack: Ack, code: string) => ack({ ok: false, error: { code, message: code } });

const server = http.createServer();
const io = new Server(server, { serveClient: false, transports: ['websocket'] });
io.use((socket, next) => {
  const token = /(?:^|;\s*)yz_session=([^;]+)/.exec(socket.handshake.headers.cookie ?? '')?.[1];
  if (!token) return next(new Error('UNAUTHENTICATED'));
  db.sessionUser(hashToken(token), new Date().toISOString()).then(
    (user) => {
      if (!user) return next(new Error('UNAUTHENTICATED'));
      socket.data.user = user;
      next();
    },
    (err: unknown) => next(err as Error),
  );
});
io.on('connection', (socket) => {
  socket.on('event:join', (input: { eventId?: unknown }, ack: Ack) => {
    if (typeof input?.eventId !== 'string') return fail(ack, 'VALIDATION_FAILED');
    void socket.join(`event:${input.eventId}`);
    ack({ ok: true, data: {} });
  });
  socket.on('chat:send', (input: { channel?: unknown; text?: unknown; clientId?: unknown }, ack: Ack) => {
    if (typeof input?.channel !== 'string' || typeof input.text !== 'string' || typeof input.clientId !== 'string') return fail(ack, 'VALIDATION_FAILED');
    if (!socket.rooms.has(input.channel)) return fail(ack, 'NOT_FOUND');
    const user = socket.data.user as { id: string; display_name: string };
    db.insert({ channel: input.channel, userId: user.id, displayName: user.display_name, text: input.text, clientId: input.clientId }).then(
      (seq) => ack({ ok: true, data: { seq } }),
      (err: unknown) => ack({ ok: false, error: { code: 'INTERNAL', message: String(err) } }),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void io.close();
    db.close().finally(() => process.exit(0));
  });
}
