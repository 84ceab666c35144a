import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import { delay } from '../util/delay';

/** An RTP port and the RTCP port after it, as ffmpeg's SDP input expects (it ignores `a=rtcp`). */
export interface PortPair {
  rtp: number;
  rtcp: number;
}

function bind(port: number, address: string): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, address, () => resolve(socket));
  });
}

/**
 * Binds a UDP socket on `host`: on a free port of `range` (tried in a random order, so that
 * several workers on one host rarely collide) or, without a range, any port the OS picks.
 * Rejects when every port of the range is taken.
 */
export async function bindUdpInRange(host: string, range: { min: number; max: number } | undefined, options: { recvBufferSize?: number } = {}): Promise<dgram.Socket> {
  const type = host.includes(':') ? 'udp6' : 'udp4';
  const tryBind = (port: number) =>
    new Promise<dgram.Socket | undefined>((resolve, reject) => {
      const socket = dgram.createSocket({ type, ...(options.recvBufferSize ? { recvBufferSize: options.recvBufferSize } : {}) });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.close();
        if (err.code === 'EADDRINUSE' && range) resolve(undefined);
        else reject(err);
      });
      socket.bind(port, host, () => resolve(socket));
    });
  if (!range) return (await tryBind(0))!;
  const size = range.max - range.min + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const socket = await tryBind(range.min + ((start + i) % size));
    if (socket) return socket;
  }
  throw new Error(`No free UDP port in ${range.min}-${range.max} on ${host}`);
}

/**
 * Finds `count` pairs of free consecutive UDP ports on `address` by binding them (the OS picks
 * the first of each), then releases them for ffmpeg. Another process could take one in between;
 * ffmpeg then fails to bind and the run is retried with fresh ports.
 */
export async function findFreePortPairs(count: number, address: string): Promise<PortPair[]> {
  const held: dgram.Socket[] = [];
  const pairs: PortPair[] = [];
  try {
    for (let attempt = 0; pairs.length < count && attempt < 50; attempt++) {
      const first = await bind(0, address);
      if (!first) continue;
      held.push(first);
      const rtp = first.address().port;
      if (rtp >= 65535) continue;
      const second = await bind(rtp + 1, address);
      if (!second) continue;
      held.push(second);
      pairs.push({ rtp, rtcp: rtp + 1 });
    }
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
  if (pairs.length < count) throw new Error(`Could not find ${count} free UDP port pairs on ${address}`);
  return pairs;
}

/** Local UDP ports currently bound on this host, from /proc/net/udp{,6}; undefined if unreadable. */
export async function boundUdpPorts(): Promise<Set<number> | undefined> {
  const ports = new Set<number>();
  let readable = false;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const port = local ? parseInt(local.split(':')[1] ?? '', 16) : NaN;
      if (Number.isFinite(port)) ports.add(port);
    }
  }
  return readable ? ports : undefined;
}

/**
 * Waits until every port in `ports` is bound (ffmpeg has opened its inputs), polling every
 * 20 ms. Returns false on timeout or abort. Without /proc it waits a fixed 500 ms.
 */
export async function waitForBoundPorts(ports: readonly number[], timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!signal?.aborted && Date.now() < deadline) {
    const bound = await boundUdpPorts();
    if (!bound) {
      await delay(500, signal);
      return !signal?.aborted;
    }
    if (ports.every((p) => bound.has(p))) return true;
    await delay(20, signal);
  }
  return false;
}
