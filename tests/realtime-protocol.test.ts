import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_MAX_LENGTH, PROTOCOL_VERSION, eventChannel, type AckResult } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { HOST_PASSWORD, connectClient, signIn, startTestServer, type TestServer, type TestSocket } from './helpers/server';

// The realtime protocol against the real server on a free port, with typed clients.
let server: TestServer;
const CHANNEL = eventChannel(DEMO_CAMERA_EVENT);
let hostCookie: string;
const sockets: TestSocket[] = [];

const connect = async (cookie?: string, version?: number) => {
  const s = await connectClient(server.url, cookie, version);
  sockets.push(s);
  return s;
};
/** Emits an arbitrary (possibly malformed) event and returns the ack. */
const emitRaw = (socket: TestSocket, event: string, ...args: unknown[]) =>
  new Promise<AckResult<unknown>>((resolve) => (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args, resolve));

beforeAll(async () => {
  server = await startTestServer();
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('realtime protocol', () => {
  it('refuses a client with another protocol version, telling it to reload', async () => {
    const err = await connect(undefined, 999).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    expect(err?.data?.code).toBe('PROTOCOL_MISMATCH');
  });

  it('refuses a realtime connection opened by a page of another origin', async () => {
    const { io } = await import('socket.io-client');
    const foreign = io(server.url, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { origin: 'http://evil.example', cookie: hostCookie },
      reconnection: false,
      forceNew: true,
    });
    const outcome = await new Promise<string>((resolve) => {
      foreign.once('connect', () => resolve('connected'));
      foreign.once('connect_error', () => resolve('refused'));
    });
    foreign.close();
    expect(outcome).toBe('refused');
    const sameOrigin = await connect(hostCookie);
    expect(sameOrigin.connected).toBe(true);
  });

  it('answers malformed payloads with VALIDATION_FAILED acks and keeps the connection', async () => {
    const s = await connect(hostCookie);
    const bad: unknown[][] = [
      [],
      [null],
      [42],
      ['event'],
      [{}],
      [{ channel: 17 }],
      [{ channel: 'event:../../etc', text: 'hi' }],
      [{ channel: `event:${'x'.repeat(500)}`, text: 'hi' }],
      [{ eventId: DEMO_CAMERA_EVENT, text: 'the old payload' }],
      [{ channel: CHANNEL, text: 5 }],
      [{ channel: CHANNEL, text: '   ' }],
      [{ channel: CHANNEL, text: 'x'.repeat(CHAT_MAX_LENGTH + 1) }],
    ];
    for (const args of bad) {
      const res = await emitRaw(s, 'chat:send', ...args);
      expect(res.ok, JSON.stringify(args)).toBe(false);
      if (!res.ok) expect(['VALIDATION_FAILED', 'RATE_LIMITED']).toContain(res.error.code);
    }
    for (const event of ['event:join', 'sfu:produce', 'sfu:connect-transport', 'live:start']) {
      const res = await emitRaw(s, event, { eventId: DEMO_CAMERA_EVENT, junk: { deep: [1, 2, 3] }, dtlsParameters: 'no' });
      expect(res.ok).toBe(false);
    }
    expect(s.connected).toBe(true);
    const join = await emitRaw(s, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    expect(join.ok).toBe(true);
  });

  it('rejects mediasoup parameters that are objects of the wrong shape without hurting the worker', async () => {
    const s = await connect(hostCookie);
    const transport = await emitRaw(s, 'sfu:create-send-transport', { eventId: DEMO_CAMERA_EVENT });
    expect(transport.ok).toBe(true);
    const transportId = transport.ok ? (transport.data as { id: string }).id : '';
    const conn = await emitRaw(s, 'sfu:connect-transport', { eventId: DEMO_CAMERA_EVENT, transportId, dtlsParameters: { fingerprints: 'nope' } });
    expect(conn).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const prod = await emitRaw(s, 'sfu:produce', { eventId: DEMO_CAMERA_EVENT, transportId, kind: 'video', rtpParameters: { codecs: [{ mimeType: 42 }] } });
    expect(prod).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(server.pool.health().every((w) => w.alive)).toBe(true);
  });

  it('answers unknown events with UNKNOWN_EVENT', async () => {
    const s = await connect();
    const res = await emitRaw(s, 'admin:drop-database', { please: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
  });

  it('lets anyone watch but only signed-in users chat, and only hosts publish', async () => {
    const anon = await connect();
    const join = await emitRaw(anon, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    expect(join.ok).toBe(true);
    const chat = await emitRaw(anon, 'chat:send', { channel: CHANNEL, text: 'hi' });
    expect(chat).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const caps = await emitRaw(anon, 'sfu:capabilities', { eventId: DEMO_CAMERA_EVENT });
    expect(caps).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer1', password: 'viewer-password' }),
    });
    const viewer = await connect(await signIn(server.url, 'viewer1', 'viewer-password'));
    const vcaps = await emitRaw(viewer, 'sfu:capabilities', { eventId: DEMO_CAMERA_EVENT });
    expect(vcaps).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const start = await emitRaw(viewer, 'live:start', { eventId: DEMO_CAMERA_EVENT });
    expect(start).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('stores chat before acknowledging and gives it back as history to a new joiner', async () => {
    const host = await connect(hostCookie);
    await emitRaw(host, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const text = `<img src=x onerror=alert(1)> 你好 ${Date.now()}`;
    const sent = await emitRaw(host, 'chat:send', { channel: CHANNEL, text });
    expect(sent.ok).toBe(true);
    const later = await connect();
    const join = await emitRaw(later, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const history = join.ok ? (join.data as { history: { text: string }[] }).history : [];
    // Stored verbatim; the client renders it as text.
    expect(history.map((m) => m.text)).toContain(text);
  });

  it('rate-limits a chat flood with RATE_LIMITED and a retry time', async () => {
    const host = await connect(hostCookie);
    await emitRaw(host, 'event:join', { eventId: DEMO_CAMERA_EVENT });
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await emitRaw(host, 'chat:send', { channel: CHANNEL, text: `flood ${i}` }));
    const limited = results.filter((r) => !r.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } } });
  });

  it('drops a 1 MB message instead of buffering it', async () => {
    const s = await connect();
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    s.emit('chat:send', { channel: CHANNEL, text: 'x'.repeat(1_000_000) }, () => {});
    expect(await closed).toBe('transport close');
    // The server is still fine.
    const again = await connect();
    expect(again.connected).toBe(true);
  });
});
