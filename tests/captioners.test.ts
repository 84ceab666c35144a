import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Caption, CaptionerList, MAX_CAPTIONERS } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { emitRaw, ok, signUp } from './helpers/chat';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';

// The captioner role (issue 14): an event's hosts and admins name the accounts that type its live
// captions (GET/PUT /api/events/:id/captioners). A captioner of any role may send `caption:send`
// for that event, from the moment it is named until the moment it is removed, and nothing else:
// no publishing, no ending the live, no ingest credentials, no managing the list.

let server: TestServer;
let hostCookie: string;
let adminCookie: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
  await waitFor(async () => (await server.store.events.get(DEMO_REHEARSAL_EVENT))?.status === 'live', 30_000, 'the rehearsal live');
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
  adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

const captionersUrl = (eventId = DEMO_REHEARSAL_EVENT) => `${server.url}/api/events/${eventId}/captioners`;

/** PUTs a captioner list; answers the status and body. */
async function putCaptioners(cookie: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(captionersUrl(), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function getJson(url: string, cookie?: string) {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as unknown };
}

const codeOf = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

async function joined(cookie?: string): Promise<TestSocket> {
  const socket = await connectClient(server.url, cookie);
  sockets.push(socket);
  await ok(socket, 'event:join', { eventId: DEMO_REHEARSAL_EVENT });
  return socket;
}

describe('managing captioners', () => {
  it("lets the event's hosts and admins name captioners by username, replacing the list, and refuses names no account has", async () => {
    const a = await signUp(server.url, 'cap-alpha');
    const b = await signUp(server.url, 'cap-bravo');
    const put = await putCaptioners(hostCookie, { usernames: ['CAP-BRAVO', 'cap-alpha', 'cap-alpha'] });
    expect(put.status).toBe(200);
    const expected = [a.user, b.user].map(({ id, username, displayName }) => ({ id, username, displayName }));
    expect(CaptionerList.parse(put.body)).toEqual(expected);
    expect(await getJson(captionersUrl(), hostCookie)).toEqual({ status: 200, body: expected });
    expect(await getJson(captionersUrl(), adminCookie)).toEqual({ status: 200, body: expected });
    expect(await getJson(`${captionersUrl()}/me`, a.cookie)).toEqual({ status: 200, body: { captioner: true } });

    // An unknown name: 404 naming it, and the list stays as it was.
    const unknown = await putCaptioners(hostCookie, { usernames: ['cap-alpha', 'nobody-here'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND', details: { usernames: ['nobody-here'] } } });
    expect((await getJson(captionersUrl(), hostCookie)).body).toEqual(expected);

    // An admin replaces it: bravo is no longer one.
    expect(await putCaptioners(adminCookie, { usernames: ['cap-alpha'] })).toEqual({ status: 200, body: [expected[0]] });
    expect(await getJson(`${captionersUrl()}/me`, b.cookie)).toEqual({ status: 200, body: { captioner: false } });
    expect(await putCaptioners(adminCookie, { usernames: [] })).toEqual({ status: 200, body: [] });
  });

  it(`keeps at most ${MAX_CAPTIONERS} per event and refuses malformed lists`, async () => {
    const names = Array.from({ length: MAX_CAPTIONERS + 1 }, (_, i) => `cap-many-${i}`);
    for (const [i, username] of names.entries()) {
      await server.store.users.create({ id: `cap-many-${i}`, username, displayName: username, role: 'viewer', passwordHash: 'not-a-hash' });
    }
    const full = await putCaptioners(hostCookie, { usernames: names.slice(0, MAX_CAPTIONERS) });
    expect(full.status).toBe(200);
    expect(CaptionerList.parse(full.body)).toHaveLength(MAX_CAPTIONERS);
    for (const bad of [{ usernames: names }, { usernames: ['a b'] }, { usernames: 'cap-alpha' }, {}, { usernames: [], extra: 1 }]) {
      const res = await putCaptioners(hostCookie, bad);
      expect([res.status, codeOf(res.body)], JSON.stringify(bad)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(CaptionerList.parse((await getJson(captionersUrl(), hostCookie)).body)).toHaveLength(MAX_CAPTIONERS);
    expect((await putCaptioners(hostCookie, { usernames: [] })).status).toBe(200);
  });

  it('refuses everyone else: 401 signed out, 403 signed in, 403 cross-site, 404 for no such event', async () => {
    const viewer = await signUp(server.url, 'cap-outsider');
    expect(codeOf((await getJson(captionersUrl(), viewer.cookie)).body)).toBe('FORBIDDEN');
    expect((await getJson(captionersUrl())).status).toBe(401);
    expect(await putCaptioners(viewer.cookie, { usernames: ['cap-outsider'] })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await putCaptioners(undefined, { usernames: ['cap-outsider'] })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect((await getJson(`${captionersUrl()}/me`)).status).toBe(401);
    // A page of another site cannot change the list with the host's cookie.
    const crossSite = await putCaptioners(hostCookie, { usernames: ['cap-outsider'] }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect([crossSite.status, codeOf(crossSite.body)]).toEqual([403, 'CSRF_REJECTED']);
    expect((await getJson(captionersUrl(), hostCookie)).body).toEqual([]);
    expect((await getJson(captionersUrl('no-such-event'), hostCookie)).status).toBe(404);
  });
});

describe('a captioner', () => {
  it('may send captions only while named: refused before, allowed after, refused again at once after removal', async () => {
    const account = await signUp(server.url, 'cap-typist');
    const captioner = await joined(account.cookie);
    const viewer = await joined();
    const heard: Caption[] = [];
    viewer.on('caption', (c) => heard.push(Caption.parse(c)));
    const send = async (text: string) => {
      const res = await emitRaw<Caption>(captioner, 'caption:send', { eventId: DEMO_REHEARSAL_EVENT, text });
      return res.ok ? res.data : res.error.code;
    };

    expect(await send('too early')).toBe('FORBIDDEN');
    expect((await putCaptioners(hostCookie, { usernames: ['cap-typist'] })).status).toBe(200);
    const sent = await send('字幕员的第一句');
    expect(sent).toMatchObject({ eventId: DEMO_REHEARSAL_EVENT, text: '字幕员的第一句' });
    await waitFor(() => heard.find((c) => c.id === (sent as Caption).id), 5000, "the captioner's line at the viewer");

    // Removed: the same connection's next line is refused.
    expect((await putCaptioners(hostCookie, { usernames: [] })).status).toBe(200);
    expect(await send('too late')).toBe('FORBIDDEN');
    const stored = (await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}/captions`)).json()) as Caption[];
    expect(stored.map((c) => c.text)).toContain('字幕员的第一句');
    expect(stored.map((c) => c.text)).not.toContain('too late');
    expect(stored.map((c) => c.text)).not.toContain('too early');
  });

  it('gets nothing a host has: no ending the live, no going live, no ingest credentials, no managing captioners', async () => {
    const account = await signUp(server.url, 'cap-limited');
    expect((await putCaptioners(hostCookie, { usernames: ['cap-limited'] })).status).toBe(200);
    const socket = await joined(account.cookie);
    expect(await ok(socket, 'caption:send', { eventId: DEMO_REHEARSAL_EVENT, text: 'allowed' })).toMatchObject({ text: 'allowed' });

    for (const event of ['live:end', 'live:start', 'sfu:create-send-transport'] as const) {
      const res = await emitRaw(socket, event, { eventId: DEMO_REHEARSAL_EVENT });
      expect(res.ok ? 'OK' : res.error.code, event).toBe('FORBIDDEN');
    }
    expect((await server.store.events.get(DEMO_REHEARSAL_EVENT))?.status).toBe('live');
    const ingest = await getJson(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}/ingest`, account.cookie);
    expect([ingest.status, codeOf(ingest.body)]).toEqual([403, 'FORBIDDEN']);
    expect(codeOf((await getJson(captionersUrl(), account.cookie)).body)).toBe('FORBIDDEN');
    expect((await putCaptioners(account.cookie, { usernames: ['cap-limited', 'cap-alpha'] })).status).toBe(403);
    expect((await putCaptioners(hostCookie, { usernames: [] })).status).toBe(200);
  });
});
