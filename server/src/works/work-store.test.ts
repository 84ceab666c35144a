import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewNote } from '@yunzhan/shared';
import { createStore } from '../db/db-store';
import { openDatabase, type Database } from '../db/database';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { layoutPlacing, newExhibition } from '../exhibitions/exhibition-fixtures';
import { metadataTitled, newWork, seedOwner, waitingForLock } from './work-fixtures';

const note = (decision: ReviewNote['decision'], comment = ''): ReviewNote => ({ decision, comment, reviewerId: 'admin', at: new Date().toISOString() });

describe.each(ENGINES)('works on %s', (engine) => {
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

  /** Enters the work in an award programme (active entry) as the award store would. */
  const enterInAwards = async (db: Database['db'], workId: string, ownerId: string) => {
    const now = new Date().toISOString();
    await db.insertInto('award_programmes').values({ id: 'prog', title: '{}', summary: null, event_id: null, schedule: '{}', created_by: ownerId, created_at: now, updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('award_categories').values({ programme_id: 'prog', id: 'cat', position: 0, definition: '{}', votes_per_account: 1 }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('award_entries').values({ id: `entry-${workId}`, programme_id: 'prog', category_id: 'cat', work_id: workId, entrant_id: ownerId, status: 'active', created_at: now, withdrawn_at: null }).execute();
  };

  it('stores works under catalogue numbers, finds them by id, owner, kind and asset, and patches their media', async () => {
    t = await openTestStore(engine, 'works-basics');
    const { store } = t;
    const owner = await seedOwner(store, 'c');
    const other = await seedOwner(store, 'd');
    const first = await store.works.create(newWork('wk_a', owner), 2026);
    expect(first).toMatchObject({ id: 'wk_a', catalogueNumber: 'YZ-2026-000001', status: 'ready', pendingChange: null, metadataReview: null, metadata: metadataTitled('wk_a') });
    expect(await store.works.get('wk_a')).toEqual(first);
    await new Promise((r) => setTimeout(r, 5));
    await store.works.create({ ...newWork('wk_b', owner), audioGuideAssetId: other.assetId }, 2026);
    await store.works.create(newWork('wk_c', other), 2026);
    await new Promise((r) => setTimeout(r, 5));
    expect((await store.works.create(newWork('wk_old', owner), 1999)).catalogueNumber).toBe('YZ-1999-000001');

    expect((await store.works.getMany(['wk_a', 'wk_c', 'wk_a', 'missing'])).map((w) => w.id).sort()).toEqual(['wk_a', 'wk_c']);
    expect(await store.works.getMany([])).toEqual([]);
    expect((await store.works.list({ ownerId: 'c' })).map((w) => w.id)).toEqual(['wk_old', 'wk_b', 'wk_a']);
    expect((await store.works.list({ ownerId: 'c', limit: 1 })).map((w) => w.id)).toEqual(['wk_old']);
    expect(await store.works.list({ kind: 'video' })).toEqual([]);
    expect((await store.works.byAsset(other.assetId)).map((w) => w.id).sort()).toEqual(['wk_b', 'wk_c']);

    const media = { ...first.media, poster: 'posters/a.jpg' };
    const patched = await store.works.update('wk_a', { status: 'processing', media, audioGuide: 'guide.m4a' });
    expect(patched).toMatchObject({ status: 'processing', audioGuide: 'guide.m4a', catalogueNumber: 'YZ-2026-000001', metadata: first.metadata });
    expect((await store.works.get('wk_a'))?.media).toEqual(patched.media);
    await expect(store.works.update('missing', { status: 'ready' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.works.get('missing')).toBeNull();
    expect(await store.works.isPublished('wk_a')).toBe(false);
  });

  it('gives 50 works created at once on two nodes 50 distinct consecutive numbers', async () => {
    t = await openTestStore(engine, 'works-numbers');
    const owner = await seedOwner(t.store);
    const b = await secondNode();
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? t.store : b).works.create(newWork(`wk_${String(i).padStart(2, '0')}`, owner), 2026)));
    const numbers = created.map((w) => w.catalogueNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `YZ-2026-${String(i + 1).padStart(6, '0')}`));
    expect((await b.works.create(newWork('wk_next_year', owner), 2027)).catalogueNumber).toBe('YZ-2027-000001');
  });

  it('gives the number of a failed or rolled-back creation to the next work, and never one number twice', async () => {
    t = await openTestStore(engine, 'works-rollback');
    const { store } = t;
    const owner = await seedOwner(store);
    expect((await store.works.create(newWork('wk_1', owner), 2026)).catalogueNumber).toBe('YZ-2026-000001');
    // A foreign key and a duplicate id fail the insert after the number was taken.
    await expect(store.works.create({ ...newWork('wk_bad', owner), assetId: 'no-such-asset' }, 2026)).rejects.toThrow(/foreign key/i);
    await expect(store.works.create(newWork('wk_1', owner), 2026)).rejects.toThrow(/unique|duplicate/i);
    await expect(
      store.transaction(async (tx) => {
        await tx.works.create(newWork('wk_rolled', owner), 2026);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.works.get('wk_rolled')).toBeNull();
    expect((await store.works.create(newWork('wk_2', owner), 2026)).catalogueNumber).toBe('YZ-2026-000002');
    const seq = await t.database.db.selectFrom('catalogue_sequences').selectAll().execute();
    expect(seq).toEqual([{ year: 2026, last_number: 2 }]);
  });

  it('refuses a work once the six digits of its year are used up, keeping the sequence as it was', async () => {
    t = await openTestStore(engine, 'works-exhausted');
    const { store, database } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_1', owner), 2026);
    await database.db.updateTable('catalogue_sequences').set({ last_number: 999_999 }).where('year', '=', 2026).execute();
    await expect(store.works.create(newWork('wk_2', owner), 2026)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await store.works.get('wk_2')).toBeNull();
    expect((await database.db.selectFrom('catalogue_sequences').select('last_number').where('year', '=', 2026).executeTakeFirst())?.last_number).toBe(999_999);
    await expect(store.works.create(newWork('wk_3', owner), 12026)).rejects.toThrow(RangeError);
  });

  it('publishes a metadata edit of a work nobody sees, and holds one of a work visitors see until an admin decides', async () => {
    t = await openTestStore(engine, 'works-metadata');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_free01', owner, 'Free'), 2026);
    await store.works.create(newWork('wk_shown1', owner, 'Shown'), 2026);
    await store.works.create(newWork('wk_other1', owner, 'Other'), 2026);

    const free = await store.works.saveMetadata('wk_free01', metadataTitled('Free v2'));
    expect(free.saved).toBe('published');
    expect(free.work).toMatchObject({ metadata: metadataTitled('Free v2'), pendingChange: null });

    // An approved exhibition hangs wk_shown: visitors see it.
    await store.exhibitions.create(newExhibition('show', owner.ownerId, layoutPlacing('wk_shown1')));
    await store.exhibitions.transition('show', ['draft'], 'in-review');
    await store.exhibitions.approve('show', note('approve'));
    expect(await store.works.isPublished('wk_shown1')).toBe(true);
    expect(await store.works.isPublished('wk_other1')).toBe(false);

    const held = await store.works.saveMetadata('wk_shown1', metadataTitled('Shown v2'));
    expect(held.saved).toBe('held');
    expect(held.work.metadata).toEqual(metadataTitled('Shown'));
    expect(held.work.pendingChange).toMatchObject({ status: 'pending', metadata: metadataTitled('Shown v2') });
    // Saving what visitors see again leaves nothing to review.
    const back = await store.works.saveMetadata('wk_shown1', metadataTitled('Shown'));
    expect(back.saved).toBe('unchanged');
    expect(back.work.pendingChange).toBeNull();
    await expect(store.works.saveMetadata('missing', metadataTitled('x'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('holds an edit of a work placed in a layout under review or entered in an award programme', async () => {
    t = await openTestStore(engine, 'works-metadata-shown');
    const { store, database } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_review1', owner, 'R'), 2026);
    await store.works.create(newWork('wk_award1', owner, 'A'), 2026);
    await store.works.create(newWork('wk_draft1', owner, 'D'), 2026);
    await store.exhibitions.create(newExhibition('in-review', owner.ownerId, layoutPlacing('wk_review1')));
    await store.exhibitions.transition('in-review', ['draft'], 'in-review');
    await store.exhibitions.create(newExhibition('still-draft', owner.ownerId, layoutPlacing('wk_draft1')));
    await enterInAwards(database.db, 'wk_award1', owner.ownerId);

    expect((await store.works.saveMetadata('wk_review1', metadataTitled('R2'))).saved).toBe('held');
    expect((await store.works.saveMetadata('wk_award1', metadataTitled('A2'))).saved).toBe('held');
    expect((await store.works.saveMetadata('wk_draft1', metadataTitled('D2'))).saved).toBe('published');
    // A withdrawn entry shows the work no more.
    await database.db.updateTable('award_entries').set({ status: 'withdrawn' }).where('work_id', '=', 'wk_award1').execute();
    expect((await store.works.saveMetadata('wk_award1', metadataTitled('A3'))).saved).toBe('published');
  });

  it('approves or returns a pending change once, and lists the review queue oldest change first', async () => {
    t = await openTestStore(engine, 'works-review');
    const { store, database } = t;
    const owner = await seedOwner(store);
    for (const id of ['wk_1', 'wk_2', 'wk_3']) {
      await store.works.create(newWork(id, owner, id), 2026);
      await enterInAwards(database.db, id, owner.ownerId);
    }
    await store.works.saveMetadata('wk_2', metadataTitled('wk_2 v2'));
    await new Promise((r) => setTimeout(r, 5));
    await store.works.saveMetadata('wk_1', metadataTitled('wk_1 v2'));
    expect((await store.works.list({ pendingReview: true })).map((w) => w.id)).toEqual(['wk_2', 'wk_1']);
    expect((await store.works.list({ pendingReview: false })).map((w) => w.id)).toEqual(['wk_3']);

    expect(await store.works.reviewMetadata('wk_3', note('approve'))).toBeNull();
    const approved = await store.works.reviewMetadata('wk_2', note('approve', 'fine'));
    expect(approved).toMatchObject({ metadata: metadataTitled('wk_2 v2'), pendingChange: null, metadataReview: { decision: 'approve', comment: 'fine' } });
    expect(await store.works.reviewMetadata('wk_2', note('return'))).toBeNull();

    const returned = await store.works.reviewMetadata('wk_1', note('return', 'sources?'));
    expect(returned).toMatchObject({ metadata: metadataTitled('wk_1'), pendingChange: { status: 'returned', metadata: metadataTitled('wk_1 v2') }, metadataReview: { decision: 'return' } });
    expect(await store.works.list({ pendingReview: true })).toEqual([]);
    // A returned change is edited and held again.
    expect((await store.works.saveMetadata('wk_1', metadataTitled('wk_1 v3'))).work.pendingChange).toMatchObject({ status: 'pending' });
  });

  it('decides a pending change once when two admins on two nodes decide at the same time', async () => {
    t = await openTestStore(engine, 'works-review-race');
    const { store, database } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_raced1', owner, 'v1'), 2026);
    await enterInAwards(database.db, 'wk_raced1', owner.ownerId);
    await store.works.saveMetadata('wk_raced1', metadataTitled('v2'));
    const b = await secondNode();
    const decided = await Promise.all([store.works.reviewMetadata('wk_raced1', note('approve')), b.works.reviewMetadata('wk_raced1', note('return'))]);
    expect(decided.filter((d) => d !== null)).toHaveLength(1);
    const winner = decided.find((d) => d !== null)!;
    expect(await store.works.get('wk_raced1')).toEqual(winner);
  });

  it('holds an edit that races the exhibition placing the work going into review on another node', async () => {
    t = await openTestStore(engine, 'works-race-review');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_raced1', owner, 'v1'), 2026);
    await store.exhibitions.create(newExhibition('show', owner.ownerId, layoutPlacing('wk_raced1')));
    const b = await secondNode();
    let saving!: Promise<Awaited<ReturnType<Store['works']['saveMetadata']>>>;
    await b.transaction(async (tx) => {
      expect(await tx.exhibitions.transition('show', ['draft'], 'in-review')).toMatchObject({ status: 'in-review' });
      // The edit starts before the submission commits: it must wait for it, then see it.
      saving = store.works.saveMetadata('wk_raced1', metadataTitled('v2'));
      await waitingForLock(t, saving);
    });
    const saved = await saving;
    expect(saved.saved).toBe('held');
    expect(saved.work.metadata).toEqual(metadataTitled('v1'));
  });

  it('holds an edit that races an award entry of the work on another node', async () => {
    t = await openTestStore(engine, 'works-race-award');
    const { store } = t;
    const owner = await seedOwner(store);
    await store.works.create(newWork('wk_raced1', owner, 'v1'), 2026);
    await secondNode();
    let saving!: Promise<Awaited<ReturnType<Store['works']['saveMetadata']>>>;
    await second!.db.transaction().execute(async (tx) => {
      await enterInAwards(tx, 'wk_raced1', owner.ownerId);
      saving = store.works.saveMetadata('wk_raced1', metadataTitled('v2'));
      await waitingForLock(t, saving);
    });
    expect((await saving).saved).toBe('held');
  });
});
