import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Exhibition, ExhibitionSummary, ExhibitionView, Work, type HallPresence, type WallPlacement } from '@yunzhan/shared';
import { ADMIN_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';
import { api, errorCode, metadataOf, signInCurator, uploadWhole } from './support';

let server: TestServer;
let curator: string;
let admin: string;
let viewer: string;
const works: Work[] = [];

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** A work on the white cube's free-standing partition (front face: 0.2–4.8 m along, 0.6–2.9 m high). */
const onPartition = (id: string, workId: string, u: number, v = 1.5): WallPlacement => ({
  id,
  workId,
  mount: 'wall',
  wallId: 'partition',
  side: 'front',
  u,
  v,
  width: 1,
  height: 0.8,
  rotationDeg: 0,
  label: 'right',
  spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
});
const layoutOf = (placements: WallPlacement[], tour: { placementId: string; narration: { 'zh-CN': string; en: string } }[] = []) => ({
  templateId: 'white-cube',
  lighting: 'warm',
  placements,
  tour,
});

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  curator = await signInCurator(server);
  admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  await api(server, 'POST', '/api/auth/sign-up', undefined, { username: 'visitor', password: 'visitor-password' });
  viewer = await signIn(server.url, 'visitor', 'visitor-password');
  for (const [i, colour] of ['#264653', '#e9c46a', '#f4a261'].entries()) {
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: colour } }).png().toBuffer();
    const asset = Asset.parse(JSON.parse((await uploadWhole(server, curator, png, { filename: `w${i}.png`, filetype: 'image/png' })).res.body).asset);
    await waitFor(async () => Asset.parse((await api(server, 'GET', `/api/assets/${asset.id}`, curator)).body).status === 'ready', 30_000, 'renditions');
    works.push(Work.parse((await api(server, 'POST', '/api/works', curator, { assetId: asset.id, kind: 'image', metadata: metadataOf(`作品${i}`, `Work ${i}`) })).body));
  }
});
afterAll(async () => server?.dispose());

describe('exhibitions: draft, review, publish', () => {
  it('goes from an empty draft through refusals, a return and a resubmission to a public hall', async () => {
    const unknown = await api<ErrorBody>(server, 'POST', '/api/exhibitions', curator, { id: 'nowhere', title: { 'zh-CN': '无处' }, templateId: 'no-such-hall' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toMatchObject({ issues: [{ path: 'templateId' }] });
    expect((await api(server, 'POST', '/api/exhibitions', viewer, { id: 'mine', title: { 'zh-CN': '我的' }, templateId: 'white-cube' })).status).toBe(403);

    const created = await api(server, 'POST', '/api/exhibitions', curator, { id: 'spring-show', title: { 'zh-CN': '春季展', en: 'Spring show' }, templateId: 'white-cube' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(Exhibition.parse(created.body)).toMatchObject({ status: 'draft', revision: 0, published: null, draft: { templateId: 'white-cube', placements: [] } });
    expect(errorCode(await api(server, 'POST', '/api/exhibitions', curator, { id: 'spring-show', title: { 'zh-CN': '重复' }, templateId: 'white-cube' }))).toBe('CONFLICT');
    // Nothing to review yet.
    expect(errorCode(await api(server, 'POST', '/api/exhibitions/spring-show/submit', curator))).toBe('PLACEMENT_INVALID');

    const [a, b, c] = works as [Work, Work, Work];
    const saved = await api(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, {
      baseRevision: 0,
      layout: layoutOf([onPartition('p1', a.id, 1.2), onPartition('p2', b.id, 3.6)], [{ placementId: 'p1', narration: { 'zh-CN': '第一站', en: 'First stop' } }]),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(Exhibition.parse(saved.body)).toMatchObject({ revision: 1, status: 'draft' });

    const overlap = await api<ErrorBody>(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, {
      baseRevision: 1,
      layout: layoutOf([onPartition('p1', a.id, 1.2), onPartition('p2', b.id, 1.6)]),
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body.error.code).toBe('PLACEMENT_OVERLAP');
    const problem = (overlap.body.error.details as { problems: { placementId: string; other?: string }[] }).problems[0]!;
    expect([problem.placementId, problem.other].sort()).toEqual(['p1', 'p2']);

    const offWall = await api<ErrorBody>(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 1, layout: layoutOf([onPartition('p1', a.id, 4.6)]) });
    expect([offWall.status, offWall.body.error.code]).toEqual([422, 'PLACEMENT_OFF_WALL']);

    const stale = await api<ErrorBody>(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 0, layout: layoutOf([onPartition('p1', a.id, 2)]) });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'REVISION_CONFLICT', details: { currentRevision: 1 } });

    const missing = await api<ErrorBody>(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 1, layout: layoutOf([onPartition('p1', 'wk_nosuchwork', 2)]) });
    expect([missing.status, missing.body.error.code]).toEqual([422, 'PLACEMENT_INVALID']);

    // Nobody but the owner and admins knows a draft exists.
    for (const cookie of [viewer, undefined]) {
      expect((await api(server, 'GET', '/api/exhibitions/spring-show', cookie)).status).toBe(404);
      expect((await api(server, 'GET', '/api/exhibitions/spring-show/view?preview=draft', cookie)).status).toBe(404);
      expect((await api(server, 'PUT', '/api/exhibitions/spring-show/draft', cookie, { baseRevision: 1, layout: layoutOf([]) })).status).toBe(cookie ? 404 : 404);
    }
    const preview = ExhibitionView.parse((await api(server, 'GET', '/api/exhibitions/spring-show/view?preview=draft', curator)).body);
    expect(preview).toMatchObject({ preview: true, scene: { id: 'white-cube' }, layout: { lighting: 'warm' } });
    expect(preview.works.map((w) => w.id)).toEqual([a.id, b.id]);

    expect(Exhibition.parse((await api(server, 'POST', '/api/exhibitions/spring-show/submit', curator)).body).status).toBe('in-review');
    expect(errorCode(await api(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 1, layout: layoutOf([onPartition('p1', a.id, 2)]) }))).toBe('INVALID_STATE');
    expect((await api(server, 'POST', '/api/exhibitions/spring-show/review', curator, { decision: 'approve' })).status).toBe(403);
    expect((await api(server, 'GET', '/api/exhibitions?status=in-review', curator)).status).toBe(403);
    const queue = ExhibitionSummary.array().parse((await api(server, 'GET', '/api/exhibitions?status=in-review', admin)).body);
    expect(queue.map((e) => [e.id, e.workCount, e.templateId])).toEqual([['spring-show', 2, 'white-cube']]);
    expect(queue[0]!.cover).toMatch(/^\/media\/.+\/image-128\.webp$/);

    const noComment = await api<ErrorBody>(server, 'POST', '/api/exhibitions/spring-show/review', admin, { decision: 'return' });
    expect(noComment.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'comment' }] } });
    const returned = Exhibition.parse((await api(server, 'POST', '/api/exhibitions/spring-show/review', admin, { decision: 'return', comment: '请补充英文标题' })).body);
    expect(returned).toMatchObject({ status: 'returned', review: { decision: 'return', comment: '请补充英文标题' } });

    const edited = Exhibition.parse(
      (await api(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 1, layout: layoutOf([onPartition('p1', a.id, 1.2), onPartition('p2', b.id, 3.6)]), title: { 'zh-CN': '春季展', en: 'The Spring Show' } })).body,
    );
    expect(edited).toMatchObject({ status: 'draft', revision: 2, title: { en: 'The Spring Show' } });
    await api(server, 'POST', '/api/exhibitions/spring-show/submit', curator);
    const approved = Exhibition.parse((await api(server, 'POST', '/api/exhibitions/spring-show/review', admin, { decision: 'approve' })).body);
    expect(approved.status).toBe('approved');
    expect(approved.publishedAt).not.toBeNull();
    expect(approved.published?.placements.map((p) => p.id)).toEqual(['p1', 'p2']);

    // Public now: listed, readable, its hall viewable by anyone, its works readable.
    const list = ExhibitionSummary.array().parse((await api(server, 'GET', '/api/exhibitions')).body);
    expect(list.map((e) => e.id)).toEqual(['spring-show']);
    const view = ExhibitionView.parse((await api(server, 'GET', '/api/exhibitions/spring-show/view')).body);
    expect(view).toMatchObject({ preview: false, exhibition: { status: 'approved', review: null, workCount: 2 } });
    expect(view.works.map((w) => w.id)).toEqual([a.id, b.id]);
    expect((await api(server, 'GET', `/api/works/${a.id}`)).status).toBe(200);
    expect((await api(server, 'GET', `/api/works/${c.id}`)).status).toBe(404);

    // Editing an approved exhibition changes the draft only: visitors keep the published layout.
    const moved = Exhibition.parse(
      (await api(server, 'PUT', '/api/exhibitions/spring-show/draft', curator, { baseRevision: 2, layout: layoutOf([onPartition('p1', a.id, 1.2), onPartition('p3', c.id, 3.6)]) })).body,
    );
    expect(moved).toMatchObject({ status: 'approved', revision: 3 });
    expect(ExhibitionView.parse((await api(server, 'GET', '/api/exhibitions/spring-show/view')).body).layout.placements.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(Exhibition.parse((await api(server, 'GET', '/api/exhibitions/spring-show', viewer)).body).draft.placements.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(ExhibitionView.parse((await api(server, 'GET', '/api/exhibitions/spring-show/view?preview=draft', curator)).body).layout.placements.map((p) => p.id)).toEqual(['p1', 'p3']);
    expect((await api(server, 'GET', '/api/exhibitions/spring-show/view?preview=draft', viewer)).status).toBe(404);
    expect(ExhibitionSummary.array().parse((await api(server, 'GET', '/api/exhibitions?mine=1', curator)).body).map((e) => e.id)).toEqual(['spring-show']);
  });
});

describe('hall presence', () => {
  const presence = (socket: TestSocket, seen: HallPresence[]) => socket.on('hall:presence', (p) => seen.push(p));
  const join = (socket: TestSocket, payload: unknown) =>
    new Promise<{ ok: boolean; data?: HallPresence; error?: { code: string } }>((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: never) => void) => void)('hall:join', payload, resolve));

  it('counts the visitors of a published hall as they come and go', async () => {
    await api(server, 'POST', '/api/exhibitions', curator, { id: 'draft-only', title: { 'zh-CN': '草稿' }, templateId: 'white-cube' });
    const first = await connectClient(server.url);
    const second = await connectClient(server.url, viewer);
    const seen: HallPresence[] = [];
    presence(first, seen);
    try {
      expect(await join(first, { exhibitionId: 'spring-show' })).toMatchObject({ ok: true, data: { exhibitionId: 'spring-show', count: 1 } });
      expect(await join(second, { exhibitionId: 'spring-show' })).toMatchObject({ ok: true, data: { count: 2 } });
      await waitFor(() => seen.at(-1)?.count === 2, 5000, 'a presence of 2');
      second.disconnect();
      await waitFor(() => seen.at(-1)?.count === 1, 5000, 'a presence of 1 after a disconnect');

      expect(await join(first, { exhibitionId: 'draft-only' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await join(first, { exhibitionId: 'draft-only', preview: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await join(first, { exhibitionId: 'spring-show', extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const owner = await connectClient(server.url, curator);
      try {
        expect(await join(owner, { exhibitionId: 'draft-only', preview: true })).toMatchObject({ ok: true, data: { count: 1 } });
      } finally {
        owner.disconnect();
      }
      const left = await new Promise((resolve) => first.emit('hall:leave', { exhibitionId: 'spring-show' }, resolve));
      expect(left).toEqual({ ok: true, data: null });
    } finally {
      first.disconnect();
      second.disconnect();
    }
  });
});
