import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type EventSummary } from '@yunzhan/shared';
import { call, expectStatus, seededAccount } from '../helpers/awards';
import { emitRaw } from '../helpers/chat';
import { HOST_PASSWORD, connectClient, signIn, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { waitFor } from '../helpers/util';

// Finding 10 (first half): an anonymous client opened 300 sockets and the viewer count showed 300.
// Now anonymous connections per address are capped (ANON_SOCKETS_PER_ADDRESS, 64 by default;
// further handshakes are refused with TOO_MANY_CONNECTIONS) and presence counts viewers —
// accounts, browsers (their cookie), and cookie-less clients by address — not sockets.

let server: TestServer;
const sockets: TestSocket[] = [];
const EVENT = 'inflation';

/** Tries to connect without cookies: the socket, or the code of the refusal. */
function tryConnect(): Promise<TestSocket | string> {
  const socket: TestSocket = io(server.url, { transports: ['websocket'], auth: { protocolVersion: PROTOCOL_VERSION }, reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve(err.data?.code ?? err.message);
    });
  });
}

const viewerCount = async () => {
  const events = expectStatus(await call<EventSummary[]>(server, 'GET', '/api/events'), 200, 'events') as EventSummary[];
  return events.find((e) => e.id === EVENT)!.viewerCount;
};

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  const admin = await seededAccount(server, 'admin');
  expectStatus(await call(server, 'POST', '/api/events', { cookie: admin.cookie, body: { id: EVENT, title: 'Inflation', description: '', hostIds: [] } }), 201, 'event');
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('presence cannot be inflated by one anonymous client', () => {
  it('refuses anonymous sockets beyond the cap and counts the rest as one viewer', async () => {
    const results: (TestSocket | string)[] = [];
    for (let i = 0; i < 300; i += 50) results.push(...(await Promise.all(Array.from({ length: 50 }, () => tryConnect()))));
    const connected = results.filter((r): r is TestSocket => typeof r !== 'string');
    sockets.push(...connected);
    const refusals = results.filter((r): r is string => typeof r === 'string');
    expect(connected).toHaveLength(64);
    expect(new Set(refusals)).toEqual(new Set(['TOO_MANY_CONNECTIONS']));
    for (const s of connected) expect((await emitRaw(s, 'event:join', { eventId: EVENT })).ok).toBe(true);
    expect(await viewerCount()).toBe(1);
  });

  it('counts two browsers as two and a signed-in viewer once however many tabs they open', async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await waitFor(async () => (await viewerCount()) === 0, 10_000, 'the anonymous sockets to leave');
    const join = async (cookie: string) => {
      const s = await connectClient(server.url, cookie);
      sockets.push(s);
      expect((await emitRaw(s, 'event:join', { eventId: EVENT })).ok).toBe(true);
    };
    await join('yz_browser=browser-a');
    await join('yz_browser=browser-a');
    await join('yz_browser=browser-b');
    const viewer = await signIn(server.url, 'host', HOST_PASSWORD);
    for (let tab = 0; tab < 3; tab++) await join(viewer);
    expect(await viewerCount()).toBe(3);
  });
});
