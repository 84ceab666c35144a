import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Work, hallChannel, type ChatMessage, type ModState } from '@yunzhan/shared';
import { emitRaw, inbox, ok, passwordOf } from '../helpers/chat';
import { ADMIN_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';
import { api, metadataOf, signInCurator, uploadWhole } from './support';

// The chat of an exhibition hall, moderated by the exhibition's owner (a curator, not an admin
// or a host): the owner deletes and mutes, a visitor cannot moderate, and the mute holds on a
// fresh socket.
let server: TestServer;
let curator: string;
const sockets: TestSocket[] = [];
const EXHIBITION = 'hall-chat-show';
const channel = hallChannel(EXHIBITION);

async function visitor(username: string): Promise<string> {
  await api(server, 'POST', '/api/auth/sign-up', undefined, { username, password: passwordOf(username) });
  return signIn(server.url, username, passwordOf(username));
}

async function inHall(cookie?: string): Promise<TestSocket> {
  const socket = await connectClient(server.url, cookie);
  sockets.push(socket);
  await ok(socket, 'hall:join', { exhibitionId: EXHIBITION });
  return socket;
}

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  curator = await signInCurator(server);
  const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2a9d8f' } }).png().toBuffer();
  const asset = Asset.parse(JSON.parse((await uploadWhole(server, curator, png, { filename: 'w.png', filetype: 'image/png' })).res.body).asset);
  await waitFor(async () => Asset.parse((await api(server, 'GET', `/api/assets/${asset.id}`, curator)).body).status === 'ready', 30_000, 'renditions');
  const work = Work.parse((await api(server, 'POST', '/api/works', curator, { assetId: asset.id, kind: 'image', metadata: metadataOf('作品', 'Work') })).body);
  expect((await api(server, 'POST', '/api/exhibitions', curator, { id: EXHIBITION, title: { 'zh-CN': '厅内聊天', en: 'Hall chat' }, templateId: 'white-cube' })).status).toBe(201);
  const placement = { id: 'p1', workId: work.id, mount: 'wall', wallId: 'partition', side: 'front', u: 2, v: 1.5, width: 1, height: 0.75 };
  const saved = await api(server, 'PUT', `/api/exhibitions/${EXHIBITION}/draft`, curator, { baseRevision: 0, layout: { templateId: 'white-cube', placements: [placement] } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await api(server, 'POST', `/api/exhibitions/${EXHIBITION}/submit`, curator)).status).toBe(200);
  expect((await api(server, 'POST', `/api/exhibitions/${EXHIBITION}/review`, admin, { decision: 'approve' })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('hall chat', () => {
  it("is moderated by the exhibition's owner: delete and mute work, a visitor's moderation is refused, the mute survives a reconnect", async () => {
    const aliceCookie = await visitor('alice');
    const bobCookie = await visitor('bob');
    const owner = await inHall(curator);
    const alice = await inHall(aliceCookie);
    const bob = await inHall(bobCookie);
    const bobBox = inbox(bob);

    const sent = await ok<ChatMessage>(alice, 'chat:send', { channel, text: '这幅画真好' });
    expect(sent).toMatchObject({ channel, status: 'visible' });
    await waitFor(async () => bobBox.messages.some((m) => m.id === sent.id), 5_000, "bob receives alice's message");

    // A visitor is not a moderator of the hall.
    const refused = await emitRaw(bob, 'mod:act', { channel, action: { type: 'delete', messageId: sent.id } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await emitRaw(bob, 'mod:state', { channel })).ok).toBe(false);

    // The owner is: the delete reaches the room as a tombstone and is logged.
    await ok(owner, 'mod:act', { channel, action: { type: 'delete', messageId: sent.id } });
    await waitFor(async () => bobBox.updates.some((m) => m.id === sent.id && m.status === 'deleted' && m.text === ''), 5_000, 'the tombstone');

    await ok(owner, 'mod:act', { channel, action: { type: 'mute', userId: sent.userId, seconds: 600 } });
    const muted = await emitRaw(alice, 'chat:send', { channel, text: 'still here?' });
    expect(muted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'muted' } } });

    // A new connection does not shed the mute: it lives in the database.
    alice.disconnect();
    const again = await inHall(aliceCookie);
    const stillMuted = await emitRaw(again, 'chat:send', { channel, text: 'new socket' });
    expect(stillMuted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'muted' } } });

    const state = await ok<ModState>(owner, 'mod:state', { channel });
    expect(state.log.map((e) => e.action.type)).toEqual(expect.arrayContaining(['delete', 'mute']));
  });
});
