import dgram from 'node:dgram';
import fs from 'node:fs';

// The UDP sinks of the SFU consumers bench, in a process of their own (spawnTs with IPC): binds
// SINK_SOCKETS sockets on 127.0.0.1, says {ports} once they listen, and answers each 'count'
// message with the RTP packets received so far (RTCP not counted) and the kernel's drop counter of
// its sockets (/proc/net/udp), so a shortfall at the sinks can be told apart from one in mediasoup.
const count = Number(process.env.SINK_SOCKETS ?? 8);
let packets = 0;
let bytes = 0;
const sockets: dgram.Socket[] = [];

for (let i = 0; i < count; i++) {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  socket.on('message', (msg) => {
    // 192-223 in the second byte is RTCP (RFC 5761); SRTP leaves the header in the clear.
    if (msg[1]! < 192 || msg[1]! > 223) {
      packets++;
      bytes += msg.length;
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  sockets.push(socket);
}
const ports = sockets.map((s) => s.address().port);

/** Drops the kernel counted on our sockets (receive buffer full): the last column of /proc/net/udp. */
function kernelDrops(): number {
  const hex = new Set(ports.map((p) => p.toString(16).toUpperCase().padStart(4, '0')));
  let drops = 0;
  for (const line of fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    if (hex.has(cols[1]!.split(':')[1]!)) drops += Number(cols[cols.length - 1]);
  }
  return drops;
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'count') process.send!({ type: 'count', packets, bytes, drops: kernelDrops() });
  if (m.type === 'stop') {
    for (const s of sockets) s.close();
    process.disconnect();
  }
});
process.send!({ type: 'ports', ports });
