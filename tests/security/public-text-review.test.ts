import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Work } from '@yunzhan/shared';
import { call, expectStatus, makeAccount, makeWorks, seededAccount, type Account } from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';
import { metadataOf, oneWorkLayout } from '../integration/support';

// Finding 11 of issue 10: "content review can be bypassed". A curator editing an approved,
// public exhibition changed its public title and summary at once, and work metadata shown in
// published halls changed without review. Every text the public sees (the exhibition's title,
// summary and tour, the works' titles and labels) must change only when an admin approves the
// change; the curator meanwhile sees the pending version.

let server: TestServer;
let admin: Account;
let curator: Account;
let otherCurator: Account;
let viewer: Account;
let work: Work;

const SHOW = 'review-bypass-show';
const OLD = { title: { 'zh-CN': '已审展览', en: 'Approved show' }, summary: { 'zh-CN': '审核通过的简介', en: 'The approved summary' } };
const NEW = { title: { 'zh-CN': '未审标题', en: 'Unreviewed title' }, summary: { 'zh-CN': '未审简介', en: 'Unreviewed summary' } };
const OLD_TOUR = { 'zh-CN': '审核通过的导览词', en: 'Approved narration' };
const NEW_TOUR = { 'zh-CN': '未审导览词', en: 'Unreviewed narration' };
const OLD_LABEL = { 'zh-CN': '审核通过的展签', en: 'Approved label' };
const NEW_LABEL = { 'zh-CN': '未审展签', en: 'Unreviewed label' };

const layoutWith = (workId: string, narration: { 'zh-CN': string; en: string }) => oneWorkLayout(workId, [{ placementId: 'p1', narration }]);

type Texts = { title: unknown; summary: unknown };
interface ExhibitionBody extends Texts {
  revision: number;
  status: string;
  draft: { tour: { narration: unknown }[] };
  approvedTexts?: Texts | null;
}
interface ViewBody {
  exhibition: Texts;
  layout: { tour: { narration: unknown }[] };
  works: { id: string; metadata: { title: unknown; label?: unknown } }[];
}
interface WorkBody {
  id: string;
  metadata: { title: unknown; label?: unknown };
  metadataChange?: { status: string; approved: { title: unknown }; review: { comment: string } | null } | null;
}

/** Everything the public endpoints say about the show and its work, as `who` reads them. */
async function publicTexts(who: Account | undefined) {
  const cookie = who?.cookie;
  const exhibition = expectStatus(await call<ExhibitionBody>(server, 'GET', `/api/exhibitions/${SHOW}`, { cookie }), 200, 'exhibition');
  const list = expectStatus(await call<(Texts & { id: string })[]>(server, 'GET', '/api/exhibitions', { cookie }), 200, 'list');
  const view = expectStatus(await call<ViewBody>(server, 'GET', `/api/exhibitions/${SHOW}/view`, { cookie }), 200, 'hall view');
  const workRead = expectStatus(await call<WorkBody>(server, 'GET', `/api/works/${work.id}`, { cookie }), 200, 'work');
  const listed = list.find((e) => e.id === SHOW);
  return {
    exhibition: { title: exhibition.title, summary: exhibition.summary, tour: exhibition.draft.tour.map((s) => s.narration) },
    listed: { title: listed?.title, summary: listed?.summary },
    hall: { title: view.exhibition.title, summary: view.exhibition.summary, tour: view.layout.tour.map((s) => s.narration) },
    hallWork: view.works.map((w) => ({ title: w.metadata.title, label: w.metadata.label })),
    work: { title: workRead.metadata.title, label: workRead.metadata.label },
  };
}

/** What every public endpoint shows while only the first approval has happened. */
const approvedState = (workTitle: unknown, label: unknown, texts = OLD, tour = OLD_TOUR) => ({
  exhibition: { ...texts, tour: [tour] },
  listed: texts,
  hall: { ...texts, tour: [tour] },
  hallWork: [{ title: workTitle, label }],
  work: { title: workTitle, label },
});

/** The exhibition as its owner sees it now. */
const ownersView = async () => expectStatus(await call<ExhibitionBody>(server, 'GET', `/api/exhibitions/${SHOW}`, { cookie: curator.cookie }), 200, 'owner read');

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  admin = await seededAccount(server, 'admin');
  curator = await seededAccount(server, 'curator');
  otherCurator = await makeAccount(server, admin, 'review-other-curator', 'curator');
  viewer = await makeAccount(server, admin, 'review-visitor');
  [work] = (await makeWorks(server, curator, 1, 'Review')) as [Work];
  // The work gets its approved label, then hangs in a show that an admin approves: public.
  expectStatus(await call(server, 'PATCH', `/api/works/${work.id}`, { cookie: curator.cookie, body: { metadata: { ...metadataOf('原题', 'Original title'), label: OLD_LABEL } } }), 200, 'label');
  expectStatus(await call(server, 'POST', '/api/exhibitions', { cookie: curator.cookie, body: { id: SHOW, ...OLD, templateId: 'white-cube' } }), 201, 'create');
  expectStatus(await call(server, 'PUT', `/api/exhibitions/${SHOW}/draft`, { cookie: curator.cookie, body: { baseRevision: 0, layout: layoutWith(work.id, OLD_TOUR) } }), 200, 'draft');
  expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/submit`, { cookie: curator.cookie }), 200, 'submit');
  expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/review`, { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve');
}, 120_000);
afterAll(async () => server?.dispose());

describe('public texts change only through review', () => {
  it('keeps the approved title, summary, tour and work metadata public until an admin approves the edit; a returned edit stays invisible', async () => {
    const original = { title: { 'zh-CN': '原题', en: 'Original title' }, label: OLD_LABEL };
    const audiences: [string, Account | undefined][] = [
      ['anonymous', undefined],
      ['a signed-in visitor', viewer],
      ['another curator', otherCurator],
    ];
    for (const [who, account] of audiences) expect(await publicTexts(account), `${who} before any edit`).toEqual(approvedState(original.title, original.label));

    // The curator edits the public show's title, summary and tour, and the work's title and label.
    const owner = await ownersView();
    const saved = await call<ExhibitionBody>(server, 'PUT', `/api/exhibitions/${SHOW}/draft`, {
      cookie: curator.cookie,
      body: { baseRevision: owner.revision, layout: layoutWith(work.id, NEW_TOUR), ...NEW },
    });
    expectStatus(saved, 200, 'save the edit');
    const edited = await call<WorkBody>(server, 'PATCH', `/api/works/${work.id}`, {
      cookie: curator.cookie,
      body: { metadata: { ...metadataOf('未审作品名', 'Unreviewed work title'), label: NEW_LABEL } },
    });
    expectStatus(edited, 200, 'edit the work');

    // Nobody but the owner and admins sees the edit: not on the exhibition, the list, the hall, the work.
    for (const [who, account] of audiences) expect(await publicTexts(account), `${who} after the unreviewed edit`).toEqual(approvedState(original.title, original.label));

    // The curator sees the pending version, marked as such, in every read of their own.
    expect(saved.body).toMatchObject({ ...NEW, approvedTexts: OLD });
    expect(await ownersView()).toMatchObject({ ...NEW, approvedTexts: OLD, draft: { tour: [{ narration: NEW_TOUR }] } });
    const mine = expectStatus(await call<(Texts & { id: string })[]>(server, 'GET', '/api/exhibitions?mine=1', { cookie: curator.cookie }), 200, 'mine');
    expect(mine.find((e) => e.id === SHOW)).toMatchObject(NEW);
    const preview = expectStatus(await call<ViewBody>(server, 'GET', `/api/exhibitions/${SHOW}/view?preview=draft`, { cookie: curator.cookie }), 200, 'preview');
    expect(preview.exhibition).toMatchObject(NEW);
    expect(preview.works[0]!.metadata).toMatchObject({ title: { en: 'Unreviewed work title' }, label: NEW_LABEL });
    const ownWork = expectStatus(await call<WorkBody>(server, 'GET', `/api/works/${work.id}`, { cookie: curator.cookie }), 200, 'own work');
    expect(ownWork).toMatchObject({ metadata: { title: { en: 'Unreviewed work title' }, label: NEW_LABEL }, metadataChange: { status: 'pending', approved: { title: original.title } } });
    expect(edited.body).toMatchObject({ metadataChange: { status: 'pending' } });

    // Admins find the work's change in the review queue; the other curator may not look at it.
    const queue = expectStatus(await call<WorkBody[]>(server, 'GET', '/api/works?review=pending', { cookie: admin.cookie }), 200, 'work review queue');
    expect(queue.map((w) => w.id)).toEqual([work.id]);
    expect(queue[0]).toMatchObject({ metadata: { label: NEW_LABEL }, metadataChange: { status: 'pending', approved: { label: OLD_LABEL } } });
    expect((await call(server, 'GET', '/api/works?review=pending', { cookie: curator.cookie })).status).toBe(403);
    expect((await call(server, 'POST', `/api/works/${work.id}/review`, { cookie: curator.cookie, body: { decision: 'approve' } })).status).toBe(403);

    // Returned: the work's change and the exhibition's revision stay invisible.
    const returnedWork = await call<WorkBody>(server, 'POST', `/api/works/${work.id}/review`, { cookie: admin.cookie, body: { decision: 'return', comment: '展签有错字' } });
    expect(expectStatus(returnedWork, 200, 'return the work change')).toMatchObject({ metadataChange: { status: 'returned', review: { comment: '展签有错字' } } });
    expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/submit`, { cookie: curator.cookie }), 200, 'submit the revision');
    expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/review`, { cookie: admin.cookie, body: { decision: 'return', comment: '标题需要修改' } }), 200, 'return the revision');
    for (const [who, account] of audiences) expect(await publicTexts(account), `${who} after both were returned`).toEqual(approvedState(original.title, original.label));
    expect(expectStatus(await call<WorkBody[]>(server, 'GET', '/api/works?review=pending', { cookie: admin.cookie }), 200, 'queue')).toEqual([]);
    expect(await ownersView()).toMatchObject({ ...NEW, status: 'returned', approvedTexts: OLD });

    // Approved: the public sees the new texts on every endpoint.
    const fixed = { ...metadataOf('审后作品名', 'Reviewed work title'), label: NEW_LABEL };
    expectStatus(await call(server, 'PATCH', `/api/works/${work.id}`, { cookie: curator.cookie, body: { metadata: fixed } }), 200, 'fix the work');
    for (const [who, account] of audiences) expect((await publicTexts(account)).work, `${who} before the fix is approved`).toEqual(original);
    expectStatus(await call(server, 'POST', `/api/works/${work.id}/review`, { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve the work change');
    expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/submit`, { cookie: curator.cookie }), 200, 'resubmit');
    expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/review`, { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve the revision');
    for (const [who, account] of audiences) {
      expect(await publicTexts(account), `${who} after approval`).toEqual(approvedState(fixed.title, NEW_LABEL, NEW, NEW_TOUR));
    }
    expect(await ownersView()).toMatchObject({ ...NEW, status: 'approved', approvedTexts: null });
    expect(expectStatus(await call<WorkBody>(server, 'GET', `/api/works/${work.id}`, { cookie: curator.cookie }), 200, 'own work')).toMatchObject({ metadataChange: null });
  });

  it('holds a work edit for review while the work hangs in an exhibition under review, and publishes an unshown work at once', async () => {
    const [loose, inReview] = await makeWorks(server, curator, 2, 'Held');
    // A work nobody can see yet: its owner edits it freely.
    const free = await call<WorkBody>(server, 'PATCH', `/api/works/${loose!.id}`, { cookie: curator.cookie, body: { metadata: metadataOf('自由修改', 'Free edit') } });
    expect(expectStatus(free, 200, 'free edit').metadata.title).toEqual({ 'zh-CN': '自由修改', en: 'Free edit' });

    const id = 'review-held-show';
    expectStatus(await call(server, 'POST', '/api/exhibitions', { cookie: curator.cookie, body: { id, ...OLD, templateId: 'white-cube' } }), 201, 'create');
    expectStatus(await call(server, 'PUT', `/api/exhibitions/${id}/draft`, { cookie: curator.cookie, body: { baseRevision: 0, layout: layoutWith(inReview!.id, OLD_TOUR) } }), 200, 'draft');
    expectStatus(await call(server, 'POST', `/api/exhibitions/${id}/submit`, { cookie: curator.cookie }), 200, 'submit');
    // The admin is reviewing what is there now; an edit made meanwhile waits for its own review.
    const held = await call<WorkBody>(server, 'PATCH', `/api/works/${inReview!.id}`, { cookie: curator.cookie, body: { metadata: metadataOf('审中修改', 'Edited in review') } });
    expectStatus(held, 200, 'edit during review');
    expectStatus(await call(server, 'POST', `/api/exhibitions/${id}/review`, { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve');
    const seen = expectStatus(await call<WorkBody>(server, 'GET', `/api/works/${inReview!.id}`, { cookie: viewer.cookie }), 200, 'public work');
    expect(seen.metadata.title).toEqual({ 'zh-CN': 'Held作品1', en: 'Held 1' });
    expect(held.body).toMatchObject({ metadata: { title: { en: 'Edited in review' } }, metadataChange: { status: 'pending' } });
    expect(free.body).toMatchObject({ metadataChange: null });
    // Saving the approved texts again is no change: nothing waits for review.
    const back = await call<WorkBody>(server, 'PATCH', `/api/works/${inReview!.id}`, { cookie: curator.cookie, body: { metadata: metadataOf('Held作品1', 'Held 1') } });
    expect(expectStatus(back, 200, 'revert')).toMatchObject({ metadataChange: null });
  });
});
