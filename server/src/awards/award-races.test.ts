import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, PublicUser } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { Store, WorkRecord } from '../db/store';
import { ENGINES } from '../db/test-engines';
import { waitingForLock } from '../works/work-fixtures';
import { AwardService } from './award-service';
import { holdingCommits, openFixture, programmeBody, USERS, type Fixture } from './test-support';

// The award rules hold against concurrent writers on other nodes: each rule reads what it checks
// inside the transaction that writes, with the rows it depends on locked. A race is staged by
// holding one node's transaction open after its work (holdingCommits), starting the other
// operation on the other node, checking that it waits, and then letting the first commit.

const { admin, host, curator, judge1, judge2, viewer } = USERS;
const rate = { burst: 1000, perSecond: 1000 };

/** `store` whose transactions cannot write an audit line (the line fails after the programme is written). */
const refusingAudit = (store: Store): Store =>
  Object.create(store, {
    awards: { value: Object.create(store.awards, { appendAudit: { value: () => Promise.reject(new Error('audit refused')) } }) as Store['awards'] },
    transaction: { value: <T>(fn: (tx: Store) => Promise<T>) => store.transaction((tx) => fn(refusingAudit(tx))) },
  }) as Store;

describe.each(ENGINES)('award rules racing on two nodes, %s', (engine) => {
  let fx: Fixture;
  let clock: number;
  let works: WorkRecord[];
  /** The first node's service. */
  let awards: AwardService;
  /** The second node's store and service. */
  let nodeB: Store;
  let other: AwardService;
  const services: AwardService[] = [];

  const service = (store: Store) => {
    const made = new AwardService({ store, voteUserRate: rate, voteAddressRate: rate, now: () => clock, tallyIntervalMs: 100 });
    services.push(made);
    return made;
  };

  beforeEach(async () => {
    fx = await openFixture(engine);
    clock = Date.parse('2026-05-01T12:00:00.000Z');
    works = [];
    for (let i = 0; i < 5; i++) works.push(await fx.work(curator, i));
    nodeB = createStore(await openDatabase(fx.target));
    awards = service(fx.store);
    other = service(nodeB);
  });
  afterEach(async () => {
    for (const s of services.splice(0)) s.close();
    await nodeB.close();
    await fx.dispose();
  });

  /**
   * Runs `first` on the second node and holds its transaction open once its work is done; then
   * starts `second` on the first node, checks that it waits for that transaction, and lets it
   * commit. Both outcomes, settled.
   */
  async function race<A, B>(first: (held: AwardService) => Promise<A>, second: () => Promise<B>): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
    const hold = holdingCommits(nodeB);
    const a = first(service(hold.store));
    a.catch(() => undefined);
    await Promise.race([
      hold.held,
      a.then(() => {
        throw new Error('the first operation finished without holding a transaction');
      }),
    ]);
    const b = second();
    b.catch(() => undefined);
    try {
      await waitingForLock(fx.test, b);
    } finally {
      hold.release();
    }
    return [(await Promise.allSettled([a]))[0]!, (await Promise.allSettled([b]))[0]!];
  }

  const auditOf = async (action: AuditEntry['action'], id = 'prize') => (await awards.judging.audit(admin, id, { limit: '500' })).filter((a) => a.action === action);
  const enter = (workIndex: number, categoryId = 'jury', id = 'prize') => awards.addEntry(curator, id, { categoryId, workId: works[workIndex]!.id }).then((e) => e.id);
  const vote = (svc: AwardService, user: PublicUser, entryId: string) => svc.voting.vote(user, '127.0.0.1', 'prize', { categoryId: 'public', entryId }, undefined);
  const score = (judge: PublicUser, entryId: string, id = 'prize') => awards.judging.score(judge, id, entryId, { scores: { a: 10, b: 5 }, submit: true });

  it('records a programme and its first audit line in one transaction: a failed line leaves no programme', async () => {
    const refusing = service(refusingAudit(fx.store));
    await expect(refusing.create(admin, programmeBody('prize', clock, 'draft'))).rejects.toThrow('audit refused');
    expect(await fx.store.awards.getProgramme('prize')).toBeNull();
    await awards.create(admin, programmeBody('prize', clock, 'draft'));
    expect((await auditOf('programme-update')).map((a) => a.detail)).toEqual([{ created: true }]);
  });

  it('starts a phase once when six advances to it race from two nodes: one audit line, the others INVALID_STATE', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? awards : other).advance(admin, 'prize', { to: 'judging' })));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'INVALID_STATE' });
    expect((await auditOf('advance')).map((a) => a.detail)).toEqual([{ from: 'entries', to: 'judging' }]);
    expect((await awards.get(admin, 'prize')).phase).toBe('judging');
  });

  it('audits each of racing programme updates against what the one before it wrote', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'draft'));
    const titles = ['一', '二', '三', '四'].map((n) => ({ 'zh-CN': `奖 ${n}`, en: `Award ${n}` }));
    await Promise.all(titles.map((title, i) => (i % 2 ? awards : other).update(admin, 'prize', { title })));
    const lines = (await auditOf('programme-update')).slice(1).map((a) => a.detail as { before: { title: unknown }; after: { title: unknown } });
    expect(lines).toHaveLength(titles.length);
    expect(lines[0]!.before.title).toEqual({ 'zh-CN': '奖', en: 'Award' });
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.before.title).toEqual(lines[i - 1]!.after.title);
    expect((await awards.get(admin, 'prize')).title).toEqual(lines.at(-1)!.after.title);
  });

  it('refuses an entry racing an advance out of entries with PHASE_CLOSED, and a withdrawal by its entrant too', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const kept = await enter(0);
    const [advanced, entered] = await race(
      (held) => held.advance(admin, 'prize', { to: 'judging' }),
      () => enter(1),
    );
    expect(advanced.status).toBe('fulfilled');
    expect(entered).toMatchObject({ status: 'rejected', reason: { code: 'PHASE_CLOSED' } });
    expect((await fx.store.awards.entries('prize')).map((e) => e.id)).toEqual([kept]);

    await awards.create(admin, programmeBody('second', clock, 'entries'));
    const entry = await enter(2, 'jury', 'second');
    const [, withdrawn] = await race(
      (held) => held.advance(admin, 'second', { to: 'judging' }),
      () => awards.withdrawEntry(curator, 'second', entry),
    );
    expect(withdrawn).toMatchObject({ status: 'rejected', reason: { code: 'PHASE_CLOSED' } });
    expect((await fx.store.awards.getEntry('second', entry))?.status).toBe('active');
  });

  it('refuses a vote racing the withdrawal of its entry with NOT_FOUND: no vote lands on a withdrawn entry', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const entry = await enter(3, 'public');
    await awards.advance(admin, 'prize', { to: 'voting' });
    const [withdrawn, voted] = await race(
      (held) => held.withdrawEntry(admin, 'prize', entry),
      () => vote(awards, viewer, entry),
    );
    expect(withdrawn.status).toBe('fulfilled');
    expect(voted).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(await fx.store.awards.tally('prize', 'public')).toEqual(new Map());
  });

  it('refuses a vote racing an advance out of voting with PHASE_CLOSED', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const entry = await enter(3, 'public');
    await awards.advance(admin, 'prize', { to: 'voting' });
    const [advanced, voted] = await race(
      (held) => held.advance(admin, 'prize', { to: 'ceremony' }),
      () => vote(awards, viewer, entry),
    );
    expect(advanced.status).toBe('fulfilled');
    expect(voted).toMatchObject({ status: 'rejected', reason: { code: 'PHASE_CLOSED' } });
    expect(await fx.store.awards.tally('prize', 'public')).toEqual(new Map());
  });

  it('refuses a score and a recusal racing the advance that ends judging with PHASE_CLOSED', async () => {
    for (const id of ['prize', 'second']) await awards.create(admin, programmeBody(id, clock, 'entries'));
    const scored = await enter(0);
    const recused = await enter(1, 'jury', 'second');
    for (const id of ['prize', 'second']) await awards.advance(admin, id, { to: 'judging' });

    const [, scoring] = await race(
      (held) => held.advance(admin, 'prize', { to: 'voting' }),
      () => score(judge1, scored),
    );
    expect(scoring).toMatchObject({ status: 'rejected', reason: { code: 'PHASE_CLOSED' } });
    expect(await fx.store.awards.scores('prize')).toEqual([]);

    const [, recusing] = await race(
      (held) => held.advance(admin, 'second', { to: 'voting' }),
      () => awards.judging.recuse(judge2, 'second', { entryId: recused, reason: 'my student' }),
    );
    expect(recusing).toMatchObject({ status: 'rejected', reason: { code: 'PHASE_CLOSED' } });
    expect(await fx.store.awards.recusals('second')).toEqual([]);
  });

  it('reveals the winner a racing tie-break picks, never the pick it replaced', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const [e0, e1] = [await enter(0), await enter(1)];
    await awards.advance(admin, 'prize', { to: 'judging' });
    for (const j of [judge1, judge2]) for (const e of [e0!, e1!]) await score(j, e);
    await awards.advance(admin, 'prize', { to: 'ceremony' });
    await awards.tieBreak(admin, 'prize', { categoryId: 'jury', entryId: e0 });
    const [picked, revealed] = await race(
      (held) => held.tieBreak(admin, 'prize', { categoryId: 'jury', entryId: e1 }),
      () => awards.reveal(host, 'prize', { categoryId: 'jury', stage: 'winner' }),
    );
    expect(picked).toMatchObject({ status: 'fulfilled', value: { winnerEntryId: e1 } });
    expect(revealed).toMatchObject({ status: 'fulfilled', value: { winner: { entryId: e1 } } });
    expect((await auditOf('reveal')).map((a) => a.entryId)).toEqual([e1]);
  });

  it('refuses a tie-break racing the vote that breaks the tie with INVALID_STATE', async () => {
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    const [p0, p1] = [await enter(3, 'public'), await enter(4, 'public')];
    await awards.advance(admin, 'prize', { to: 'voting' });
    const [v0, v1, v2] = await fx.viewers(3);
    await vote(awards, v0!, p0!);
    await vote(awards, v1!, p1!);
    expect((await awards.results(admin, 'prize')).categories[1]!.tiedForFirst).toEqual([p0, p1]);
    const [voted, picked] = await race(
      (held) => vote(held, v2!, p0!),
      () => awards.tieBreak(admin, 'prize', { categoryId: 'public', entryId: p1 }),
    );
    expect(voted.status).toBe('fulfilled');
    expect(picked).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_STATE' } });
    const category = (await fx.store.awards.getProgramme('prize'))!.categories.find((c) => c.id === 'public')!;
    expect(category.tieBreakEntryId).toBeNull();
    expect(await auditOf('tie-break')).toEqual([]);
  });
});
