import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, AwardReveal, CategoryResult, JudgeProgress, JudgeScore, JudgingSheet, type AwardEntry, type Work } from '@yunzhan/shared';
import {
  BEHIND_PROXY,
  ONE_CRITERION,
  buildProgramme,
  call,
  category,
  expectStatus,
  makeAccounts,
  makeWorks,
  resultsOf,
  score,
  seededAccount,
  wireError,
  type Account,
} from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';

// Online judging (issue 6): judges blind to each other and (optionally) to the entrant, scores
// final once submitted and every save in the audit log, recusals, aggregation (mean, trimmed
// mean), ties reported and broken by the organiser before the winner can be revealed.

let server: TestServer;
let admin: Account;
let curator: Account;
let judges: Account[];
let works: Work[];

const CREATOR = '测试艺术家'; // metadataOf's creator: must never reach a judge of a blind category
const sheetOf = async (judge: Account, id: string) => JudgingSheet.parse(expectStatus(await call(server, 'GET', `/api/awards/${id}/judging`, { cookie: judge.cookie }), 200, 'sheet'));
const auditOf = async (id: string) => AuditEntry.array().parse(expectStatus(await call(server, 'GET', `/api/awards/${id}/audit`, { cookie: admin.cookie }), 200, 'audit'));
const scoresIn = (v: unknown) => (v !== null && typeof v === 'object' && 'scores' in v ? (v as { scores: unknown }).scores : v);

beforeAll(async () => {
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false });
  admin = await seededAccount(server, 'admin');
  curator = await seededAccount(server, 'curator');
  judges = await makeAccounts(server, admin, 'judge', 5, 'judge');
  works = await makeWorks(server, curator, 5, 'Jury');
}, 120_000);
afterAll(async () => server?.dispose());

describe('judges are blind to each other and to the entrant', () => {
  const id = 'jury-blind';
  let entries: AwardEntry[];

  beforeAll(async () => {
    const built = await buildProgramme(server, admin, {
      id,
      categories: [category('painting', { blindEntrant: true })],
      judgeIds: judges.map((j) => j.id),
      entries: { painting: works.slice(0, 3) },
      phase: 'judging',
    });
    entries = built.entries.painting!;
  });

  /** Every answer a judge can get about the programme, as one string (refusals included). */
  async function everythingSeenBy(judge: Account): Promise<string> {
    const urls = ['/api/awards', `/api/awards/${id}`, `/api/awards/${id}/judging`, `/api/awards/${id}/results`, `/api/awards/${id}/votes/mine`, `/api/awards/${id}/audit`, `/api/awards/${id}/progress`];
    const answers = await Promise.all(urls.map(async (url) => [url, await call(server, 'GET', url, { cookie: judge.cookie })] as const));
    for (const [url, a] of answers) {
      if (url.endsWith('/audit') || url.endsWith('/progress')) expect([url, a.status, wireError(a)?.code]).toEqual([url, 403, 'FORBIDDEN']);
      else expect([url, a.status]).toEqual([url, 200]);
    }
    return answers.map(([, a]) => JSON.stringify(a.body)).join('\n');
  }

  it("never shows a judge another judge's scores or comments, drafts or submitted", async () => {
    const [one, two] = judges as [Account, Account];
    const target = entries[0]!.id;
    const mineOne = JudgeScore.parse(expectStatus(await score(server, one, id, target, { scores: { craft: 10, idea: 5 }, comment: 'marker-one 笔触老练' }), 200));
    expect(mineOne).toMatchObject({ status: 'draft', total: 100 });
    // (7/10·2 + 3/5·1) / 3 · 100 = 66.67: a total nobody else gives.
    const mineTwo = JudgeScore.parse(expectStatus(await score(server, two, id, target, { scores: { craft: 7, idea: 3 }, comment: 'marker-two 构图欠佳' }), 200));
    expect(mineTwo.total).toBeCloseTo(66.667, 2);

    const leaksOfTwo = ['marker-two', '"craft":7', String(mineTwo.total), two.id, two.username];
    const leaksOfOne = ['marker-one', '"craft":10', one.id, one.username];
    for (const round of ['drafts', 'submitted'] as const) {
      const seenByOne = await everythingSeenBy(one);
      const seenByTwo = await everythingSeenBy(two);
      for (const leak of leaksOfTwo) expect(seenByOne.includes(leak), `judge one sees "${leak}" (${round})`).toBe(false);
      for (const leak of leaksOfOne) expect(seenByTwo.includes(leak), `judge two sees "${leak}" (${round})`).toBe(false);
      // Each sees exactly their own.
      const own = (await sheetOf(one, id)).categories[0]!.entries.find((e) => e.entry.id === target)!;
      expect(own.mine).toMatchObject({ scores: { craft: 10, idea: 5 }, comment: 'marker-one 笔触老练' });
      if (round === 'drafts') {
        expectStatus(await score(server, one, id, target, { scores: { craft: 10, idea: 5 }, comment: 'marker-one 笔触老练', submit: true }), 200);
        expectStatus(await score(server, two, id, target, { scores: { craft: 7, idea: 3 }, comment: 'marker-two 构图欠佳', submit: true }), 200);
      }
    }
    // A judge who scored nothing sees no scores at all.
    const third = await sheetOf(judges[2]!, id);
    expect(third.categories[0]!.entries.every((e) => e.mine === null)).toBe(true);
  });

  it('hides the entrant and the creator from judges of a blind category, not from the organiser', async () => {
    const judge = judges[0]!;
    const sheet = await sheetOf(judge, id);
    expect(sheet.categories[0]!.blindEntrant).toBe(true);
    for (const { entry } of sheet.categories[0]!.entries) expect([entry.entrantId, entry.work.creator]).toEqual([null, null]);
    const seen = await everythingSeenBy(judge);
    expect(seen.includes(CREATOR), 'the creator reaches a judge').toBe(false);
    expect(seen.includes(curator.id), "the entrant's account reaches a judge").toBe(false);

    const asAdmin = expectStatus(await call<{ categories: { entries: AwardEntry[] }[] }>(server, 'GET', `/api/awards/${id}`, { cookie: admin.cookie }), 200);
    for (const entry of asAdmin.categories[0]!.entries) {
      expect(entry.entrantId).not.toBeNull();
      expect(entry.work.creator).toContain(CREATOR);
    }
  });

  it('shows the creator to judges where the category is not blind', async () => {
    await buildProgramme(server, admin, {
      id: 'jury-open',
      categories: [category('open', { blindEntrant: false })],
      judgeIds: [judges[0]!.id],
      // A work entered nowhere else: works 0-2 are blind entries of jury-blind, and a work blind
      // in one programme being judged is blind on every page (docs/roles.md).
      entries: { open: works.slice(4, 5) },
      phase: 'judging',
    });
    const [row] = (await sheetOf(judges[0]!, 'jury-open')).categories[0]!.entries;
    expect(row!.entry.work.creator).toContain(CREATOR);
    expect(row!.entry.entrantId).not.toBeNull();
  });

  it('keeps a submitted score final and writes every save and submit to the audit log with before and after', async () => {
    const judge = judges[2]!;
    const target = entries[1]!.id;
    const missing = await score(server, judge, id, target, { scores: { craft: 5 } });
    expect([missing.status, wireError(missing)?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(wireError(missing))).toContain('idea');
    const tooHigh = await score(server, judge, id, target, { scores: { craft: 11, idea: 2 } });
    expect([tooHigh.status, wireError(tooHigh)?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(wireError(tooHigh))).toContain('craft');

    expect(JudgeScore.parse(expectStatus(await score(server, judge, id, target, { scores: { craft: 4, idea: 2 } }), 200))).toMatchObject({ status: 'draft', total: 40 });
    const changed = JudgeScore.parse(expectStatus(await score(server, judge, id, target, { scores: { craft: 6, idea: 2 }, comment: '再看' }), 200));
    expect(changed.total).toBeCloseTo(53.333, 2);
    expect(JudgeScore.parse(expectStatus(await score(server, judge, id, target, { scores: { craft: 6, idea: 3 }, submit: true }), 200))).toMatchObject({ status: 'submitted', total: 60 });

    for (const attempt of [{ scores: { craft: 1, idea: 1 } }, { scores: { craft: 6, idea: 3 }, submit: true }]) {
      const refused = await score(server, judge, id, target, attempt);
      expect([refused.status, wireError(refused)?.code]).toEqual([409, 'SCORE_FINAL']);
    }
    const lateRecusal = await call(server, 'POST', `/api/awards/${id}/recusals`, { cookie: judge.cookie, body: { entryId: target, reason: '太晚了' } });
    expect([lateRecusal.status, wireError(lateRecusal)?.code]).toEqual([409, 'SCORE_FINAL']);

    const lines = (await auditOf(id)).filter((l) => l.actorId === judge.id && l.entryId === target);
    expect(lines.map((l) => l.action)).toEqual(['score-draft', 'score-draft', 'score-submit']);
    const beforeAfter = lines.map((l) => {
      const detail = l.detail as { before?: unknown; after?: unknown };
      expect(detail, JSON.stringify(l)).toHaveProperty('before');
      expect(detail, JSON.stringify(l)).toHaveProperty('after');
      return [scoresIn(detail.before) ?? null, scoresIn(detail.after)];
    });
    expect(beforeAfter).toEqual([
      [null, { craft: 4, idea: 2 }],
      [{ craft: 4, idea: 2 }, { craft: 6, idea: 2 }],
      [{ craft: 6, idea: 2 }, { craft: 6, idea: 3 }],
    ]);
    // Paging: `after` is an id, oldest first.
    const page = AuditEntry.array().parse(expectStatus(await call(server, 'GET', `/api/awards/${id}/audit?after=${lines[0]!.id}&limit=1`, { cookie: admin.cookie }), 200));
    expect(page).toHaveLength(1);
    expect(page[0]!.id).toBeGreaterThan(lines[0]!.id);
  });

  it('blocks scoring after a recusal, discards the draft and shows the recusal in the progress', async () => {
    const judge = judges[3]!;
    const target = entries[2]!.id;
    expectStatus(await score(server, judge, id, target, { scores: { craft: 3, idea: 1 } }), 200);
    const recused = await call(server, 'POST', `/api/awards/${id}/recusals`, { cookie: judge.cookie, body: { entryId: target, reason: '作者是我的学生' } });
    expect(expectStatus(recused, 201)).toEqual({ entryId: target });

    const blocked = await score(server, judge, id, target, { scores: { craft: 5, idea: 5 } });
    expect([blocked.status, wireError(blocked)?.code, wireError(blocked)?.details?.reason]).toEqual([403, 'FORBIDDEN', 'recused']);
    const row = (await sheetOf(judge, id)).categories[0]!.entries.find((e) => e.entry.id === target)!;
    expect([row.recused, row.mine]).toEqual([true, null]);

    const progress = JudgeProgress.array().parse(expectStatus(await call(server, 'GET', `/api/awards/${id}/progress`, { cookie: admin.cookie }), 200));
    expect(progress).toHaveLength(judges.length);
    expect(progress.find((p) => p.judgeId === judge.id)).toMatchObject({ assigned: entries.length - 1, drafts: 0, submitted: 0, recused: 1 });
    expect(progress.find((p) => p.judgeId === judges[2]!.id)).toMatchObject({ assigned: entries.length, submitted: 1, recused: 0 });
    expect((await auditOf(id)).some((l) => l.action === 'recuse' && l.actorId === judge.id && l.entryId === target)).toBe(true);
  });
});

describe('aggregation, ties and the tie-break', () => {
  const id = 'jury-aggregate';
  let entries: Record<string, AwardEntry[]>;
  // Per judge, per work: totals on a 0..100 rubric of one criterion.
  const A = [10, 60, 62, 64, 100]; // mean 59.2; trimmed (drop 10 and 100) 62
  const B = [58, 60, 61, 62, 60]; // mean 60.2; trimmed (drop 58 and 62) 60.33
  const TIE = [[60, 70, 80, 70, 70], [70, 70, 70, 70, 70], [50, 50, 50, 50, 50]];

  beforeAll(async () => {
    ({ entries } = await buildProgramme(server, admin, {
      id,
      categories: [
        category('mean', { rubric: ONE_CRITERION, aggregation: 'mean' }),
        category('trimmed', { rubric: ONE_CRITERION, aggregation: 'trimmed-mean', trimShare: 0.2 }),
        category('tie', { rubric: ONE_CRITERION }),
        category('unscored', { rubric: ONE_CRITERION }),
      ],
      judgeIds: judges.map((j) => j.id),
      entries: { mean: works.slice(0, 2), trimmed: works.slice(0, 2), tie: works.slice(0, 3), unscored: works.slice(3, 4) },
      phase: 'ceremony',
      whileJudging: async (byCategory) => {
        const plan: [AwardEntry, number[]][] = [
          [byCategory.mean![0]!, A],
          [byCategory.mean![1]!, B],
          [byCategory.trimmed![0]!, A],
          [byCategory.trimmed![1]!, B],
          ...byCategory.tie!.map((e, i) => [e, TIE[i]!] as [AwardEntry, number[]]),
        ];
        for (const [entry, totals] of plan) {
          await Promise.all(judges.map(async (judge, j) => expectStatus(await score(server, judge, id, entry.id, { scores: { overall: totals[j]! }, submit: true }), 200)));
        }
      },
    }));
  }, 60_000);

  const categoryOf = async (categoryId: string, who?: Account) => (await resultsOf(server, id, who)).categories.find((c) => c.categoryId === categoryId)!;

  it('ranks by the mean or the trimmed mean of the submitted totals, as each category says', async () => {
    const mean = await categoryOf('mean', admin);
    const [a, b] = entries.mean!.map((e) => mean.entries.find((r) => r.entryId === e.id)!);
    expect([a!.juryScore, b!.juryScore, a!.judgeCount]).toEqual([expect.closeTo(59.2, 6), expect.closeTo(60.2, 6), 5]);
    expect([mean.winnerEntryId, b!.rank, a!.rank, mean.tiedForFirst]).toEqual([entries.mean![1]!.id, 1, 2, []]);

    const trimmed = await categoryOf('trimmed', admin);
    const [ta, tb] = entries.trimmed!.map((e) => trimmed.entries.find((r) => r.entryId === e.id)!);
    expect([ta!.juryScore, tb!.juryScore]).toEqual([expect.closeTo(62, 6), expect.closeTo(181 / 3, 6)]);
    expect([trimmed.winnerEntryId, ta!.rank, tb!.rank]).toEqual([entries.trimmed![0]!.id, 1, 2]);

    // The public sees no scores and no winner before the reveal.
    const hidden = await categoryOf('mean');
    expect(hidden.winnerEntryId).toBeNull();
    expect(hidden.entries.every((e) => e.juryScore === null && e.rank === null)).toBe(true);
  });

  it('reports a tie for first, refuses to reveal it, and reveals the winner the organiser picks', async () => {
    const [first, second, third] = entries.tie!.map((e) => e.id) as [string, string, string];
    const tie = await categoryOf('tie', admin);
    expect([...tie.tiedForFirst].sort()).toEqual([first, second].sort());
    expect(tie.winnerEntryId).toBeNull();
    expect(tie.entries.map((e) => [e.entryId, e.rank])).toEqual(expect.arrayContaining([[first, 1], [second, 1], [third, 3]]));

    const undecided = await call(server, 'POST', `/api/awards/${id}/reveal`, { cookie: admin.cookie, body: { categoryId: 'tie', stage: 'winner' } });
    expect([undecided.status, wireError(undecided)?.code]).toEqual([409, 'TIE_UNRESOLVED']);
    const noScores = await call(server, 'POST', `/api/awards/${id}/reveal`, { cookie: admin.cookie, body: { categoryId: 'unscored', stage: 'winner' } });
    expect([noScores.status, wireError(noScores)?.code]).toEqual([409, 'INVALID_STATE']);

    const notTied = await call(server, 'POST', `/api/awards/${id}/tie-break`, { cookie: admin.cookie, body: { categoryId: 'tie', entryId: third } });
    expect(notTied.status).toBeGreaterThanOrEqual(400);
    expect(notTied.status).toBeLessThan(500);
    const broken = CategoryResult.parse(expectStatus(await call(server, 'POST', `/api/awards/${id}/tie-break`, { cookie: admin.cookie, body: { categoryId: 'tie', entryId: second } }), 200));
    expect(broken.winnerEntryId).toBe(second);

    const reveal = AwardReveal.parse(expectStatus(await call(server, 'POST', `/api/awards/${id}/reveal`, { cookie: admin.cookie, body: { categoryId: 'tie', stage: 'winner' } }), 200));
    expect([reveal.stage, reveal.winner?.entryId]).toEqual(['winner', second]);
    // Now the public sees the winner of that category, and still nothing of the others.
    const shown = await categoryOf('tie');
    expect([shown.winnerEntryId, shown.revealStage]).toEqual([second, 'winner']);
    expect((await categoryOf('mean')).winnerEntryId).toBeNull();
    const actions = (await auditOf(id)).map((l) => l.action);
    expect(actions).toEqual(expect.arrayContaining(['tie-break', 'reveal']));
  });
});
