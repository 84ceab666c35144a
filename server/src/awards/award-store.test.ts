import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgrammeInput, type AuditEntry, type AwardReveal } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { Store, WorkRecord } from '../db/store';
import { ENGINES } from '../db/test-engines';
import type { AuditLine, EntryRecord, ScoreRecord } from './award-store';
import { openFixture, programmeBody, USERS, type Fixture } from './test-support';

const now = Date.now();
const { admin, curator, judge1, judge2, judge3, host } = USERS;
const line = (action: AuditLine['action'], detail: unknown = null): AuditLine => ({ actorId: admin.id, action, detail });

describe.each(ENGINES)('the award store on %s', (engine) => {
  let fx: Fixture;
  let works: WorkRecord[];
  const extra: Store[] = [];

  beforeEach(async () => {
    fx = await openFixture(engine);
    const input = ProgrammeInput.parse(programmeBody('prize', now, 'judging'));
    await fx.store.awards.createProgramme({ ...input, summary: null, createdBy: admin.id });
    works = [];
    for (let i = 0; i < 6; i++) works.push(await fx.work(curator, i));
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await fx.dispose();
  });

  const secondNode = async () => {
    const other = createStore(await openDatabase(fx.target));
    extra.push(other);
    return other;
  };
  const enter = (store: Store, n: number, id = `en_work${n}xxx`, categoryId = 'jury', max = 10) =>
    store.awards.addEntry({ id, programmeId: 'prize', categoryId, workId: works[n]!.id, entrantId: curator.id }, max, line('entry-add', { n }));
  const save = (store: Store, entryId: string, judgeId: string, a: number, status: ScoreRecord['status']) =>
    store.awards.saveScore('prize', { entryId, judgeId, scores: { a, b: 1 }, comment: `a=${a}`, total: a * 10, status });
  const auditOf = async (action?: AuditEntry['action']) => (await fx.store.awards.audit('prize', 0, 500)).filter((a) => !action || a.action === action);

  it('stores a programme with its judges and categories, refuses its id twice and lists programmes newest first', async () => {
    const p = (await fx.store.awards.getProgramme('prize'))!;
    expect(p).toMatchObject({ id: 'prize', eventId: 'gala', judgeIds: [judge1.id, judge2.id, judge3.id], createdBy: admin.id, summary: null });
    expect(p.categories.map((c) => [c.id, c.votesPerAccount, c.revealStage, c.hallWorkIds, c.tieBreakEntryId])).toEqual([
      ['jury', 1, 'none', [], null],
      ['public', 2, 'none', [], null],
    ]);
    const input = ProgrammeInput.parse(programmeBody('prize', now, 'draft'));
    await expect(fx.store.awards.createProgramme({ ...input, summary: null, createdBy: admin.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const other = ProgrammeInput.parse(programmeBody('other', now, 'draft', { eventId: null, judgeIds: [judge2.id] }));
    await fx.store.awards.createProgramme({ ...other, summary: null, createdBy: admin.id });
    expect((await fx.store.awards.listProgrammes()).map((x) => [x.id, x.judgeIds])).toEqual([
      ['other', [judge2.id]],
      ['prize', [judge1.id, judge2.id, judge3.id]],
    ]);
    expect((await fx.store.awards.listProgrammes({ eventId: 'gala' })).map((x) => x.id)).toEqual(['prize']);
    expect(await fx.store.awards.getProgramme('nope')).toBeNull();
  });

  it('changes a programme’s fields and judges with an audit line, and says NOT_FOUND for a missing one', async () => {
    const updated = await fx.store.awards.updateProgramme('prize', { title: { 'zh-CN': '新', en: 'New' }, judgeIds: [judge3.id, judge1.id], eventId: null }, line('programme-update', { x: 1 }));
    expect(updated).toMatchObject({ title: { 'zh-CN': '新', en: 'New' }, judgeIds: [judge3.id, judge1.id], eventId: null });
    expect((await fx.store.awards.getProgramme('prize'))!.judgeIds).toEqual([judge3.id, judge1.id]);
    expect(await auditOf()).toMatchObject([{ action: 'programme-update', actorId: admin.id, detail: { x: 1 } }]);
    await expect(fx.store.awards.updateProgramme('nope', { eventId: null }, line('programme-update'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists entries in the order they were made, filters them, and finds the active entries of works', async () => {
    // Made within the same millisecond or so: the order is the insertion order, not the ids'.
    const ids = ['en_zzzzzzzz', 'en_aaaaaaaa', 'en_mmmmmmmm', 'en_bbbbbbbb'];
    for (const [n, id] of ids.entries()) await enter(fx.store, n, id, n === 3 ? 'public' : 'jury');
    expect((await fx.store.awards.entries('prize')).map((e) => e.id)).toEqual(ids);
    expect((await fx.store.awards.entries('prize', { categoryId: 'jury' })).map((e) => e.id)).toEqual(ids.slice(0, 3));
    await fx.store.awards.withdrawEntry('prize', ids[1]!, line('entry-withdraw'));
    expect((await fx.store.awards.entries('prize', { status: 'active' })).map((e) => e.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect((await fx.store.awards.entries('prize', { status: 'withdrawn' })).map((e) => e.id)).toEqual([ids[1]]);
    expect(await fx.store.awards.getEntry('prize', ids[0]!)).toMatchObject({ id: ids[0], programmeId: 'prize', categoryId: 'jury', workId: works[0]!.id, entrantId: curator.id, status: 'active' });
    expect(await fx.store.awards.getEntry('other', ids[0]!)).toBeNull();
    const active = await fx.store.awards.activeEntriesOfWorks([works[0]!.id, works[1]!.id, works[0]!.id, 'wk_none']);
    expect(active.map((e) => e.id)).toEqual([ids[0]]);
  });

  it('refuses an entrant’s entries beyond the maximum as NOT_ELIGIBLE, a work entered twice as CONFLICT, and takes a withdrawn work back', async () => {
    await enter(fx.store, 0, 'en_aaaaaaaa', 'jury', 2);
    await expect(enter(fx.store, 0, 'en_bbbbbbbb', 'jury', 2)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already-entered' } });
    await enter(fx.store, 1, 'en_cccccccc', 'jury', 2);
    await expect(enter(fx.store, 2, 'en_dddddddd', 'jury', 2)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { reason: 'too-many', max: 2 } });
    await expect(enter(fx.store, 2, 'en_dddddddd', 'nope', 2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const withdrawn = await fx.store.awards.withdrawEntry('prize', 'en_aaaaaaaa', line('entry-withdraw'));
    expect(withdrawn.status).toBe('withdrawn');
    // A second withdrawal answers the entry as it is and records nothing.
    expect((await fx.store.awards.withdrawEntry('prize', 'en_aaaaaaaa', line('entry-withdraw'))).status).toBe('withdrawn');
    await expect(fx.store.awards.withdrawEntry('prize', 'en_nonexist', line('entry-withdraw'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await enter(fx.store, 0, 'en_eeeeeeee', 'jury', 2);
    expect((await auditOf()).map((a) => a.action)).toEqual(['entry-add', 'entry-add', 'entry-withdraw', 'entry-add']);
  });

  it('keeps drafts changeable until submitted, then SCORE_FINAL; audits each save with the score before and after', async () => {
    await enter(fx.store, 0, 'en_aaaaaaaa');
    const draft = await save(fx.store, 'en_aaaaaaaa', judge1.id, 3, 'draft');
    expect(draft).toMatchObject({ entryId: 'en_aaaaaaaa', judgeId: judge1.id, scores: { a: 3, b: 1 }, total: 30, status: 'draft' });
    await save(fx.store, 'en_aaaaaaaa', judge1.id, 5, 'draft');
    const final = await save(fx.store, 'en_aaaaaaaa', judge1.id, 7, 'submitted');
    expect(final).toMatchObject({ scores: { a: 7, b: 1 }, status: 'submitted' });
    await expect(save(fx.store, 'en_aaaaaaaa', judge1.id, 9, 'draft')).rejects.toMatchObject({ code: 'SCORE_FINAL' });
    await expect(save(fx.store, 'en_aaaaaaaa', judge1.id, 9, 'submitted')).rejects.toMatchObject({ code: 'SCORE_FINAL' });
    await expect(save(fx.store, 'en_nonexist', judge1.id, 9, 'draft')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await save(fx.store, 'en_aaaaaaaa', judge2.id, 1, 'draft');
    expect((await fx.store.awards.scores('prize', { judgeId: judge1.id })).map((s) => [s.judgeId, s.scores.a, s.status])).toEqual([[judge1.id, 7, 'submitted']]);
    expect((await fx.store.awards.scores('prize')).map((s) => s.judgeId).sort()).toEqual([judge1.id, judge2.id]);
    const saves = await auditOf();
    expect(saves.map((a) => [a.action, a.actorId, a.entryId, a.categoryId])).toEqual([
      ['entry-add', admin.id, null, null],
      ['score-draft', judge1.id, 'en_aaaaaaaa', 'jury'],
      ['score-draft', judge1.id, 'en_aaaaaaaa', 'jury'],
      ['score-submit', judge1.id, 'en_aaaaaaaa', 'jury'],
      ['score-draft', judge2.id, 'en_aaaaaaaa', 'jury'],
    ]);
    expect(saves[3]!.detail).toMatchObject({ before: { scores: { a: 5, b: 1 }, status: 'draft' }, after: { scores: { a: 7, b: 1 }, status: 'submitted', total: 70, comment: 'a=7' } });
    expect(saves[1]!.detail).toMatchObject({ before: null });
  });

  it('records a recusal once, discards the judge’s draft, then refuses scores as FORBIDDEN; a submitted score cannot be recused', async () => {
    await enter(fx.store, 0, 'en_aaaaaaaa');
    await enter(fx.store, 1, 'en_bbbbbbbb');
    await save(fx.store, 'en_aaaaaaaa', judge1.id, 4, 'draft');
    expect(await fx.store.awards.recuse('prize', { entryId: 'en_aaaaaaaa', judgeId: judge1.id, reason: 'my student' })).toBe(true);
    expect(await fx.store.awards.recuse('prize', { entryId: 'en_aaaaaaaa', judgeId: judge1.id, reason: 'again' })).toBe(false);
    expect(await fx.store.awards.scores('prize', { judgeId: judge1.id })).toEqual([]);
    expect(await fx.store.awards.recusals('prize', { judgeId: judge1.id })).toMatchObject([{ entryId: 'en_aaaaaaaa', judgeId: judge1.id, reason: 'my student' }]);
    expect(await fx.store.awards.recusals('prize', { judgeId: judge2.id })).toEqual([]);
    await expect(save(fx.store, 'en_aaaaaaaa', judge1.id, 4, 'draft')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'recused' } });
    await save(fx.store, 'en_bbbbbbbb', judge1.id, 4, 'submitted');
    await expect(fx.store.awards.recuse('prize', { entryId: 'en_bbbbbbbb', judgeId: judge1.id, reason: 'late' })).rejects.toMatchObject({ code: 'SCORE_FINAL' });
    await expect(fx.store.awards.recuse('prize', { entryId: 'en_nonexist', judgeId: judge1.id, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const recusals = await auditOf('recuse');
    expect(recusals).toHaveLength(1);
    expect(recusals[0]!.detail).toMatchObject({ reason: 'my student', discardedDraft: { scores: { a: 4, b: 1 }, status: 'draft' } });
  });

  it('keeps tie-breaks, halls and reveals; a category’s stage only moves up; the audit log pages by id', async () => {
    await enter(fx.store, 0, 'en_aaaaaaaa');
    await fx.store.awards.setTieBreak('prize', 'jury', 'en_aaaaaaaa', line('tie-break'));
    await fx.store.awards.setHall('prize', 'jury', 'hall-x', [works[0]!.id]);
    const reveal = (stage: AwardReveal['stage']): AwardReveal => ({
      programmeId: 'prize',
      eventId: 'gala',
      programmeTitle: { 'zh-CN': '奖', en: 'Award' },
      categoryId: 'jury',
      categoryTitle: { 'zh-CN': '奖', en: 'Award' },
      stage,
      nominees: [],
      winner: null,
      at: new Date(now).toISOString(),
    });
    await fx.store.awards.reveal(reveal('winner'), line('reveal'));
    await fx.store.awards.reveal(reveal('nominees'), line('reveal'));
    expect(await fx.store.awards.currentReveal('prize')).toMatchObject({ stage: 'nominees', categoryId: 'jury' });
    const jury = (await fx.store.awards.getProgramme('prize'))!.categories[0]!;
    expect(jury).toMatchObject({ tieBreakEntryId: 'en_aaaaaaaa', hallExhibitionId: 'hall-x', hallWorkIds: [works[0]!.id], revealStage: 'winner' });
    await fx.store.awards.reveal(reveal('clear'), line('reveal'));
    expect(await fx.store.awards.currentReveal('prize')).toBeNull();
    await expect(fx.store.awards.reveal({ ...reveal('nominees'), categoryId: 'nope' }, line('reveal'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await fx.store.awards.appendAudit('prize', { actorId: host.id, action: 'programme-update', detail: { n: 1 } });
    const all = await fx.store.awards.audit('prize', 0, 100);
    expect(all.map((a) => a.action)).toEqual(['entry-add', 'tie-break', 'reveal', 'reveal', 'reveal', 'programme-update']);
    expect(all.map((a) => a.id)).toEqual([...all.map((a) => a.id)].sort((a, b) => a - b));
    expect((await fx.store.awards.audit('prize', all[1]!.id, 2)).map((a) => a.id)).toEqual([all[2]!.id, all[3]!.id]);
  });

  it('keeps a judge’s submitted score as submitted however many saves race it from two nodes', async () => {
    await enter(fx.store, 0, 'en_aaaaaaaa');
    const stores = [fx.store, await secondNode()];
    const attempts = Array.from({ length: 40 }, (_, i) => save(stores[i % 2]!, 'en_aaaaaaaa', judge1.id, i % 11, i % 3 === 0 ? 'submitted' : 'draft'));
    const settled = await Promise.allSettled(attempts);
    const saved = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'SCORE_FINAL' });
    // Exactly one submission got through, and it is what is stored.
    const submitted = saved.filter((s) => s.status === 'submitted');
    expect(submitted).toHaveLength(1);
    const [stored] = await fx.store.awards.scores('prize', { judgeId: judge1.id });
    expect(stored).toMatchObject({ status: 'submitted', scores: submitted[0]!.scores, comment: submitted[0]!.comment });
    // Every accepted save answered what it wrote, and the audit holds them in order, the submission last.
    for (const [i, s] of settled.entries()) if (s.status === 'fulfilled') expect(s.value.comment).toBe(`a=${i % 11}`);
    const lines = (await auditOf()).filter((a) => a.action.startsWith('score-'));
    expect(lines).toHaveLength(saved.length);
    expect(lines.at(-1)).toMatchObject({ action: 'score-submit', detail: { after: { status: 'submitted', comment: submitted[0]!.comment } } });
    // Each line's score before is the previous line's score after: no save was lost between them.
    for (let i = 1; i < lines.length; i++) expect((lines[i]!.detail as { before: unknown }).before).toEqual((lines[i - 1]!.detail as { after: unknown }).after);
  });

  it('never lets a recusal and a submission of the same judge and entry both pass when they race from two nodes', async () => {
    for (let n = 1; n < 6; n++) await enter(fx.store, n, `en_race${n}xxx`);
    const stores = [fx.store, await secondNode()];
    const pairs = [judge1, judge2, judge3].flatMap((judge, j) =>
      [1, 2, 3, 4, 5].map((n) => ({
        entryId: `en_race${n}xxx`,
        judgeId: judge.id,
        race: Promise.allSettled([
          stores[(n + j) % 2]!.awards.recuse('prize', { entryId: `en_race${n}xxx`, judgeId: judge.id, reason: 'conflict' }),
          save(stores[(n + j + 1) % 2]!, `en_race${n}xxx`, judge.id, n, 'submitted'),
        ]),
      })),
    );
    for (const p of pairs) {
      const [recusal, submission] = await p.race;
      const recused = recusal!.status === 'fulfilled';
      const submitted = submission!.status === 'fulfilled';
      expect(recused !== submitted).toBe(true);
      if (recused) expect((submission as PromiseRejectedResult).reason).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'recused' } });
      else expect((recusal as PromiseRejectedResult).reason).toMatchObject({ code: 'SCORE_FINAL' });
    }
    const scores = await fx.store.awards.scores('prize');
    const recusals = await fx.store.awards.recusals('prize');
    expect(scores.length + recusals.length).toBe(pairs.length);
    for (const r of recusals) expect(scores.some((s) => s.entryId === r.entryId && s.judgeId === r.judgeId)).toBe(false);
  });

  it('holds an entrant to the maximum of entries and a work to one active entry when entries race from two nodes', async () => {
    const stores = [fx.store, await secondNode()];
    // Six works of one entrant, each entered three times at once, at most three per entrant.
    const settled = await Promise.allSettled(Array.from({ length: 18 }, (_, i) => enter(stores[i % 2]!, i % 6, `en_race${String(i).padStart(4, '0')}`, 'jury', 3)));
    const entered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(entered).toHaveLength(3);
    expect(new Set(entered.map((e: EntryRecord) => e.workId)).size).toBe(3);
    for (const s of settled) if (s.status === 'rejected') expect(['NOT_ELIGIBLE', 'CONFLICT']).toContain((s.reason as { code: string }).code);
    expect(await fx.store.awards.entries('prize', { categoryId: 'jury', status: 'active' })).toHaveLength(3);
    expect(await auditOf('entry-add')).toHaveLength(3);
  });

  it('moves a category’s reveal stage only upwards when reveals race from two nodes', async () => {
    const stores = [fx.store, await secondNode()];
    const label = { 'zh-CN': '奖', en: 'Award' };
    const base = { programmeId: 'prize', eventId: 'gala', programmeTitle: label, categoryId: 'jury', categoryTitle: label, nominees: [], winner: null, at: new Date(now).toISOString() };
    const stages = ['winner', 'nominees', 'nominees', 'nominees'] as const;
    await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.awards.reveal({ ...base, stage: stages[i % 4]! }, line('reveal'))));
    expect((await fx.store.awards.getProgramme('prize'))!.categories[0]!.revealStage).toBe('winner');
    expect(await auditOf('reveal')).toHaveLength(20);
  });
});
