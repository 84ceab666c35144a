import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { PublicUser } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { holdingCommits } from '../db/test-holding';
import { metadataTitled, newWork, seedOwner, waitingForLock } from './work-fixtures';
import { WorkService } from './work-service';

// A work's media follow its upload's processing however the two race on two nodes: the service
// reads the assets it derives from share-locked, and the work locked, inside the write's
// transaction, so the asset's update after processing waits for the work to commit and
// `assetChanged` after it finds the work as it is then.

const logger = pino({ level: 'silent' });
const owner: PublicUser = { id: 'c', username: 'cura-c', displayName: 'c', role: 'curator' };

describe.each(ENGINES)('works following their uploads on %s', (engine) => {
  let t: TestStore;
  let nodeB: Store;
  let works: WorkService;

  beforeEach(async () => {
    t = await openTestStore(engine, 'work-service');
    await seedOwner(t.store, owner.id);
    // An upload still being processed.
    await t.store.assets.create({
      id: 'img-p',
      kind: 'image',
      ownerId: owner.id,
      filename: 'p.png',
      contentType: 'image/png',
      sizeBytes: 1,
      status: 'processing',
      progress: 10,
      jobId: null,
      durationSeconds: null,
      width: null,
      height: null,
      result: null,
      error: null,
    });
    nodeB = createStore(await openDatabase(t.target));
    works = new WorkService({ store: t.store, logger });
  });
  afterEach(async () => {
    await nodeB.close();
    await t.dispose();
  });

  /** Processing ends on this node: the asset is updated (its works follow it afterwards, as index.ts does). */
  const processed = () => t.store.assets.update('img-p', { status: 'ready', progress: 100 });

  /** Runs `first` through node B with its transaction held open, checks that `second` waits for it, then lets it commit. */
  async function race<A>(first: (held: WorkService) => Promise<A>, second: () => Promise<unknown>): Promise<A> {
    const hold = holdingCommits(nodeB);
    const a = first(new WorkService({ store: hold.store, logger }));
    a.catch(() => undefined);
    await Promise.race([hold.held, a.then(() => Promise.reject(new Error('the first operation finished without holding a transaction')))]);
    const b = second();
    b.catch(() => undefined);
    try {
      await waitingForLock(t, b);
    } finally {
      hold.release();
    }
    await b;
    return a;
  }

  it('makes a work whose upload finishes processing while it is catalogued follow the upload', async () => {
    const created = await race(
      (held) => held.create(owner, { assetId: 'img-p', kind: 'image', metadata: metadataTitled('p'), audioGuideAssetId: null }),
      processed,
    );
    expect(created.status).toBe('processing');
    await works.assetChanged('img-p');
    expect((await t.store.works.get(created.id))?.status).toBe('ready');
  });

  it('never leaves a work edited while its upload finishes processing behind the upload', async () => {
    const work = await t.store.works.create({ ...newWork('wk_p', { ownerId: owner.id, assetId: 'img-p' }), status: 'processing' }, 2026);
    const edited = await race(
      (held) => held.update(owner, work, { metadata: metadataTitled('edited') }),
      processed,
    );
    expect(edited.status).toBe('processing');
    await works.assetChanged('img-p');
    expect(await t.store.works.get(work.id)).toMatchObject({ status: 'ready', metadata: metadataTitled('edited') });
  });
});
