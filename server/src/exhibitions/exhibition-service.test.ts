import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { ExhibitionRecord, Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { holdingCommits } from '../db/test-holding';
import { newWork, seedOwner, waitingForLock } from '../works/work-fixtures';
import { layoutPlacing, newExhibition } from './exhibition-fixtures';
import { ExhibitionService } from './exhibition-service';

// A submission checks the draft it submits: read locked in the transaction that moves it into
// review, so a draft saved at the same time on another node is either submitted checked or
// waits for the submission.

describe.each(ENGINES)('exhibition review racing draft saves on %s', (engine) => {
  let t: TestStore;
  let nodeB: Store;
  let exhibitions: ExhibitionService;
  let exhibition: ExhibitionRecord;

  beforeEach(async () => {
    t = await openTestStore(engine, 'exhibition-service');
    const owner = await seedOwner(t.store, 'c');
    await t.store.works.create(newWork('wk_alpha1', owner), 2026);
    await t.store.works.create(newWork('wk_beta22', owner), 2026);
    exhibition = await t.store.exhibitions.create(newExhibition('ex', 'c', layoutPlacing('wk_alpha1')));
    nodeB = createStore(await openDatabase(t.target));
    exhibitions = new ExhibitionService(t.store);
  });
  afterEach(async () => {
    await nodeB?.close();
    await t.dispose();
  });

  it('refuses a submission racing the save that empties the draft with PLACEMENT_INVALID, and keeps it in draft', async () => {
    const hold = holdingCommits(nodeB);
    const saving = new ExhibitionService(hold.store).saveDraft(exhibition, { baseRevision: 0, layout: layoutPlacing() });
    saving.catch(() => undefined);
    await Promise.race([hold.held, saving.then(() => Promise.reject(new Error('the save finished without holding a transaction')))]);
    // `exhibition` is the submitter's earlier read, with one work placed.
    const submitting = exhibitions.submit(exhibition);
    submitting.catch(() => undefined);
    try {
      await waitingForLock(t, submitting);
    } finally {
      hold.release();
    }
    expect((await saving).revision).toBe(1);
    await expect(submitting).rejects.toMatchObject({ code: 'PLACEMENT_INVALID' });
    expect(await t.store.exhibitions.get('ex')).toMatchObject({ status: 'draft', revision: 1, draft: layoutPlacing() });
  });

  it('submits the draft as saved, and refuses a save from an older revision or while in review', async () => {
    await expect(exhibitions.saveDraft({ ...exhibition, revision: 5 }, { baseRevision: 5, layout: layoutPlacing('wk_alpha1') })).rejects.toMatchObject({
      code: 'REVISION_CONFLICT',
      details: { currentRevision: 0 },
    });
    const saved = await exhibitions.saveDraft(exhibition, { baseRevision: 0, layout: layoutPlacing('wk_alpha1', 'wk_beta22') });
    expect(saved.revision).toBe(1);
    expect((await exhibitions.submit(exhibition)).status).toBe('in-review');
    await expect(exhibitions.saveDraft(saved, { baseRevision: 1, layout: layoutPlacing() })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(exhibitions.submit(saved)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
