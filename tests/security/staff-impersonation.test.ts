import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannel, type ChatMessage, type ChatPage, type PublicUser } from '@yunzhan/shared';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';
import { emitRaw, inbox, ok } from '../helpers/chat';
import { signInCurator } from '../integration/support';

// Finding 6: a viewer named himself exactly like the demo host, and chat showed no role. Names
// that copy or look like staff, or hide characters, are refused at sign-up; chat carries a badge
// the server decides, as another client receives it over socket.io.

const STRONG_PASSWORD = 'Vermilion-lantern-27-quay';
let server: TestServer;
let nextAddress = 0;
const sockets: TestSocket[] = [];

interface SignUpAnswer {
  status: number;
  body: { user?: PublicUser; error?: { code: string; message: string; details?: unknown } };
  cookie: string | null;
}

// Each sign-up from an address of its own (the server trusts loopback's X-Forwarded-For here), so
// the per-address sign-up limit is not what these tests measure.
async function signUp(input: { username: string; displayName?: string; password?: string }): Promise<SignUpAnswer> {
  nextAddress += 1;
  const res = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.0.${nextAddress}` },
    body: JSON.stringify({ password: STRONG_PASSWORD, ...input }),
  });
  return { status: res.status, body: (await res.json()) as SignUpAnswer['body'], cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function me(cookie: string): Promise<PublicUser> {
  const res = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
  return ((await res.json()) as { user: PublicUser }).user;
}

async function usernames(adminCookie: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/users`, { headers: { cookie: adminCookie } });
  return ((await res.json()) as PublicUser[]).map((u) => u.username);
}

beforeAll(async () => {
  server = await startTestServer({
    trustProxy: ['loopback'],
    signUpAddressRate: { burst: 100, perSecond: 10 },
    signInAddressRate: { burst: 100, perSecond: 10 },
    chatUserRate: { burst: 100, perSecond: 50 },
    chatAddressRate: { burst: 1000, perSecond: 500 },
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('staff impersonation', () => {
  it("refuses the demo host's display name, its look-alikes and hidden characters with NAME_NOT_ALLOWED", async () => {
    const adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const host = await me(await signIn(server.url, 'host', HOST_PASSWORD));
    expect(host.displayName).toBe('演示主持人 Demo Host');

    const refused: [string, { username: string; displayName?: string }][] = [
      ['an exact copy of the host', { username: 'copycat1', displayName: host.displayName }],
      ['Cyrillic о and е in the host name', { username: 'copycat2', displayName: 'Dеmo Hоst' }],
      ['fullwidth letters', { username: 'copycat3', displayName: 'Ｄｅｍｏ Ｈｏｓｔ' }],
      ['the Chinese half with a space inside', { username: 'copycat4', displayName: '演示 主持人' }],
      ['a reserved word, look-alike', { username: 'copycat5', displayName: 'Аdmin' }],
      ['a reserved Chinese word', { username: 'copycat6', displayName: '官方客服' }],
      ['a right-to-left override', { username: 'copycat7', displayName: 'Ann\u202Etsoh omeD' }],
      ['a zero-width space', { username: 'copycat8', displayName: 'Demo\u200BHost' }],
      ['a zero-width joiner in an ordinary name', { username: 'copycat9', displayName: 'Ann\u200Die' }],
      ['a bidi isolate', { username: 'copycat10', displayName: '\u2066Ann\u2069' }],
      ['a byte-order mark', { username: 'copycat11', displayName: '\uFEFFAnn' }],
      ['a lone combining mark first', { username: 'copycat12', displayName: '\u0301Ann' }],
      ['a zero-width space in the username', { username: 'copy\u200Bcat13' }],
    ];
    for (const [what, input] of refused) {
      const answer = await signUp(input);
      expect({ what, status: answer.status, code: answer.body.error?.code }).toEqual({ what, status: 400, code: 'NAME_NOT_ALLOWED' });
      expect(answer.cookie, what).toBeNull();
    }
    const names = await usernames(adminCookie);
    for (const [, input] of refused) expect(names).not.toContain(input.username);

    // Ordinary names pass, stored NFKC-normalised.
    const fine = await signUp({ username: 'zoe-m', displayName: 'Ｚｏë ①' });
    expect(fine.status).toBe(201);
    expect(fine.body.user?.displayName).toBe('Zoë 1');
    expect((await signUp({ username: 'ghosthunter', displayName: 'Ghost hunter 小明' })).status).toBe(201);
  });

  it('delivers chat from admins, hosts, moderators and curators with their badge to another client, and none for a viewer', async () => {
    const adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
    const host = await me(hostCookie);
    const curatorCookie = await signInCurator(server);
    const moderator = await signUp({ username: 'helpful-mod', displayName: 'Helpful' });
    const viewer = await signUp({ username: 'plain-viewer', displayName: 'Plain' });
    expect([moderator.status, viewer.status]).toEqual([201, 201]);

    const eventId = 'badge-show';
    const created = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ id: eventId, title: 'Badge show', hostIds: [host.id] }),
    });
    expect(created.status).toBe(201);
    const channel = eventChannel(eventId);

    const join = async (cookie?: string) => {
      const socket = await connectClient(server.url, cookie);
      sockets.push(socket);
      await ok(socket, 'event:join', { eventId });
      return socket;
    };
    const observer = await join();
    const seen = inbox(observer);
    const hostSocket = await join(hostCookie);
    await ok(hostSocket, 'mod:act', { channel, action: { type: 'moderator-add', userId: moderator.body.user!.id } });

    const authors: [string, string][] = [
      ['admin', adminCookie],
      ['host', hostCookie],
      ['moderator', moderator.cookie!],
      ['curator', curatorCookie],
      ['viewer', viewer.cookie!],
    ];
    for (const [who, cookie] of authors) {
      const socket = who === 'host' ? hostSocket : await join(cookie);
      await ok<ChatMessage>(socket, 'chat:send', { channel, text: `hello from the ${who}` });
    }
    // The client cannot choose a badge: the payload is strict.
    const viewerSocket = sockets[sockets.length - 1]!;
    const forged = await emitRaw(viewerSocket, 'chat:send', { channel, text: 'I am staff', badge: 'admin' });
    expect(forged.ok).toBe(false);

    const expected = { admin: 'admin', host: 'host', moderator: 'moderator', curator: 'curator', viewer: null };
    const badgeOf = (messages: ChatMessage[]) =>
      Object.fromEntries(messages.filter((m) => m.text.startsWith('hello from the ')).map((m) => [m.text.slice('hello from the '.length), m.badge]));
    await waitFor(() => seen.messages.length >= authors.length, 10_000, 'five chat messages at the observer');
    expect(badgeOf(seen.messages)).toEqual(expected);
    expect(seen.messages.some((m) => m.text === 'I am staff')).toBe(false);

    // The badge is kept with the message: history shows it too.
    const history = await ok<ChatPage>(observer, 'chat:history', { channel });
    expect(badgeOf(history.messages)).toEqual(expected);
  });
});
