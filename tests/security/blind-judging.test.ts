import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwardProgramme, AwardReveal, ExhibitionView, JudgingSheet, PublicUser, Work, type AckResult } from '@yunzhan/shared';
import { BEHIND_PROXY, advance, call, category, createProgramme, enter, expectStatus, freshAddress, makeAccount, makeImageAsset, makeWorks, seededAccount, type Account, type Answer } from '../helpers/awards';
import { emitRaw } from '../helpers/chat';
import { connectClient, startTestServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';

// Finding 7: in a blind category the judge's own sheet hid the creator, but /api/works/:id, the
// public programme, the results and the labels of any published hall hanging the work showed it
// to that judge and to everyone else. Until judging closes (the voting phase starts), no endpoint
// and no socket message shows who made or entered a blind entry to anyone but admins and the
// entrant (docs/roles.md, "What public pages show while judging runs").

let server: TestServer;
let admin: Account;
let entrant: Account;
let otherCurator: Account;
let judge: Account;
let otherJudge: Account;
let viewer: Account;
let blindWork: Work;
let openWork: Work;
const sockets: TestSocket[] = [];

const PROGRAMME = 'blind-leaks';
const SECOND = 'blind-leaks-second';
const SHOW = 'blind-entrant-show';
const CREATOR = 'Ximena Quill 奚梦';
const HOLDER = 'Quill Studio 奚氏工作室';
const DISPLAY_NAME = 'Lumen Entrant 参赛者';
const OPEN_CREATOR = '测试艺术家'; // metadataOf's creator, on the work of the category that is not blind

/** Everything that would tell who made or entered the blind entry. */
const leaks = () => ['Ximena', 'Quill', '奚梦', '奚氏', entrant.id, entrant.username, DISPLAY_NAME];

/** The audiences that must not learn it (anonymous is `undefined`). */
const audiences = (): [string, Account | undefined][] => [
  ['the assigned judge', judge],
  ['another judge', otherJudge],
  ['a viewer', viewer],
  ['anonymous', undefined],
  ['another curator', otherCurator],
];

/** Signs up the entrant with a display name of its own, then makes it a curator. */
async function signUpEntrant(): Promise<Account> {
  const username = 'blindentrant7q';
  const password = 'Harbour-dusk-7Qx!pL2v';
  const res = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
    body: JSON.stringify({ username, password, displayName: DISPLAY_NAME }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const user = ((await res.json()) as { user: PublicUser }).user;
  expectStatus(await call(server, 'PATCH', `/api/users/${user.id}`, { cookie: admin.cookie, body: { role: 'curator' } }), 200, 'make the entrant a curator');
  return { id: user.id, username, role: 'curator', cookie };
}

/** The entrant's blind entry: its creator named in its own texts too. */
async function catalogueBlindWork(): Promise<Work> {
  const assetId = await makeImageAsset(server, entrant, '#264653');
  const metadata = {
    title: { 'zh-CN': '暮色港湾', en: 'Harbour at dusk' },
    creator: CREATOR,
    date: '2025',
    description: { 'zh-CN': `${CREATOR}的新作。`, en: `A new painting by ${CREATOR}.` },
    label: { 'zh-CN': `${CREATOR}，布面油画`, en: `${CREATOR}, oil on canvas` },
    rights: { holder: HOLDER, licence: 'cc-by', credit: `Courtesy ${HOLDER}` },
  };
  return Work.parse(expectStatus(await call(server, 'POST', '/api/works', { cookie: entrant.cookie, body: { assetId, kind: 'image', metadata } }), 201, 'POST /api/works'));
}

/** The entrant's own exhibition hanging the work, approved and published (what makes the work public). */
async function publishShow(workId: string): Promise<void> {
  const as = { cookie: entrant.cookie };
  expectStatus(await call(server, 'POST', '/api/exhibitions', { ...as, body: { id: SHOW, title: { 'zh-CN': '新作展', en: 'New work' }, templateId: 'white-cube' } }), 201, 'create show');
  const placement = { id: 'p1', workId, mount: 'wall', wallId: 'partition', side: 'front', u: 2, v: 1.5, width: 1, height: 0.75 };
  expectStatus(await call(server, 'PUT', `/api/exhibitions/${SHOW}/draft`, { ...as, body: { baseRevision: 0, layout: { templateId: 'white-cube', placements: [placement] } } }), 200, 'save');
  expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/submit`, as), 200, 'submit');
  expectStatus(await call(server, 'POST', `/api/exhibitions/${SHOW}/review`, { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve');
}

async function socketOf(who: Account | undefined): Promise<TestSocket> {
  const socket = await connectClient(server.url, who?.cookie);
  sockets.push(socket);
  return socket;
}

/** The current reveal `award:join` answers with (null when none). */
async function joinAwards(socket: TestSocket, programmeId: string): Promise<AwardReveal | null> {
  const ack: AckResult<AwardReveal | null> = await emitRaw(socket, 'award:join', { programmeId });
  if (!ack.ok) throw new Error(`award:join: ${ack.error.code}`);
  return ack.data === null ? null : AwardReveal.parse(ack.data);
}

/** Every answer `who` gets from the endpoints that can show the entry or its work, by label. */
async function everythingSeenBy(who: Account | undefined, programmeId: string, halls: readonly string[]): Promise<Map<string, Answer>> {
  const urls = [
    '/api/awards',
    `/api/awards/${programmeId}`,
    `/api/awards/${programmeId}/results`,
    `/api/awards/${programmeId}/judging`,
    `/api/awards/${programmeId}/votes/mine`,
    '/api/works',
    '/api/works?kind=image',
    `/api/works/${blindWork.id}`,
    '/api/exhibitions',
    ...halls.flatMap((id) => [`/api/exhibitions/${id}`, `/api/exhibitions/${id}/view`]),
  ];
  const answers = new Map(await Promise.all(urls.map(async (url) => [url, await call(server, 'GET', url, { cookie: who?.cookie })] as const)));
  const socket = await socketOf(who);
  const reveal = await joinAwards(socket, programmeId);
  answers.set('award:join', { status: 200, body: reveal, headers: new Headers() });
  for (const id of halls) {
    const ack = await emitRaw(socket, 'hall:join', { exhibitionId: id });
    answers.set(`hall:join ${id}`, { status: ack.ok ? 200 : 404, body: ack, headers: new Headers() });
  }
  socket.disconnect();
  return answers;
}

/** Fails naming the endpoint and the leaked text when any answer shows who made or entered the blind entry. */
function expectNoLeak(who: string, answers: Map<string, Answer>): void {
  for (const [url, answer] of answers) {
    const text = JSON.stringify(answer.body);
    for (const leak of leaks()) expect(text.includes(leak), `${who} reads "${leak}" in ${url}: ${text.slice(0, 400)}`).toBe(false);
  }
}

const bodyOf = <T>(answers: Map<string, Answer>, url: string, parse: { parse(v: unknown): T }): T => parse.parse(expectStatus(answers.get(url)!, 200, url));
const entryOf = (p: AwardProgramme, workId: string) => p.categories.flatMap((c) => c.entries).find((e) => e.work.id === workId)!;
const programmeAs = async (who: Account | undefined, id = PROGRAMME) => AwardProgramme.parse(expectStatus(await call(server, 'GET', `/api/awards/${id}`, { cookie: who?.cookie }), 200));
const workAs = async (who: Account | undefined) => Work.parse(expectStatus(await call(server, 'GET', `/api/works/${blindWork.id}`, { cookie: who?.cookie }), 200));
const hallViewAs = async (who: Account | undefined, id: string) => ExhibitionView.parse(expectStatus(await call(server, 'GET', `/api/exhibitions/${id}/view`, { cookie: who?.cookie }), 200));

beforeAll(async () => {
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false });
  admin = await seededAccount(server, 'admin');
  otherCurator = await seededAccount(server, 'curator');
  entrant = await signUpEntrant();
  judge = await makeAccount(server, admin, 'blindjudge-a', 'judge');
  otherJudge = await makeAccount(server, admin, 'blindjudge-b', 'judge');
  viewer = await makeAccount(server, admin, 'blindviewer', 'viewer');
  blindWork = await catalogueBlindWork();
  [openWork] = (await makeWorks(server, otherCurator, 1, 'Open')) as [Work];
  await publishShow(blindWork.id);

  // A blind category with the entrant's work, an open one with another curator's; judging runs.
  await createProgramme(server, admin, {
    id: PROGRAMME,
    categories: [category('painting', { blindEntrant: true }), category('open', { blindEntrant: false })],
    judgeIds: [judge.id],
  });
  await enter(server, entrant, PROGRAMME, 'painting', blindWork.id);
  await enter(server, otherCurator, PROGRAMME, 'open', openWork.id);
  await advance(server, admin, PROGRAMME, 'judging');
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('a blind entry while judging runs', () => {
  it('shows its creator and entrant on no endpoint and in no socket answer to judges, viewers, anonymous callers or other curators', async () => {
    for (const [who, account] of audiences()) {
      const answers = await everythingSeenBy(account, PROGRAMME, [SHOW]);
      expectNoLeak(who, answers);
      // Not vacuous: the work itself is there, only who made it is not.
      const work = bodyOf(answers, `/api/works/${blindWork.id}`, Work);
      expect(work).toMatchObject({ id: blindWork.id, blind: true, ownerId: '', metadata: { title: { en: 'Harbour at dusk' }, creator: '', date: '2025' } });
      // Its own texts keep their words, with the maker's names taken out.
      expect(work.metadata.description?.en).toBe('A new painting by ….');
      const programme = bodyOf(answers, `/api/awards/${PROGRAMME}`, AwardProgramme);
      expect(entryOf(programme, blindWork.id)).toMatchObject({ entrantId: null, work: { creator: null, title: { en: 'Harbour at dusk' } } });
      // The category that is not blind keeps its creator for everyone.
      expect(entryOf(programme, openWork.id).work.creator).toContain(OPEN_CREATOR);
      const show = bodyOf(answers, `/api/exhibitions/${SHOW}/view`, ExhibitionView);
      expect(show.works.map((w) => w.id)).toEqual([blindWork.id]);
    }
    // The assigned judge's sheet has the entry to score, blind.
    const sheet = JudgingSheet.parse(expectStatus(await call(server, 'GET', `/api/awards/${PROGRAMME}/judging`, { cookie: judge.cookie }), 200));
    const painting = sheet.categories.find((c) => c.id === 'painting')!;
    expect(painting.entries.map((e) => [e.entry.work.id, e.entry.work.creator, e.entry.entrantId])).toEqual([[blindWork.id, null, null]]);
  });

  it('shows them to admins everywhere and to the entrant on its own entry', async () => {
    expect(entryOf(await programmeAs(admin), blindWork.id)).toMatchObject({ entrantId: entrant.id, work: { creator: CREATOR } });
    expect(await workAs(admin)).toMatchObject({ ownerId: entrant.id, metadata: { creator: CREATOR, rights: { holder: HOLDER } } });
    expect((await workAs(admin)).blind).toBeUndefined();
    expect((await hallViewAs(admin, SHOW)).works[0]!.metadata.creator).toBe(CREATOR);

    expect(entryOf(await programmeAs(entrant), blindWork.id)).toMatchObject({ entrantId: entrant.id, work: { creator: CREATOR } });
    expect(await workAs(entrant)).toMatchObject({ ownerId: entrant.id, metadata: { creator: CREATOR, description: { en: `A new painting by ${CREATOR}.` } } });
    const mine = Work.array().parse(expectStatus(await call(server, 'GET', '/api/works', { cookie: entrant.cookie }), 200));
    expect(mine.find((w) => w.id === blindWork.id)?.metadata.creator).toBe(CREATOR);
  });
});

describe('once judging closes', () => {
  let hallId: string;

  beforeAll(async () => {
    await advance(server, admin, PROGRAMME, 'voting');
    hallId = (await programmeAs(admin)).categories.find((c) => c.id === 'painting')!.hallExhibitionId!;
    expect(hallId).toBeTruthy();
  });

  it('shows the public the creator the category allows (never the entrant account), in the programme, the work and the halls', async () => {
    for (const [who, account] of audiences()) {
      const entry = entryOf(await programmeAs(account), blindWork.id);
      expect([who, entry.entrantId, entry.work.creator]).toEqual([who, null, CREATOR]);
      const work = await workAs(account);
      expect([who, work.metadata.creator, work.blind]).toEqual([who, CREATOR, undefined]);
      expect((await hallViewAs(account, hallId)).works.map((w) => w.metadata.creator)).toEqual([CREATOR]);
      expect((await hallViewAs(account, SHOW)).works.map((w) => w.metadata.creator)).toEqual([CREATOR]);
    }
    const sheet = JudgingSheet.parse(expectStatus(await call(server, 'GET', `/api/awards/${PROGRAMME}/judging`, { cookie: judge.cookie }), 200));
    expect(sheet.categories.find((c) => c.id === 'painting')!.entries[0]!.entry.work.creator).toBe(CREATOR);
  });

  it('hides them again wherever the same work is a blind entry of another programme still in judging, the nominees hall and live reveals included', async () => {
    // The first programme reaches its ceremony; the nominees are on screen.
    await advance(server, admin, PROGRAMME, 'ceremony');
    expectStatus(await call(server, 'POST', `/api/awards/${PROGRAMME}/reveal`, { cookie: admin.cookie, body: { categoryId: 'painting', stage: 'nominees' } }), 200, 'reveal');
    expect((await joinAwards(await socketOf(viewer), PROGRAMME))?.nominees[0]?.work.creator).toBe(CREATOR);

    // The same work is entered in a second programme, blind, which moves into judging.
    await createProgramme(server, admin, { id: SECOND, categories: [category('painting', { blindEntrant: true })], judgeIds: [judge.id] });
    await enter(server, entrant, SECOND, 'painting', blindWork.id);
    await advance(server, admin, SECOND, 'judging');

    const watching = await socketOf(judge);
    await joinAwards(watching, PROGRAMME);
    const broadcasts: unknown[] = [];
    watching.on('award:reveal', (r) => broadcasts.push(r));
    expectStatus(await call(server, 'POST', `/api/awards/${PROGRAMME}/reveal`, { cookie: admin.cookie, body: { categoryId: 'painting', stage: 'nominees' } }), 200, 'reveal again');
    await waitFor(() => broadcasts.length > 0, 5_000, 'the reveal broadcast');
    expect(AwardReveal.parse(broadcasts[0]).nominees.map((n) => [n.work.id, n.work.creator])).toEqual([[blindWork.id, null]]);
    expect((await joinAwards(await socketOf(viewer), PROGRAMME))?.nominees.map((n) => [n.work.id, n.work.creator])).toEqual([[blindWork.id, null]]);

    for (const [who, account] of audiences()) {
      for (const programmeId of [PROGRAMME, SECOND]) expectNoLeak(who, await everythingSeenBy(account, programmeId, [SHOW, hallId]));
    }
    expectNoLeak('the room of the ceremony', new Map([['award:reveal', { status: 200, body: broadcasts, headers: new Headers() }]]));
    // The nominees hall still hangs the work, blind.
    const hall = await hallViewAs(viewer, hallId);
    expect(hall.works.map((w) => [w.id, w.blind, w.metadata.creator])).toEqual([[blindWork.id, true, '']]);
    // Admins still see everything.
    expect((await hallViewAs(admin, hallId)).works[0]!.metadata.creator).toBe(CREATOR);
    expect(entryOf(await programmeAs(admin, SECOND), blindWork.id).entrantId).toBe(entrant.id);
  });
});
