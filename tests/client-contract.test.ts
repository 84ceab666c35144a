import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Asset, type Work } from '@yunzhan/shared';
import { ADMIN_PASSWORD, signIn, startTestServer, type TestServer } from './helpers/server';
import { signInCurator, metadataOf, uploadWhole } from './integration/support';
import { waitFor } from './helpers/util';
import { category, scheduleFor } from './helpers/awards';
import * as api from '../client/src/lib/api';
import * as works from '../client/src/works/works-api';
import * as curate from '../client/src/curate/curate-api';
import * as awards from '../client/src/awards/awards-api';
import * as awardAdmin from '../client/src/awards/admin/admin-api';
import { fetchExhibitionView } from '../client/src/exhibition/exhibition-api';
import { fetchAsset, fetchMyAssets } from '../client/src/uploads/assets-api';
import { fetchJobs } from '../client/src/admin/jobs-api';
import { ClientError } from '../client/src/lib/client-error';

// The client's contract with the server: every API function of the web client runs here as the
// browser runs it (same fetch code, same response schemas from @yunzhan/shared), against the real
// server. An answer that does not match its schema throws BAD_RESPONSE and fails the test.

let server: TestServer;
let curatorCookie = '';
let adminCookie = '';
/** The session the client's requests carry, as the browser's cookie would. */
let cookie: string | null = null;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  curatorCookie = await signInCurator(server);
  adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  // The client calls same-origin paths: send them to the test server with the current session.
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) =>
    realFetch(new URL(String(input), server.url), { ...init, headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
});
afterEach(() => {
  cookie = null;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await server?.dispose();
});

/** Work metadata as the client's form sends it (the credit line filled in, empty). */
function metadata(zh: string, en: string) {
  const m = metadataOf(zh, en);
  return { ...m, rights: { ...m.rights, credit: '' } };
}

/** A picture uploaded by the curator and processed by the real job; its asset id. */
async function pictureAsset(): Promise<string> {
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2a9d8f' } }).png().toBuffer();
  const asset = Asset.parse((JSON.parse((await uploadWhole(server, curatorCookie, png, { filename: 'c.png', filetype: 'image/png' })).res.body) as { asset: unknown }).asset);
  await waitFor(async () => Asset.parse(await (await realFetch(`${server.url}/api/assets/${asset.id}`, { headers: { cookie: curatorCookie } })).json()).status === 'ready', 30_000, 'renditions');
  return asset.id;
}

describe('the web client reads every answer of the real server with its shared schema', () => {
  it('sessions and events: me, sign-in, the event list and one event', async () => {
    expect(await api.fetchCurrentUser()).toBeNull();
    cookie = adminCookie;
    expect(await api.fetchCurrentUser()).toMatchObject({ username: 'admin', role: 'admin' });
    cookie = null;
    expect(await api.signIn({ username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({ role: 'admin' });
    const events = await api.fetchEvents();
    expect(events.length).toBeGreaterThan(0);
    expect(await api.fetchEvent(events[0]!.id)).toMatchObject({ id: events[0]!.id });
    expect(await api.fetchOpenExhibitions()).toEqual([]);
  });

  it('works, assets, exhibitions and the review queues, as a curator and an admin', async () => {
    cookie = curatorCookie;
    const assetId = await pictureAsset();
    expect((await fetchMyAssets()).map((a) => a.id)).toContain(assetId);
    expect(await fetchAsset(assetId)).toMatchObject({ id: assetId, status: 'ready' });

    const work: Work = await works.createWork({ assetId, kind: 'image', metadata: metadata('契约', 'Contract'), audioGuideAssetId: null });
    // GET /api/works answers a bare array (works-api once documented `{ works }`).
    expect((await works.fetchWorks()).map((w) => w.id)).toContain(work.id);
    expect((await works.fetchWorks('image')).map((w) => w.id)).toContain(work.id);
    expect(await works.fetchWork(work.id)).toMatchObject({ id: work.id });
    expect(await works.updateWork(work.id, { metadata: metadata('契约二', 'Contract two') })).toMatchObject({ id: work.id });

    const draft = await curate.createExhibition({ id: 'contract-show', title: { 'zh-CN': '契约展', en: 'Contract show' }, templateId: 'white-cube' });
    expect(draft).toMatchObject({ id: 'contract-show', status: 'draft' });
    expect((await curate.fetchMyExhibitions()).map((e) => e.id)).toContain('contract-show');
    expect(await curate.fetchExhibition('contract-show')).toMatchObject({ revision: 0 });
    const view = await fetchExhibitionView('contract-show', true);
    expect(view.exhibition).toMatchObject({ id: 'contract-show' });

    cookie = adminCookie;
    expect(Array.isArray(await curate.fetchReviewQueue())).toBe(true);
    expect(Array.isArray(await works.fetchWorkReviewQueue())).toBe(true);
    expect(Array.isArray(await fetchJobs(100))).toBe(true);
    expect((await awardAdmin.fetchUsers('curator')).map((u) => u.username)).toContain('curator');
    expect((await awardAdmin.fetchEventList()).length).toBeGreaterThan(0);
  });

  it('award programmes: create, read, results, votes and the judges’ pages', async () => {
    cookie = adminCookie;
    const created = await awardAdmin.createProgramme({
      id: 'contract-awards',
      title: { 'zh-CN': '契约奖', en: 'Contract awards' },
      schedule: scheduleFor('entries'),
      categories: [category('best')],
    });
    expect(created).toMatchObject({ id: 'contract-awards', phase: 'entries' });
    expect(await awardAdmin.fetchProgramme('contract-awards')).toMatchObject({ id: 'contract-awards' });
    expect(await awards.fetchProgramme('contract-awards')).toMatchObject({ id: 'contract-awards' });
    expect((await awards.fetchAwards()).map((a) => a.id)).toContain('contract-awards');
    expect(await awards.fetchResults('contract-awards')).toMatchObject({ programmeId: 'contract-awards' });
    expect(await awardAdmin.fetchResults('contract-awards')).toMatchObject({ programmeId: 'contract-awards' });
    expect(await awards.fetchMyVotes('contract-awards')).toEqual({ best: [] });
    expect(Array.isArray(await awardAdmin.fetchProgress('contract-awards'))).toBe(true);
    expect(Array.isArray(await awardAdmin.fetchAudit('contract-awards', 0, 50))).toBe(true);
    const patched = await awardAdmin.patchProgramme('contract-awards', { title: { 'zh-CN': '契约奖二', en: 'Contract awards two' } });
    expect(patched.title.en).toBe('Contract awards two');
  });

  it('a refusal keeps the one wire error shape and its code', async () => {
    cookie = null;
    const refused = await works.fetchWorks().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClientError);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    const missing = await curate.fetchExhibition('no-such-show').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|UNAUTHENTICATED)$/) });
  });
});
