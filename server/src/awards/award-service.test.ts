import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, AwardReveal, AwardTally, JudgeScore, PublicUser } from '@yunzhan/shared';
import type { WorkRecord } from '../db/store';
import { ENGINES } from '../db/test-engines';
import { AwardService } from './award-service';
import { openFixture, programmeBody, USERS, type Fixture } from './test-support';

const { admin, host, curator, judge1, judge2, judge3, viewer } = USERS;
const rate = { burst: 1000, perSecond: 1000 };

describe.each(ENGINES)('AwardService on %s', (engine) => {
  let fx: Fixture;
  let clock: number;
  let awards: AwardService;
  let reveals: AwardReveal[];
  let tallies: AwardTally[];
  /** The live tallies' open windows: the test closes them by calling them. */
  let tallyWindows: (() => void)[];
  let works: WorkRecord[];

  beforeEach(async () => {
    fx = await openFixture(engine);
    clock = Date.parse('2026-05-01T12:00:00.000Z');
    reveals = [];
    tallies = [];
    tallyWindows = [];
    awards = new AwardService({
      store: fx.store,
      publish: { reveal: (r) => reveals.push(r), tally: (t) => tallies.push(t) },
      voteUserRate: rate,
      voteAddressRate: rate,
      now: () => clock,
      tallyIntervalMs: 100,
      tallyTimer: (fire) => {
        tallyWindows.push(fire);
        return () => undefined;
      },
    });
    works = [];
    for (let i = 0; i < 4; i++) works.push(await fx.work(curator, i));
  });
  afterEach(async () => {
    awards.close();
    await fx.dispose();
  });

  /** A programme in `entries` with works 0-2 entered in the jury category and 3 in the public one. */
  const withEntries = async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const ids: string[] = [];
    for (const w of works.slice(0, 3)) ids.push((await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: w.id })).id);
    ids.push((await awards.addEntry(curator, 'prize', { categoryId: 'public', workId: works[3]!.id })).id);
    return ids;
  };
  const advance = (to: string) => awards.advance(admin, 'prize', { to });
  const auditActions = async () => (await awards.judging.audit(admin, 'prize', {})).map((a: AuditEntry) => a.action);
  const score = (judge: PublicUser, entryId: string, a: number, b: number, submit = true) => awards.judging.score(judge, 'prize', entryId, { scores: { a, b }, submit });

  it('lets only admins create programmes, names bad judges, and hides drafts from everyone else', async () => {
    await expect(awards.create(null, programmeBody('prize', clock, 'draft'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(awards.create(host, programmeBody('prize', clock, 'draft'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(awards.create(admin, programmeBody('prize', clock, 'draft', { judgeIds: [viewer.id] }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'judgeIds.0' }] },
    });
    const created = await awards.create(admin, programmeBody('prize', clock, 'draft'));
    expect(created).toMatchObject({ id: 'prize', phase: 'draft', judgeIds: [judge1.id, judge2.id, judge3.id] });
    await expect(awards.create(admin, programmeBody('prize', clock, 'draft'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(awards.get(viewer, 'prize')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(awards.get(judge1, 'prize')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await awards.list(null, {})).toEqual([]);
    expect((await awards.list(admin, {})).map((s) => s.id)).toEqual(['prize']);
    const open = await advance('entries');
    expect(open.phase).toBe('entries');
    expect((await awards.get(viewer, 'prize')).judgeIds).toEqual([]);
    await expect(advance('entries')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('checks entries: owner only, kind, how many, once per category, and the phase', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    await expect(awards.addEntry(viewer, 'prize', { categoryId: 'jury', workId: works[0]!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(awards.addEntry(null, 'prize', { categoryId: 'jury', workId: works[0]!.id })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const entry = await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[0]!.id });
    expect(entry).toMatchObject({ entrantId: curator.id, status: 'active', work: { id: works[0]!.id, imageUrl: `/media/asset-${curator.id}-0/1000.webp` } });
    await expect(awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[0]!.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[1]!.id });
    await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[2]!.id });
    await expect(awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[3]!.id })).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { reason: 'too-many' } });
    await fx.store.works.update(works[3]!.id, { status: 'processing' });
    await expect(awards.addEntry(curator, 'prize', { categoryId: 'public', workId: works[3]!.id })).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { reason: 'not-ready' } });
    await expect(awards.addEntry(curator, 'prize', { categoryId: 'nope', workId: works[3]!.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await advance('judging');
    await expect(awards.addEntry(curator, 'prize', { categoryId: 'public', workId: works[3]!.id })).rejects.toMatchObject({ code: 'PHASE_CLOSED' });
    await expect(awards.withdrawEntry(curator, 'prize', entry.id)).rejects.toMatchObject({ code: 'PHASE_CLOSED' });
    expect((await awards.withdrawEntry(admin, 'prize', entry.id)).status).toBe('withdrawn');
    expect(await auditActions()).toEqual(['programme-update', 'entry-add', 'entry-add', 'entry-add', 'advance', 'entry-withdraw']);
  });

  it('shows each judge only their own scores, blind to the entrant, and refuses admins and other judges', async () => {
    const [e0, e1] = await withEntries();
    await expect(awards.judging.sheet(judge1, 'prize')).rejects.toMatchObject({ code: 'PHASE_CLOSED' });
    await advance('judging');
    await expect(awards.judging.sheet(admin, 'prize')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(awards.judging.sheet(viewer, 'prize')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(awards.judging.sheet(null, 'prize')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await score(judge1, e0!, 10, 5, false);
    await score(judge2, e0!, 2, 1);
    await score(judge2, e1!, 3, 1, false);
    const sheet = await awards.judging.sheet(judge1, 'prize');
    const jury = sheet.categories.find((c) => c.id === 'jury')!;
    expect(jury.entries.map((e) => e.mine?.total ?? null)).toEqual([100, null, null]);
    expect(jury.entries.every((e) => e.entry.entrantId === null && e.entry.work.creator === null)).toBe(true);
    const pub = sheet.categories.find((c) => c.id === 'public')!;
    expect(pub.entries[0]!.entry).toMatchObject({ entrantId: curator.id, work: { creator: 'Painter curator' } });
    expect(JSON.stringify(sheet)).not.toContain('"total":20');
    // Blind judges see no creator anywhere else either; results hold no judge's score before the reveal.
    const seen = await awards.get(judge1, 'prize');
    expect(seen.categories[0]!.entries.every((e) => e.work.creator === null && e.entrantId === null)).toBe(true);
    const results = await awards.results(judge1, 'prize');
    expect(results.categories[0]!.entries.every((e) => e.juryScore === null && e.rank === null)).toBe(true);
    // Another programme's judge is not this one's.
    await awards.update(admin, 'prize', { judgeIds: [judge2.id] });
    await expect(awards.judging.sheet(judge1, 'prize')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('validates scores against the rubric and makes them final once submitted', async () => {
    const [e0] = await withEntries();
    await advance('judging');
    await expect(awards.judging.score(judge1, 'prize', e0, { scores: { a: 3 } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'scores.b' }] },
    });
    await expect(score(judge1, e0!, 3, 6)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'scores.b', message: 'at most 5' }] } });
    const draft: JudgeScore = await score(judge1, e0!, 5, 4, false);
    expect(draft).toMatchObject({ status: 'draft', total: 72.5 });
    expect(await score(judge1, e0!, 6, 4, false)).toMatchObject({ status: 'draft', total: 75 });
    expect(await score(judge1, e0!, 10, 5)).toMatchObject({ status: 'submitted', total: 100 });
    await expect(score(judge1, e0!, 0, 0)).rejects.toMatchObject({ code: 'SCORE_FINAL' });
    await expect(awards.judging.recuse(judge1, 'prize', { entryId: e0, reason: 'my student' })).rejects.toMatchObject({ code: 'SCORE_FINAL' });
    const audit = await awards.judging.audit(admin, 'prize', {});
    const lines = audit.filter((a) => a.action.startsWith('score'));
    expect(lines.map((a) => [a.action, a.actorId, a.entryId])).toEqual([
      ['score-draft', judge1.id, e0],
      ['score-draft', judge1.id, e0],
      ['score-submit', judge1.id, e0],
    ]);
    expect(lines[1]!.detail).toMatchObject({ before: { scores: { a: 5, b: 4 } }, after: { scores: { a: 6, b: 4 } } });
    expect((await awards.judging.audit(admin, 'prize', { after: String(lines[1]!.id), limit: '1' })).map((a) => a.id)).toEqual([lines[2]!.id]);
    await advance('voting');
    await expect(score(judge2, e0!, 1, 1)).rejects.toMatchObject({ code: 'PHASE_CLOSED' });
  });

  it('recusal discards a draft, takes the entry off the judge and is audited', async () => {
    const [e0, e1, e2] = await withEntries();
    await expect(awards.judging.recuse(judge1, 'prize', { entryId: e2, reason: 'conflict' })).resolves.toEqual({ entryId: e2 });
    await advance('judging');
    await score(judge1, e0!, 1, 1, false);
    await score(judge1, e1!, 1, 1);
    await awards.judging.recuse(judge1, 'prize', { entryId: e0, reason: 'my former student' });
    await expect(score(judge1, e0!, 1, 1)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'recused' } });
    const sheet = await awards.judging.sheet(judge1, 'prize');
    expect(sheet.categories[0]!.entries.map((e) => [e.recused, e.mine?.status ?? null])).toEqual([
      [true, null],
      [false, 'submitted'],
      [true, null],
    ]);
    const progress = await awards.judging.progress(admin, 'prize');
    expect(progress.find((p) => p.judgeId === judge1.id)).toEqual({ judgeId: judge1.id, username: 'judge1', displayName: 'Judge One', assigned: 2, drafts: 0, submitted: 1, recused: 2 });
    await expect(awards.judging.progress(judge1, 'prize')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const recusals = (await awards.judging.audit(admin, 'prize', {})).filter((a) => a.action === 'recuse');
    expect(recusals.map((a) => a.detail)).toEqual([
      { reason: 'conflict', discardedDraft: null },
      { reason: 'my former student', discardedDraft: expect.objectContaining({ scores: { a: 1, b: 1 }, status: 'draft' }) },
    ]);
  });

  it('ranks by the jury, reports ties, takes a tie-break, and reveals the winner to everyone, late joiners too', async () => {
    const [e0, e1, e2] = await withEntries();
    await advance('judging');
    for (const j of [judge1, judge2]) {
      await score(j, e0!, 10, 5);
      await score(j, e1!, 10, 5);
      await score(j, e2!, 5, 5);
    }
    await score(judge3, e2!, 0, 0, false);
    const full = (await awards.results(admin, 'prize')).categories[0]!;
    expect(full.entries.map((e) => [e.entryId, e.rank, e.juryScore, e.judgeCount])).toEqual([
      [e0, 1, 100, 2],
      [e1, 1, 100, 2],
      [e2, 3, 87.5, 2],
    ]);
    expect(full).toMatchObject({ tiedForFirst: [e0, e1], winnerEntryId: null });
    await advance('ceremony');
    await expect(awards.reveal(viewer, 'prize', { categoryId: 'jury', stage: 'winner' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(awards.reveal(host, 'prize', { categoryId: 'jury', stage: 'winner' })).rejects.toMatchObject({ code: 'TIE_UNRESOLVED' });
    await expect(awards.reveal(host, 'prize', { categoryId: 'public', stage: 'winner' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(awards.tieBreak(admin, 'prize', { categoryId: 'jury', entryId: e2 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await awards.tieBreak(admin, 'prize', { categoryId: 'jury', entryId: e1 })).winnerEntryId).toBe(e1);
    expect((await awards.results(viewer, 'prize')).categories[0]).toMatchObject({ winnerEntryId: null, tiedForFirst: [], revealStage: 'none' });

    const nominees = await awards.reveal(host, 'prize', { categoryId: 'jury', stage: 'nominees' });
    expect(nominees.nominees.map((n) => n.entryId)).toEqual([e0, e1, e2]);
    const winner = await awards.reveal(host, 'prize', { categoryId: 'jury', stage: 'winner' });
    expect(winner).toMatchObject({ eventId: 'gala', stage: 'winner', winner: { entryId: e1, work: { creator: 'Painter curator' } } });
    expect(reveals.map((r) => r.stage)).toEqual(['nominees', 'winner']);
    expect(await awards.currentReveal(null, 'prize')).toEqual(winner);
    const publicView = (await awards.results(null, 'prize')).categories[0]!;
    expect(publicView).toMatchObject({ winnerEntryId: e1, revealStage: 'winner', totalVotes: null });
    expect(publicView.entries[0]).toMatchObject({ juryScore: 100, votes: null });
    await awards.reveal(admin, 'prize', { categoryId: 'jury', stage: 'clear' });
    expect(await awards.currentReveal(viewer, 'prize')).toBeNull();
    expect((await awards.results(null, 'prize')).categories[0]!.revealStage).toBe('winner');
    await expect(awards.currentReveal(null, 'nothing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await auditActions()).filter((a) => ['tie-break', 'reveal'].includes(a))).toEqual(['tie-break', 'reveal', 'reveal', 'reveal']);
  });

  it('takes votes in the voting phase, replays a retried key with status replayed, and pushes live tallies coalesced', async () => {
    const ids = await withEntries();
    const pub = ids[3]!;
    await expect(awards.voting.vote(viewer, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, 'key-00000001')).rejects.toMatchObject({ code: 'PHASE_CLOSED' });
    await advance('voting');
    await expect(awards.voting.vote(null, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(awards.voting.vote(viewer, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, 'bad key!')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'Idempotency-Key' }] },
    });
    const first = await awards.voting.vote(viewer, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, 'key-00000001');
    expect(first).toEqual({ categoryId: 'public', entryId: pub, replayed: false, myVotes: [pub], votesLeft: 1 });
    expect(await awards.voting.vote(viewer, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, 'key-00000001')).toEqual({ ...first, replayed: true });
    const voters = await fx.viewers(5);
    for (const v of voters) await awards.voting.vote(v, '127.0.0.1', 'prize', { categoryId: 'public', entryId: pub }, undefined);
    // The first vote went out at once; the five during its window go together when it closes.
    await vi.waitFor(() => expect(tallies.map((t) => t.totalVotes)).toEqual([1]));
    expect(tallyWindows).toHaveLength(1);
    tallyWindows.shift()!();
    await vi.waitFor(() => expect(tallies.map((t) => t.totalVotes)).toEqual([1, 6]));
    // A window closing with nothing new sends nothing and opens no other.
    tallyWindows.shift()!();
    expect(tallyWindows).toHaveLength(0);
    expect(await awards.voting.mine(viewer, 'prize')).toEqual({ jury: [], public: [pub] });
    const pubResult = (await awards.results(null, 'prize')).categories[1]!;
    expect(pubResult).toMatchObject({ totalVotes: 6, winnerEntryId: null });
    // The nominees' halls were built when voting started.
    const programme = await awards.get(null, 'prize');
    expect(programme.categories.map((c) => c.hallExhibitionId)).toEqual(['award-prize-jury', 'award-prize-public']);
    const hall = await fx.store.exhibitions.get('award-prize-jury');
    expect(hall?.published?.placements.map((p) => p.workId)).toEqual(works.slice(0, 3).map((w) => w.id));
    await awards.withdrawEntry(admin, 'prize', ids[0]!);
    expect((await fx.store.exhibitions.get('award-prize-jury'))?.published?.placements.map((p) => p.workId)).toEqual(works.slice(1, 3).map((w) => w.id));
  });

  it('rate-limits votes per account', async () => {
    const limited = new AwardService({ store: fx.store, voteUserRate: { burst: 1, perSecond: 0.001 }, voteAddressRate: rate, now: () => clock });
    try {
      const ids = await withEntries();
      await advance('voting');
      await limited.voting.vote(viewer, 'a', 'prize', { categoryId: 'public', entryId: ids[3] }, undefined);
      await expect(limited.voting.vote(viewer, 'a', 'prize', { categoryId: 'public', entryId: ids[3] }, undefined)).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        details: { retryAfterMs: expect.any(Number) },
      });
    } finally {
      limited.close();
    }
  });
});
