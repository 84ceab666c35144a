import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult, ChatMessage } from '@yunzhan/shared';
import { buildProgramme, call, category, expectStatus, makeAccount, makeWorks, seededAccount, vote, type Account } from '../helpers/awards';
import { emitRaw } from '../helpers/chat';
import { connectClient, startTestServer, type TestServer, type TestSocket } from '../helpers/server';
import { waitFor } from '../helpers/util';

// Finding 4: a refused chat message, reaction or vote still spent the per-address allowance, so
// one spammer silenced everyone behind the same address (a school, a federation office behind
// NAT); and behind a reverse proxy every socket was limited by the proxy's address. Now the
// sender's own allowance pays for every attempt, the shared address only for accepted actions,
// and sockets get their client address the way HTTP does (X-Forwarded-For from TRUST_PROXY only).

let server: TestServer;
let admin: Account;
const sockets: TestSocket[] = [];
const EVENT = 'neighbours';
const channel = `event:${EVENT}`;
const codeOf = (r: AckResult<unknown>) => (r.ok ? 'ok' : r.error.code);

/** A socket joined to the event, signed in as `who` (or anonymous), from `address` (via the trusted proxy), with its own browser cookie. */
async function joined(who: Account | null, address: string, browser: string): Promise<TestSocket> {
  const cookie = [who?.cookie, `yz_browser=${browser}`].filter(Boolean).join('; ');
  const socket = await connectClient(server.url, cookie, undefined, { 'x-forwarded-for': address });
  sockets.push(socket);
  expect(codeOf(await emitRaw(socket, 'event:join', { eventId: EVENT }))).toBe('ok');
  return socket;
}

beforeAll(async () => {
  // Small allowances so the test reaches them: 3 messages per account, 6 per address (no refill
  // to speak of); votes: 50 per account, 3 per address. The server sits behind a proxy on loopback.
  server = await startTestServer({
    seedExhibition: false,
    trustProxy: ['loopback'],
    chatUserRate: { burst: 3, perSecond: 0.001 },
    chatAddressRate: { burst: 6, perSecond: 0.001 },
    voteUserRate: { burst: 50, perSecond: 0.001 },
    voteAddressRate: { burst: 3, perSecond: 0.001 },
  });
  admin = await seededAccount(server, 'admin');
  expectStatus(await call(server, 'POST', '/api/events', { cookie: admin.cookie, body: { id: EVENT, title: 'Neighbours', description: '', hostIds: [] } }), 201, 'event');
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('limits that charge only the sender', () => {
  it('a chat spammer does not block a neighbour on the same address', async () => {
    const office = '192.0.2.10';
    const spammer = await joined(await makeAccount(server, admin, 'chat-spammer'), office, 'b-spammer');
    const neighbour = await joined(await makeAccount(server, admin, 'chat-neighbour'), office, 'b-neighbour');
    const watcher = await joined(null, '192.0.2.99', 'b-watcher');
    const seen: ChatMessage[] = [];
    watcher.on('chat:batch', (b) => seen.push(...b.messages));

    const spam: string[] = [];
    for (let i = 0; i < 40; i++) spam.push(codeOf(await emitRaw(spammer, 'chat:send', { channel, text: `spam ${i}` })));
    expect(spam.filter((c) => c === 'ok')).toHaveLength(3);
    expect(new Set(spam.slice(3))).toEqual(new Set(['RATE_LIMITED']));

    expect(codeOf(await emitRaw(neighbour, 'chat:send', { channel, text: 'hello from the same office' }))).toBe('ok');
    await waitFor(() => seen.some((m) => m.text === 'hello from the same office'), 5000, "the neighbour's message to arrive");
  });

  it("sockets behind the proxy are limited by their client's address, not the proxy's", async () => {
    // Two accounts behind one address spend its six messages, so a third behind it waits; an
    // account from another address is not affected.
    const school = '192.0.2.20';
    const first = await joined(await makeAccount(server, admin, 'pupil-1'), school, 'b-pupil-1');
    const second = await joined(await makeAccount(server, admin, 'pupil-2'), school, 'b-pupil-2');
    const third = await joined(await makeAccount(server, admin, 'pupil-3'), school, 'b-pupil-3');
    const results: string[] = [];
    for (const s of [first, first, first, second, second, second, third]) results.push(codeOf(await emitRaw(s, 'chat:send', { channel, text: 'from school' })));
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
    const elsewhere = await joined(await makeAccount(server, admin, 'at-home'), '192.0.2.30', 'b-home');
    expect(codeOf(await emitRaw(elsewhere, 'chat:send', { channel, text: 'from home' }))).toBe('ok');
  });

  it('an anonymous reaction spammer does not block an anonymous neighbour on the same address', async () => {
    // Three tabs of one browser, each sending as fast as the connection's own event limit lets
    // it (40 at once): 120 reactions reach the reaction service, twice the address's burst.
    const venue = '192.0.2.40';
    const tabs = [await joined(null, venue, 'b-react-spammer'), await joined(null, venue, 'b-react-spammer'), await joined(null, venue, 'b-react-spammer')];
    const neighbour = await joined(null, venue, 'b-react-neighbour');
    const spam = (await Promise.all(tabs.flatMap((tab) => Array.from({ length: 40 }, () => emitRaw(tab, 'reaction:send', { channel, reaction: 'clap' }))))).map(codeOf);
    // The browser's own allowance (a burst of 10) is all that went through.
    expect(spam.filter((c) => c === 'ok').length).toBeLessThanOrEqual(12);
    expect(codeOf(await emitRaw(neighbour, 'reaction:send', { channel, reaction: 'heart' }))).toBe('ok');
  });

  it('refused votes do not spend the address: a neighbour still votes', async () => {
    const curator = await seededAccount(server, 'curator');
    const works = await makeWorks(server, curator, 2, 'Neighbour');
    const { entries } = await buildProgramme(server, admin, { id: 'neighbour-votes', categories: [category('open', { votesPerAccount: 1 })], entries: { open: works }, phase: 'voting' });
    const [first] = entries.open!;
    const family = '192.0.2.50';
    const eager = await makeAccount(server, admin, 'eager-voter');
    const statuses: number[] = [];
    // One vote counts; the nineteen after it are refused (already voted), from the same address.
    for (let i = 0; i < 20; i++) statuses.push((await vote(server, eager, 'neighbour-votes', 'open', first!.id, { address: family })).status);
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1).every((s) => s === 409)).toBe(true);
    const neighbour = await makeAccount(server, admin, 'neighbour-voter');
    expect((await vote(server, neighbour, 'neighbour-votes', 'open', first!.id, { address: family })).status).toBe(201);
  });
});
