import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Caption } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT, DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { emitRaw, ok, signUp } from './helpers/chat';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';

// Live captions over the socket: the event's host (or an admin) sends a line while the event is
// live; everyone in the event's room gets it with the moment it was sent; it is kept for late
// joiners and the replay (GET /api/events/:id/captions). Anyone else, another event's host, an
// event that is not live and bad lines are refused with their codes, and nothing is stored.

let server: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
  await waitFor(async () => (await server.store.events.get(DEMO_REHEARSAL_EVENT))?.status === 'live', 30_000, 'the rehearsal live');
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

async function joined(cookie?: string): Promise<TestSocket> {
  const socket = await connectClient(server.url, cookie);
  sockets.push(socket);
  await ok(socket, 'event:join', { eventId: DEMO_REHEARSAL_EVENT });
  return socket;
}

const captionsOf = async (eventId: string) => (await fetch(`${server.url}/api/events/${eventId}/captions`)).json() as Promise<unknown[]>;

describe('live captions', () => {
  it("goes from the event's host to every viewer in the room, with the moment it was sent, and is kept", async () => {
    const host = await joined(await signIn(server.url, 'host', HOST_PASSWORD));
    const viewer = await joined();
    const heard: Caption[] = [];
    viewer.on('caption', (c) => heard.push(Caption.parse(c)));
    const before = Date.now();
    const sent = await ok<Caption>(host, 'caption:send', { eventId: DEMO_REHEARSAL_EVENT, text: '  欢迎来到颁奖典礼 <b>Welcome</b>  ' });
    expect(sent.text).toBe('欢迎来到颁奖典礼 <b>Welcome</b>');
    expect(Date.parse(sent.at)).toBeGreaterThanOrEqual(before - 5);
    await waitFor(() => heard.find((c) => c.id === sent.id), 5000, 'the caption at the viewer');
    expect(heard).toEqual([sent]);
    const admin = await joined(await signIn(server.url, 'admin', ADMIN_PASSWORD));
    const second = await ok<Caption>(admin, 'caption:send', { eventId: DEMO_REHEARSAL_EVENT, text: 'An admin captioning' });
    expect(await captionsOf(DEMO_REHEARSAL_EVENT)).toEqual([sent, second]);
  });

  it('refuses anyone but its hosts and admins, an event that is not live, and lines that are not one line of text', async () => {
    const viewer = await joined((await signUp(server.url, 'caption-viewer')).cookie);
    const anonymous = await joined();
    const host = await joined(await signIn(server.url, 'host', HOST_PASSWORD));
    const before = (await captionsOf(DEMO_REHEARSAL_EVENT)).length;
    const codeOf = async (socket: TestSocket, payload: unknown) => {
      const res = await emitRaw(socket, 'caption:send', payload);
      return res.ok ? 'OK' : res.error.code;
    };
    expect(await codeOf(viewer, { eventId: DEMO_REHEARSAL_EVENT, text: 'hi' })).toBe('FORBIDDEN');
    expect(await codeOf(anonymous, { eventId: DEMO_REHEARSAL_EVENT, text: 'hi' })).toBe('UNAUTHENTICATED');
    // The host hosts the camera event too, which is not live.
    expect(await codeOf(host, { eventId: DEMO_CAMERA_EVENT, text: 'hi' })).toBe('INVALID_STATE');
    expect(await codeOf(host, { eventId: 'no-such-event', text: 'hi' })).toBe('NOT_FOUND');
    for (const bad of [
      { eventId: DEMO_REHEARSAL_EVENT, text: '' },
      { eventId: DEMO_REHEARSAL_EVENT, text: '   ' },
      { eventId: DEMO_REHEARSAL_EVENT, text: 'x'.repeat(201) },
      { eventId: DEMO_REHEARSAL_EVENT, text: 'two\nlines' },
      { eventId: DEMO_REHEARSAL_EVENT, text: 'bell\u0007' },
      { eventId: DEMO_REHEARSAL_EVENT, text: 'hi', extra: 1 },
      { eventId: 'BAD ID', text: 'hi' },
      null,
      'hi',
    ]) {
      expect(await codeOf(host, bad), JSON.stringify(bad)).toBe('VALIDATION_FAILED');
    }
    expect((await captionsOf(DEMO_REHEARSAL_EVENT)).length).toBe(before);
    expect((await fetch(`${server.url}/api/events/no-such-event/captions`)).status).toBe(404);
  });
});
