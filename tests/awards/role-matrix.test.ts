import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwardEntry, Work } from '@yunzhan/shared';
import {
  BEHIND_PROXY,
  buildProgramme,
  call,
  category,
  createProgramme,
  enter,
  expectStatus,
  makeAccount,
  makeEvent,
  makeImageAsset,
  makeWorks,
  scheduleFor,
  seededAccount,
  type Account,
} from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';
import { metadataOf, oneWorkLayout } from '../integration/support';
import { MATRIX_COLUMNS, parseRoleMatrix, type MatrixColumn, type MatrixRow } from './roles-doc';

// The role matrix of docs/roles.md, cell by cell (issue 6, "the role matrix is a table in docs/
// and a test walks every cell"). The document is parsed here: each row is performed as a real
// HTTP request by each role (✓ → 2xx; ✗ → 401 anonymous, 403 signed in), and a conditional ✓
// is performed again by another account of the same role for which the condition does not hold
// (→ 403). A row without a request below, or a request below without a row, fails.

const DOC = new URL('../../docs/roles.md', import.meta.url);

/** A request to perform: method, path, body, headers. */
interface Attempt {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How to perform one row: `attempt` sets up whatever state the request needs and returns it. */
interface RowCase {
  attempt: (column: MatrixColumn) => Promise<Attempt>;
  /** For conditional cells: an account of the same role for which the footnote's condition does not hold. */
  otherwise?: Partial<Record<MatrixColumn, () => Account>>;
}

let server: TestServer;
const cast = {} as Record<Exclude<MatrixColumn, 'anonymous'>, Account> & { host2: Account; judge2: Account; curator2: Account; spare: Account };
let works: Work[] = [];
/** A work the exhibitions of the review row hang (a work may hang in any number of them). */
let hangable: Work;
let adminAsset = '';
let curatorAsset = '';
let judgingEntries: AwardEntry[] = [];
let votingEntries: AwardEntry[] = [];
let tieEntries: AwardEntry[] = [];
let fresh = 0;

const EVENT = 'roles-gala';
const P = { entries: 'roles-entries', judging: 'roles-judging', voting: 'roles-voting', ceremony: 'roles-ceremony' };
const unique = (prefix: string) => `${prefix}-${++fresh}`;
const nextWork = () => {
  const work = works.shift();
  if (!work) throw new Error('the role matrix ran out of works to enter: make more in beforeAll');
  return work;
};

/** An exhibition of the curator's, in review (created, one work hung, submitted). */
async function exhibitionInReview(): Promise<string> {
  const id = unique('roles-show');
  const c = cast.curator.cookie;
  expectStatus(await call(server, 'POST', '/api/exhibitions', { cookie: c, body: { id, title: { 'zh-CN': '待审展览' }, templateId: 'white-cube' } }), 201, 'exhibition');
  const layout = oneWorkLayout(hangable.id);
  expectStatus(await call(server, 'PUT', `/api/exhibitions/${id}/draft`, { cookie: c, body: { baseRevision: 0, layout } }), 200, 'draft');
  expectStatus(await call(server, 'POST', `/api/exhibitions/${id}/submit`, { cookie: c }), 200, 'submit');
  return id;
}

/** Whether `hangable` hangs in an approved exhibition yet (visitors can see it). */
let hangableShown = false;

/** The id of a work visitors can see with a change of its metadata awaiting review (made by its curator). */
async function workWithPendingChange(): Promise<string> {
  if (!hangableShown) {
    const id = await exhibitionInReview();
    expectStatus(await call(server, 'POST', `/api/exhibitions/${id}/review`, { cookie: cast.admin.cookie, body: { decision: 'approve' } }), 200, 'approve');
    hangableShown = true;
  }
  const edit = { metadata: metadataOf(unique('待审标题'), 'Pending title') };
  expectStatus(await call(server, 'PATCH', `/api/works/${hangable.id}`, { cookie: cast.curator.cookie, body: edit }), 200, 'metadata change');
  return hangable.id;
}

/** Every request of the matrix, by its row's request text. */
const CASES: Record<string, RowCase> = {
  'GET /api/awards': { attempt: async () => ({ method: 'GET', url: '/api/awards' }) },
  'POST /api/awards': {
    attempt: async () => ({
      method: 'POST',
      url: '/api/awards',
      body: { id: unique('roles-new'), title: { 'zh-CN': '新大赛' }, schedule: scheduleFor('entries'), categories: [category('painting')] },
    }),
  },
  'GET /api/awards/:id': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.voting}` }) },
  'PATCH /api/awards/:id': { attempt: async () => ({ method: 'PATCH', url: `/api/awards/${P.entries}`, body: { title: { 'zh-CN': '改名的大赛', en: 'Renamed' } } }) },
  'POST /api/awards/:id/advance': {
    // A programme of its own each time: a wrongly allowed advance must not move the others.
    attempt: async () => {
      const id = unique('roles-adv');
      await createProgramme(server, cast.admin, { id, categories: [category('painting')] });
      return { method: 'POST', url: `/api/awards/${id}/advance`, body: { to: 'judging' } };
    },
  },
  'POST /api/awards/:id/entries': {
    // The curator owns every work here; curator2 owns none of them.
    attempt: async () => ({ method: 'POST', url: `/api/awards/${P.entries}/entries`, body: { categoryId: 'painting', workId: nextWork().id } }),
    otherwise: { curator: () => cast.curator2 },
  },
  'DELETE /api/awards/:id/entries/:entryId': {
    // An entry the curator made: the curator is its entrant.
    attempt: async () => {
      const entry = await enter(server, cast.curator, P.entries, 'painting', nextWork().id);
      return { method: 'DELETE', url: `/api/awards/${P.entries}/entries/${entry.id}` };
    },
    otherwise: { curator: () => cast.curator2 },
  },
  'GET /api/awards/:id/judging': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.judging}/judging` }), otherwise: { judge: () => cast.judge2 } },
  'PUT /api/awards/:id/scores/:entryId': {
    attempt: async () => ({ method: 'PUT', url: `/api/awards/${P.judging}/scores/${judgingEntries[0]!.id}`, body: { scores: { craft: 5, idea: 2 }, comment: '草稿' } }),
    otherwise: { judge: () => cast.judge2 },
  },
  'POST /api/awards/:id/recusals': {
    attempt: async () => {
      const entry = await enter(server, cast.curator, P.entries, 'painting', nextWork().id);
      return { method: 'POST', url: `/api/awards/${P.entries}/recusals`, body: { entryId: entry.id, reason: '与作者相识 Knows the artist' } };
    },
    otherwise: { judge: () => cast.judge2 },
  },
  'GET /api/awards/:id/progress': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.judging}/progress` }) },
  'GET /api/awards/:id/audit': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.judging}/audit` }) },
  'POST /api/awards/:id/votes': {
    attempt: async () => ({
      method: 'POST',
      url: `/api/awards/${P.voting}/votes`,
      body: { categoryId: 'painting', entryId: votingEntries[0]!.id },
      headers: { 'idempotency-key': unique('roles-vote-key') },
    }),
  },
  'GET /api/awards/:id/votes/mine': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.voting}/votes/mine` }) },
  'GET /api/awards/:id/results': { attempt: async () => ({ method: 'GET', url: `/api/awards/${P.voting}/results` }) },
  'POST /api/awards/:id/tie-break': { attempt: async () => ({ method: 'POST', url: `/api/awards/${P.ceremony}/tie-break`, body: { categoryId: 'tie', entryId: tieEntries[0]!.id } }) },
  'POST /api/awards/:id/reveal': {
    attempt: async () => ({ method: 'POST', url: `/api/awards/${P.ceremony}/reveal`, body: { categoryId: 'painting', stage: 'nominees' } }),
    otherwise: { host: () => cast.host2 },
  },
  // Each role changes the password of an account of its own made for this row: the cast's
  // sessions would end with it.
  'POST /api/auth/password': {
    attempt: async (column) => {
      const body = { currentPassword: '', newPassword: 'Harbour-Violet-Meadow-3381' };
      if (column === 'anonymous') return { method: 'POST', url: '/api/auth/password', body };
      const owner = await makeAccount(server, cast.admin, unique(`pw-${column}`), column);
      return { method: 'POST', url: '/api/auth/password', body: { ...body, currentPassword: `${owner.username}-password` }, headers: { cookie: owner.cookie } };
    },
  },
  'GET /api/users': { attempt: async () => ({ method: 'GET', url: '/api/users' }) },
  'PATCH /api/users/:id': { attempt: async () => ({ method: 'PATCH', url: `/api/users/${cast.spare.id}`, body: { role: 'viewer' } }) },
  'POST /api/events': { attempt: async () => ({ method: 'POST', url: '/api/events', body: { id: unique('roles-event'), title: '活动', hostIds: [] } }) },
  'GET /api/assets': { attempt: async () => ({ method: 'GET', url: '/api/assets' }) },
  'POST /api/works': {
    attempt: async (column) => ({
      method: 'POST',
      url: '/api/works',
      body: { assetId: column === 'admin' ? adminAsset : curatorAsset, kind: 'image', metadata: metadataOf('角色矩阵', 'Role matrix') },
    }),
  },
  'GET /api/works': { attempt: async () => ({ method: 'GET', url: '/api/works' }) },
  'GET /api/works?review=pending': { attempt: async () => ({ method: 'GET', url: '/api/works?review=pending' }) },
  'POST /api/works/:id/review': {
    attempt: async () => ({ method: 'POST', url: `/api/works/${await workWithPendingChange()}/review`, body: { decision: 'return', comment: '请核对展签' } }),
  },
  'GET /api/jobs': { attempt: async () => ({ method: 'GET', url: '/api/jobs' }) },
  'POST /api/exhibitions': {
    attempt: async () => ({ method: 'POST', url: '/api/exhibitions', body: { id: unique('roles-exhibition'), title: { 'zh-CN': '展览' }, templateId: 'white-cube' } }),
  },
  'GET /api/exhibitions?status=in-review': { attempt: async () => ({ method: 'GET', url: '/api/exhibitions?status=in-review' }) },
  'POST /api/exhibitions/:id/review': {
    attempt: async () => ({ method: 'POST', url: `/api/exhibitions/${await exhibitionInReview()}/review`, body: { decision: 'return', comment: '请补充说明' } }),
  },
};

let rows: MatrixRow[] = [];
let parseError: unknown = null;
try {
  rows = parseRoleMatrix(fs.readFileSync(DOC, 'utf8'));
} catch (err) {
  parseError = err;
}

beforeAll(async () => {
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false });
  cast.admin = await seededAccount(server, 'admin');
  cast.host = await seededAccount(server, 'host');
  cast.curator = await seededAccount(server, 'curator');
  [cast.judge, cast.viewer, cast.host2, cast.judge2, cast.curator2, cast.spare] = await Promise.all([
    makeAccount(server, cast.admin, 'matrix-judge', 'judge'),
    makeAccount(server, cast.admin, 'matrix-viewer'),
    makeAccount(server, cast.admin, 'matrix-other-host', 'host'),
    makeAccount(server, cast.admin, 'matrix-other-judge', 'judge'),
    makeAccount(server, cast.admin, 'matrix-other-curator', 'curator'),
    makeAccount(server, cast.admin, 'matrix-spare'),
  ]);
  works = await makeWorks(server, cast.curator, 40, 'Matrix');
  hangable = nextWork();
  adminAsset = await makeImageAsset(server, cast.admin, '#223344');
  curatorAsset = await makeImageAsset(server, cast.curator, '#443322');
  await makeEvent(server, cast.admin, EVENT, [cast.host]);
  await makeEvent(server, cast.admin, 'roles-other-gala', [cast.host2]);

  const judgeIds = [cast.judge.id];
  await createProgramme(server, cast.admin, { id: P.entries, categories: [category('painting')], judgeIds, eventId: EVENT });
  const [a, b, c, d, e, f] = [nextWork(), nextWork(), nextWork(), nextWork(), nextWork(), nextWork()];
  judgingEntries = (await buildProgramme(server, cast.admin, { id: P.judging, categories: [category('painting')], judgeIds, entries: { painting: [a, b] }, phase: 'judging' }))
    .entries.painting!;
  votingEntries = (await buildProgramme(server, cast.admin, { id: P.voting, categories: [category('painting')], judgeIds, entries: { painting: [a, b] }, phase: 'voting' }))
    .entries.painting!;
  const ceremony = await buildProgramme(server, cast.admin, {
    id: P.ceremony,
    categories: [category('painting'), category('tie')],
    judgeIds,
    eventId: EVENT,
    entries: { painting: [c, d], tie: [e, f] },
    phase: 'ceremony',
    // A clear winner in painting, two equal totals in tie.
    whileJudging: async (entries) => {
      const sheet = [
        [entries.painting![0]!, { craft: 9, idea: 4 }],
        [entries.painting![1]!, { craft: 5, idea: 2 }],
        [entries.tie![0]!, { craft: 7, idea: 3 }],
        [entries.tie![1]!, { craft: 7, idea: 3 }],
      ] as const;
      for (const [entry, scores] of sheet) {
        expectStatus(await call(server, 'PUT', `/api/awards/${P.ceremony}/scores/${entry.id}`, { cookie: cast.judge.cookie, body: { scores, submit: true } }), 200, 'score');
      }
    },
  });
  tieEntries = ceremony.entries.tie!;
}, 180_000);
afterAll(async () => server?.dispose());

describe('the role matrix of docs/roles.md', () => {
  it('parses: every cell is ✓ or ✗ and every footnote is explained', () => {
    expect(parseError).toBeNull();
    expect(rows.length).toBeGreaterThan(20);
  });

  it('has a request in this test for every row, and a row for every request', () => {
    expect(rows.map((r) => r.request).filter((r) => !(r in CASES)), 'rows of docs/roles.md this test cannot perform').toEqual([]);
    expect(Object.keys(CASES).filter((r) => !rows.some((row) => row.request === r)), 'requests here that docs/roles.md lost').toEqual([]);
  });

  it.each(rows.map((r) => [r.request, r] as const))('%s answers each role as the matrix says', async (_request, row) => {
    const c = CASES[row.request];
    expect(c, `no request mapping for ${row.request}`).toBeDefined();
    const wrong: string[] = [];
    const perform = async (column: MatrixColumn, actor: Account | undefined, expected: 'allowed' | 'denied', label: string) => {
      const a = await c!.attempt(column);
      const res = await call(server, a.method, a.url, { cookie: actor?.cookie, body: a.body, headers: a.headers ?? {} });
      const want = expected === 'allowed' ? '2xx' : column === 'anonymous' ? '401' : '403';
      const ok = expected === 'allowed' ? res.status >= 200 && res.status < 300 : res.status === (column === 'anonymous' ? 401 : 403);
      if (!ok) wrong.push(`${label}: ${a.method} ${a.url} wanted ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    };
    for (const column of MATRIX_COLUMNS) {
      const cell = row.cells[column];
      const actor = column === 'anonymous' ? undefined : cast[column];
      await perform(column, actor, cell.allowed ? 'allowed' : 'denied', `${column} (${cell.allowed ? '✓' : '✗'}${cell.footnote ?? ''})`);
      if (cell.footnote) {
        const other = c!.otherwise?.[column];
        if (!other) wrong.push(`${column}: the cell is conditional (${cell.footnote}) but this test has no account for which the condition fails`);
        else await perform(column, other(), 'denied', `${column} without the condition ${cell.footnote} (${other().username})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the matrix parser', () => {
  const table = (cell: string, footnotes = '') =>
    `| Request | admin | host | curator | judge | viewer | anonymous |\n| --- | --- | --- | --- | --- | --- | --- |\n| \`GET /x\` | ✓ | ${cell} | ✗ | ✗ | ✗ | ✗ |\n\n${footnotes}`;

  it('refuses a cell that is neither ✓ nor ✗, a conditional denial and an unexplained footnote', () => {
    expect(parseRoleMatrix(table('✓¹', '¹ Only the host.'))[0]!.cells.host).toEqual({ allowed: true, footnote: '¹' });
    expect(() => parseRoleMatrix(table('?'))).toThrow(/neither ✓ nor ✗/);
    expect(() => parseRoleMatrix(table('yes'))).toThrow(/neither ✓ nor ✗/);
    expect(() => parseRoleMatrix(table(''))).toThrow(/neither ✓ nor ✗/);
    expect(() => parseRoleMatrix(table('✗²', '² Never.'))).toThrow(/cannot be conditional/);
    expect(() => parseRoleMatrix(table('✓³'))).toThrow(/never explained/);
    expect(() => parseRoleMatrix(table('✓').replace('| anonymous |', '| guest |'))).toThrow(/columns/);
  });
});
