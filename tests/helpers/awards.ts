import sharp from 'sharp';
import { expect } from 'vitest';
import {
  AWARD_PHASES,
  Asset,
  AwardEntry,
  AwardProgramme,
  AwardResults,
  PublicUser,
  Work,
  phaseIndex,
  type AwardPhase,
  type AwardSchedule,
  type CategoryInput,
  type ProgrammeInput,
  type Role,
  type ScoreInput,
} from '@yunzhan/shared';
import { ADMIN_PASSWORD, HOST_PASSWORD, signIn, waitFor, type TestServer } from './server';
import { metadataOf, signInCurator, uploadWhole } from '../integration/support';

// Award programmes for tests (issue 6): accounts of every role, works to enter, programmes put
// into a given phase through the API (create, enter, advance), scores and votes. Everything goes
// through the real HTTP API; nothing is written to the database behind the server's back.

/** A JSON answer: status, parsed body, headers. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of `call`: the session cookie, a JSON body, extra headers. */
export interface CallOptions {
  cookie?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends one request and parses the JSON answer (null for an empty body). */
export async function call<T = unknown>(server: TestServer, method: string, url: string, opts: CallOptions = {}): Promise<Answer<T>> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** The wire error of an answer (code, message, details), or undefined for a success. */
export const wireError = (a: Answer) => (a.body as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;

/** Fails with the answer's body unless its status is `status`; returns the body. */
export function expectStatus<T>(a: Answer<T>, status: number, what = ''): T {
  expect(a.status, `${what} ${JSON.stringify(a.body)}`).toBe(status);
  return a.body;
}

/** A signed-in account: its id, role and session cookie. */
export interface Account {
  id: string;
  username: string;
  role: Role;
  cookie: string;
}

// Sign-up and sign-in have per-address limits. The award suites run their server as if behind a
// reverse proxy on loopback (BEHIND_PROXY: TRUST_PROXY=loopback), and each sign-up and vote here
// sends the X-Forwarded-For of a client address of its own, as real visitors would have.
/** Server options of a deployment behind a proxy on loopback: X-Forwarded-For names the client. */
export const BEHIND_PROXY = { trustProxy: ['loopback'] };
let nextAddress = 0;
/** A fresh simulated client address (10.66.x.y), for X-Forwarded-For. */
export function freshAddress(): string {
  nextAddress += 1;
  return `10.66.${Math.floor(nextAddress / 250) % 250}.${(nextAddress % 250) + 1}`;
}

async function whoAmI(server: TestServer, cookie: string): Promise<PublicUser> {
  const me = await call<{ user: PublicUser | null }>(server, 'GET', '/api/auth/me', { cookie });
  if (!me.body.user) throw new Error('the session cookie signs nobody in');
  return me.body.user;
}

/** Signs in a seeded account (admin, host, curator) and returns it with its id. */
export async function seededAccount(server: TestServer, username: 'admin' | 'host' | 'curator'): Promise<Account> {
  const cookie =
    username === 'curator' ? await signInCurator(server) : await signIn(server.url, username, username === 'admin' ? ADMIN_PASSWORD : HOST_PASSWORD);
  const user = await whoAmI(server, cookie);
  return { id: user.id, username, role: user.role, cookie };
}

/**
 * Signs up a new account (a viewer) and, unless `role` is viewer, makes the admin give it `role`
 * through PATCH /api/users/:id. The session cookie from the sign-up stays valid: roles are read
 * per request.
 */
export async function makeAccount(server: TestServer, admin: Account, username: string, role: Role = 'viewer'): Promise<Account> {
  const res = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
    body: JSON.stringify({ username, password: `${username}-password` }),
  });
  if (res.status !== 201) throw new Error(`sign-up of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  const user = ((await res.json()) as { user: PublicUser }).user;
  if (role !== 'viewer') {
    const patched = await call<PublicUser>(server, 'PATCH', `/api/users/${user.id}`, { cookie: admin.cookie, body: { role } });
    expect(expectStatus(patched, 200, `PATCH /api/users/${user.id}`).role).toBe(role);
  }
  return { id: user.id, username, role, cookie };
}

/** Makes `count` accounts of one role, named `<prefix>-<i>`, a few at a time (scrypt is slow). */
export async function makeAccounts(server: TestServer, admin: Account, prefix: string, count: number, role: Role = 'viewer'): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, k) => makeAccount(server, admin, `${prefix}-${i + k}`, role));
    accounts.push(...(await Promise.all(batch)));
  }
  return accounts;
}

/** Uploads a small picture as `owner` through tus and waits for its renditions; returns the asset id. */
export async function makeImageAsset(server: TestServer, owner: Account, colour = '#8ab17d'): Promise<string> {
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } }).png().toBuffer();
  const upload = await uploadWhole(server, owner.cookie, png, { filename: 'entry.png', filetype: 'image/png' });
  const asset = Asset.parse((JSON.parse(upload.res.body) as { asset: unknown }).asset);
  await waitFor(
    async () => Asset.parse((await call(server, 'GET', `/api/assets/${asset.id}`, { cookie: owner.cookie })).body).status === 'ready',
    30_000,
    'the entry picture to be processed',
  );
  return asset.id;
}

/**
 * Catalogues `count` image works owned by `owner` (a curator or an admin): one picture uploaded
 * and processed by the real job, then POST /api/works once per work (titles `<prefix> <i>`).
 */
export async function makeWorks(server: TestServer, owner: Account, count: number, titlePrefix = 'Work'): Promise<Work[]> {
  const assetId = await makeImageAsset(server, owner);
  const works: Work[] = [];
  for (let i = 0; i < count; i++) {
    const created = await call(server, 'POST', '/api/works', {
      cookie: owner.cookie,
      body: { assetId, kind: 'image', metadata: metadataOf(`${titlePrefix}作品${i}`, `${titlePrefix} ${i}`) },
    });
    works.push(Work.parse(expectStatus(created, 201, 'POST /api/works')));
  }
  return works;
}

/** Two criteria (craft 0..10 weight 2, idea 0..5 weight 1): a judge's total is (craft/10·2 + idea/5) / 3 · 100. */
export const TWO_CRITERIA = [
  { id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: 2, max: 10 },
  { id: 'idea', label: { 'zh-CN': '立意', en: 'Idea' }, weight: 1, max: 5 },
];
/** One criterion scored 0..100: a judge's total is the score itself. */
export const ONE_CRITERION = [{ id: 'overall', label: { 'zh-CN': '总评', en: 'Overall' }, weight: 1, max: 100 }];

/** A category accepting images (50 entries per entrant), with the given overrides. */
export function category(id: string, overrides: Partial<CategoryInput> = {}): CategoryInput {
  return {
    id,
    title: { 'zh-CN': `类别 ${id}`, en: `Category ${id}` },
    rubric: TWO_CRITERIA,
    eligibility: { kinds: ['image'], maxEntriesPerEntrant: 50 },
    ...overrides,
  };
}

/**
 * A schedule whose current phase is `phase`: every phase up to it started in the past (an hour
 * apart), every later one starts days from now.
 */
export function scheduleFor(phase: AwardPhase, now = Date.now()): AwardSchedule {
  const at = phaseIndex(phase);
  const hour = 3600_000;
  const dates = AWARD_PHASES.slice(1).map((_, i) => {
    const idx = i + 1;
    return new Date(idx <= at ? now - (at - idx + 1) * hour : now + (idx - at) * 24 * hour).toISOString();
  });
  const [entries, judging, voting, ceremony, results] = dates as [string, string, string, string, string];
  return { entries, judging, voting, ceremony, results };
}

/** POST /api/awards as `admin`; the programme's phase is `phase` (by its schedule). */
export async function createProgramme(
  server: TestServer,
  admin: Account,
  input: Omit<ProgrammeInput, 'schedule' | 'title'> & { title?: ProgrammeInput['title'] },
  phase: AwardPhase = 'entries',
): Promise<AwardProgramme> {
  const body: ProgrammeInput = { title: { 'zh-CN': `测试大赛 ${input.id}`, en: `Test awards ${input.id}` }, schedule: scheduleFor(phase), ...input };
  return AwardProgramme.parse(expectStatus(await call(server, 'POST', '/api/awards', { cookie: admin.cookie, body }), 201, 'POST /api/awards'));
}

/** POST /api/awards/:id/advance as `admin`. */
export async function advance(server: TestServer, admin: Account, programmeId: string, to: Exclude<AwardPhase, 'draft'>): Promise<AwardProgramme> {
  const res = await call(server, 'POST', `/api/awards/${programmeId}/advance`, { cookie: admin.cookie, body: { to } });
  const programme = AwardProgramme.parse(expectStatus(res, 200, `advance to ${to}`));
  expect(programme.phase).toBe(to);
  return programme;
}

/** POST /api/awards/:id/entries as `who` (the work's owner or an admin); expects 201. */
export async function enter(server: TestServer, who: Account, programmeId: string, categoryId: string, workId: string): Promise<AwardEntry> {
  const res = await call(server, 'POST', `/api/awards/${programmeId}/entries`, { cookie: who.cookie, body: { categoryId, workId } });
  return AwardEntry.parse(expectStatus(res, 201, `enter ${workId} in ${categoryId}`));
}

/** GET /api/awards/:id as `who` (anonymous without). */
export async function programmeOf(server: TestServer, programmeId: string, who?: Account): Promise<AwardProgramme> {
  return AwardProgramme.parse(expectStatus(await call(server, 'GET', `/api/awards/${programmeId}`, { cookie: who?.cookie }), 200, 'GET programme'));
}

/** PUT /api/awards/:id/scores/:entryId as a judge (raw answer). */
export function score(server: TestServer, judge: Account, programmeId: string, entryId: string, input: ScoreInput): Promise<Answer> {
  return call(server, 'PUT', `/api/awards/${programmeId}/scores/${entryId}`, { cookie: judge.cookie, body: input });
}

/** Options of `vote`. */
export interface VoteOptions {
  /** Idempotency-Key header; none when null. Default: a fresh random key. */
  key?: string | null;
  /** X-Forwarded-For (the server trusts it from loopback): the simulated client address. */
  address?: string;
}

/** POST /api/awards/:id/votes (raw answer). */
export function vote(server: TestServer, who: Account | undefined, programmeId: string, categoryId: string, entryId: string, opts: VoteOptions = {}): Promise<Answer> {
  const key = opts.key === undefined ? `k-${crypto.randomUUID()}` : opts.key;
  return call(server, 'POST', `/api/awards/${programmeId}/votes`, {
    cookie: who?.cookie,
    body: { categoryId, entryId },
    headers: { ...(key === null ? {} : { 'idempotency-key': key }), ...(opts.address ? { 'x-forwarded-for': opts.address } : {}) },
  });
}

/** GET /api/awards/:id/results as `who` (anonymous without). */
export async function resultsOf(server: TestServer, programmeId: string, who?: Account): Promise<AwardResults> {
  return AwardResults.parse(expectStatus(await call(server, 'GET', `/api/awards/${programmeId}/results`, { cookie: who?.cookie }), 200, 'GET results'));
}

/** What `buildProgramme` makes. */
export interface ProgrammeSpec {
  id: string;
  categories: CategoryInput[];
  judgeIds?: string[];
  eventId?: string | null;
  /** Works to enter per category id (entered by `enteredBy`, default the admin). */
  entries: Record<string, readonly Work[]>;
  enteredBy?: Account;
  /** Runs during judging (scores, recusals) before the programme moves on. */
  whileJudging?: (entries: Record<string, AwardEntry[]>) => Promise<void>;
  /** The phase to end in. */
  phase: AwardPhase;
}

/**
 * A programme in `spec.phase`, made the way an organiser would: created in the entries phase,
 * the works entered, advanced to judging (where `whileJudging` runs), then advanced to the
 * target phase. Returns the programme and its entries per category (in `spec.entries` order).
 */
export async function buildProgramme(
  server: TestServer,
  admin: Account,
  spec: ProgrammeSpec,
): Promise<{ programme: AwardProgramme; entries: Record<string, AwardEntry[]> }> {
  const startIn: AwardPhase = spec.phase === 'draft' ? 'draft' : 'entries';
  let programme = await createProgramme(server, admin, { id: spec.id, categories: spec.categories, judgeIds: spec.judgeIds ?? [], eventId: spec.eventId ?? null }, startIn);
  const entries: Record<string, AwardEntry[]> = {};
  for (const [categoryId, works] of Object.entries(spec.entries)) {
    entries[categoryId] = [];
    for (const work of works) entries[categoryId].push(await enter(server, spec.enteredBy ?? admin, spec.id, categoryId, work.id));
  }
  const target = phaseIndex(spec.phase);
  if (target >= phaseIndex('judging')) {
    programme = await advance(server, admin, spec.id, 'judging');
    await spec.whileJudging?.(entries);
    if (target > phaseIndex('judging')) programme = await advance(server, admin, spec.id, spec.phase as Exclude<AwardPhase, 'draft'>);
  }
  return { programme, entries };
}

/** POST /api/events as the admin: an event hosted by `hosts`. */
export async function makeEvent(server: TestServer, admin: Account, id: string, hosts: readonly Account[]): Promise<void> {
  const res = await call(server, 'POST', '/api/events', { cookie: admin.cookie, body: { id, title: `颁奖典礼 ${id}`, hostIds: hosts.map((h) => h.id) } });
  expectStatus(res, 201, 'POST /api/events');
}
