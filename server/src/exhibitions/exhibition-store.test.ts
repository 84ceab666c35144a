import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewNote } from '@yunzhan/shared';
import { createStore } from '../db/db-store';
import { openDatabase, type Database } from '../db/database';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { newWork, seedOwner } from '../works/work-fixtures';
import { layoutPlacing, newExhibition, text } from './exhibition-fixtures';

const note = (decision: ReviewNote['decision'], comment = ''): ReviewNote => ({ decision, comment, reviewerId: 'admin', at: new Date().toISOString() });

describe.each(ENGINES)('exhibitions on %s', (engine) => {
  let t: TestStore;
  let second: Database | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
    await t?.dispose();
  });

  /** A second node on the same database. */
  const secondNode = async (): Promise<Store> => {
    second = await openDatabase(t.target);
    return createStore(second);
  };

  /** The work ids published_works says exhibition `id` shows. */
  const indexed = async (id: string) =>
    (await t.database.db.selectFrom('published_works').select('work_id').where('exhibition_id', '=', id).orderBy('work_id').execute()).map((r) => r.work_id);

  it('stores drafts, refuses a taken id and lists by owner, status and publication, most recently updated first', async () => {
    t = await openTestStore(engine, 'exhibitions-list');
    const { store } = t;
    const c = await seedOwner(store, 'c');
    const d = await seedOwner(store, 'd');
    const first = await store.exhibitions.create(newExhibition('first', c.ownerId));
    expect(first).toMatchObject({ id: 'first', title: text('first'), status: 'draft', revision: 0, published: null, pendingTitle: null, pendingSummary: null, review: null });
    expect(await store.exhibitions.get('first')).toEqual(first);
    await expect(store.exhibitions.create(newExhibition('first', d.ownerId))).rejects.toThrow(/unique|duplicate/i);
    await new Promise((r) => setTimeout(r, 5));
    await store.exhibitions.create(newExhibition('second', c.ownerId));
    await new Promise((r) => setTimeout(r, 5));
    await store.exhibitions.create(newExhibition('theirs', d.ownerId));
    await store.exhibitions.transition('theirs', ['draft'], 'in-review');
    await store.exhibitions.approve('theirs', note('approve'));

    expect((await store.exhibitions.list()).map((e) => e.id)).toEqual(['theirs', 'second', 'first']);
    expect((await store.exhibitions.list({ ownerId: 'c' })).map((e) => e.id)).toEqual(['second', 'first']);
    expect((await store.exhibitions.list({ status: 'approved' })).map((e) => e.id)).toEqual(['theirs']);
    expect((await store.exhibitions.list({ published: true })).map((e) => e.id)).toEqual(['theirs']);
    expect((await store.exhibitions.list({ published: false, limit: 1 })).map((e) => e.id)).toEqual(['second']);
    expect(await store.exhibitions.get('missing')).toBeNull();
  });

  it('saves a draft only on the revision it started from and in an editable status; texts wait as pending ones', async () => {
    t = await openTestStore(engine, 'exhibitions-drafts');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_placed1', owner), 2026);
    await store.exhibitions.create(newExhibition('show', owner.ownerId));
    const layout = layoutPlacing('wk_placed1');

    const saved = await store.exhibitions.saveDraft('show', 0, ['draft'], { draft: layout, title: text('new title'), status: 'draft' });
    expect(saved).toMatchObject({ revision: 1, draft: layout, title: text('show'), pendingTitle: text('new title'), pendingSummary: null });
    expect(await store.exhibitions.saveDraft('show', 0, ['draft'], { draft: layout, status: 'draft' })).toBeNull();
    expect(await store.exhibitions.saveDraft('show', 1, ['approved'], { draft: layout, status: 'draft' })).toBeNull();
    expect(await store.exhibitions.saveDraft('show', 1, [], { draft: layout, status: 'draft' })).toBeNull();
    // Absent keeps a pending text, null drops it.
    const kept = await store.exhibitions.saveDraft('show', 1, ['draft'], { draft: layout, summary: text('new summary'), status: 'draft' });
    expect(kept).toMatchObject({ revision: 2, pendingTitle: text('new title'), pendingSummary: text('new summary') });
    const dropped = await store.exhibitions.saveDraft('show', 2, ['draft', 'returned'], { draft: layout, title: null, status: 'draft' });
    expect(dropped).toMatchObject({ revision: 3, pendingTitle: null, pendingSummary: text('new summary') });
    expect(await store.exhibitions.get('show')).toEqual(dropped);
    expect(await store.exhibitions.saveDraft('missing', 0, ['draft'], { draft: layout, status: 'draft' })).toBeNull();
  });

  it('lets exactly one of many saves from the same revision win across two nodes', async () => {
    t = await openTestStore(engine, 'exhibitions-cas');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.exhibitions.create(newExhibition('show', owner.ownerId));
    await store.exhibitions.saveDraft('show', 0, ['draft'], { draft: layoutPlacing(), status: 'draft' });
    const b = await secondNode();
    for (let i = 0; i < 3; i++) await store.works.create(newWork(`wk_racer${i}`, owner), 2026);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? store : b).exhibitions.saveDraft('show', 1, ['draft'], { draft: layoutPlacing(`wk_racer${i % 3}`), title: text(`save ${i}`), status: 'draft' })),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const stored = await store.exhibitions.get('show');
    expect(stored).toEqual(winners[0]);
    expect(stored?.revision).toBe(2);
  });

  it('moves between statuses only from the named ones, keeping or replacing the review note', async () => {
    t = await openTestStore(engine, 'exhibitions-transition');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.exhibitions.create(newExhibition('show', owner.ownerId));
    expect(await store.exhibitions.transition('show', ['approved', 'returned'], 'in-review')).toBeNull();
    expect(await store.exhibitions.transition('show', [], 'in-review')).toBeNull();
    expect(await store.exhibitions.transition('show', ['draft'], 'in-review')).toMatchObject({ status: 'in-review', review: null });
    const back = note('return', 'too dark');
    expect(await store.exhibitions.transition('show', ['in-review'], 'returned', back)).toMatchObject({ status: 'returned', review: back });
    expect(await store.exhibitions.transition('show', ['returned'], 'draft')).toMatchObject({ status: 'draft', review: back });
    expect(await store.exhibitions.transition('show', ['draft'], 'draft', null)).toMatchObject({ review: null });
    expect(await store.exhibitions.transition('missing', ['draft'], 'in-review')).toBeNull();
  });

  it('approves what was reviewed: the draft and pending texts go public together and published_works follows the layout', async () => {
    t = await openTestStore(engine, 'exhibitions-approve');
    const { store } = t;
    const owner = await seedOwner(store);
    for (const id of ['wk_hang001', 'wk_hang002']) await store.works.create(newWork(id, owner), 2026);
    await store.exhibitions.create(newExhibition('show', owner.ownerId));
    expect(await store.exhibitions.approve('show', note('approve'))).toBeNull();

    await store.exhibitions.saveDraft('show', 0, ['draft'], { draft: layoutPlacing('wk_hang001', 'wk_hang002', 'wk_deleted'), title: text('public'), status: 'draft' });
    await store.exhibitions.transition('show', ['draft'], 'in-review');
    const approved = await store.exhibitions.approve('show', note('approve', 'lovely'));
    expect(approved).toMatchObject({ status: 'approved', title: text('public'), summary: text('show summary'), pendingTitle: null, pendingSummary: null, review: { comment: 'lovely' } });
    expect(approved?.published).toEqual(approved?.draft);
    expect(approved?.publishedAt).toEqual(expect.any(String));
    // A placement of a work that does not exist indexes nothing.
    expect(await indexed('show')).toEqual(['wk_hang001', 'wk_hang002']);
    expect(await store.exhibitions.approve('show', note('approve'))).toBeNull();

    // Edits after approval stay out of public view until the next approval, which re-indexes.
    await store.exhibitions.saveDraft('show', 1, ['approved'], { draft: layoutPlacing('wk_hang002'), title: text('later'), status: 'approved' });
    expect(await store.exhibitions.get('show')).toMatchObject({ title: text('public'), pendingTitle: text('later'), published: approved?.published });
    expect(await store.works.isPublished('wk_hang001')).toBe(true);
    await store.exhibitions.transition('show', ['approved'], 'in-review');
    await store.exhibitions.approve('show', note('approve'));
    expect(await indexed('show')).toEqual(['wk_hang002']);
    expect(await store.works.isPublished('wk_hang001')).toBe(false);
    expect(await store.exhibitions.get('show')).toMatchObject({ title: text('later'), pendingTitle: null });
  });

  it('indexes the works of an exhibition stored with a published layout', async () => {
    t = await openTestStore(engine, 'exhibitions-seeded');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_seeded1', owner), 2026);
    const layout = layoutPlacing('wk_seeded1');
    await store.exhibitions.create({ ...newExhibition('seeded', owner.ownerId, layout), status: 'approved', published: layout, publishedAt: new Date().toISOString() });
    expect(await indexed('seeded')).toEqual(['wk_seeded1']);
    expect(await store.works.isPublished('wk_seeded1')).toBe(true);
  });

  it('approves once when two admins on two nodes approve at the same time', async () => {
    t = await openTestStore(engine, 'exhibitions-approve-race');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_hang001', owner), 2026);
    await store.exhibitions.create(newExhibition('show', owner.ownerId, layoutPlacing('wk_hang001')));
    await store.exhibitions.transition('show', ['draft'], 'in-review');
    const b = await secondNode();
    const decided = await Promise.all([store.exhibitions.approve('show', note('approve', 'a')), b.exhibitions.approve('show', note('approve', 'b')), b.exhibitions.transition('show', ['in-review'], 'returned', note('return'))]);
    expect(decided.filter((d) => d !== null)).toHaveLength(1);
    const stored = await store.exhibitions.get('show');
    expect(stored).toEqual(decided.find((d) => d !== null));
    expect(await indexed('show')).toEqual(stored?.status === 'approved' ? ['wk_hang001'] : []);
  });
});
