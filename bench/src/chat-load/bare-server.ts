import http from 'node:http';
import { Server } from 'socket.io';

// The baseline of the chat load bench: the least a socket.io server can do for a chat room.
// Every client joins one room; each `chat` event is broadcast to the room at once (no auth, no
// storage, no batching). Run as its own process; prints `{"port":N}` when it listens.

const server = http.createServer();
const io = new Server(server, { serveClient: false, transports: ['websocket'] });
io.on('connection', (socket) => {
  void socket.join('room');
  socket.on('chat', (message: unknown) => {
    io.to('room').emit('chat', message);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void io.close();
    process.exit(0);
  });
}
