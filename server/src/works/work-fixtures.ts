import { sql } from 'kysely';
import { WorkMedia, WorkMetadata } from '@yunzhan/shared';
import type { NewWork, Store } from '../db/store';
import type { TestStore } from '../db/test-engines';

// Test support: the rows a work needs (an owner and an upload), works to store, and a check that
// a second writer waits for the first.

/** Metadata of a work titled `en`. */
export const metadataTitled = (en: string): WorkMetadata =>
  WorkMetadata.parse({ title: { 'zh-CN': `作品 ${en}`, en }, creator: 'C', date: '2026', rights: { holder: 'C', licence: 'cc0' } });

/** Creates the curator `ownerId` and a ready image upload `img-<ownerId>` of theirs. */
export async function seedOwner(store: Store, ownerId = 'c'): Promise<{ ownerId: string; assetId: string }> {
  await store.users.create({ id: ownerId, username: `cura-${ownerId}`, displayName: ownerId, role: 'curator', passwordHash: 'x' });
  const assetId = `img-${ownerId}`;
  await store.assets.create({
    id: assetId,
    kind: 'image',
    ownerId,
    filename: 'a.png',
    contentType: 'image/png',
    sizeBytes: 1,
    status: 'ready',
    progress: 100,
    jobId: null,
    durationSeconds: null,
    width: 1,
    height: 1,
    result: null,
    error: null,
  });
  return { ownerId, assetId };
}

/** A new image work `id` of the owner's upload. */
export const newWork = (id: string, owner: { ownerId: string; assetId: string }, title = id): NewWork => ({
  id,
  kind: 'image',
  metadata: metadataTitled(title),
  status: 'ready',
  assetId: owner.assetId,
  audioGuideAssetId: null,
  media: WorkMedia.parse({}),
  audioGuide: null,
  ownerId: owner.ownerId,
});

/**
 * Resolves once `pending` (a writer started while another transaction holds what it needs) is
 * waiting for that transaction: on PostgreSQL a backend of this database waits on a lock; on
 * SQLite it is still unsettled after some turns of the event loop (it retries on a timer while the
 * other connection holds the write lock). Throws when it finished instead of waiting.
 */
export async function waitingForLock(t: TestStore, pending: Promise<unknown>): Promise<void> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  const turn = () => new Promise((resolve) => setTimeout(resolve, 10));
  if (t.engine === 'sqlite') {
    for (let i = 0; i < 10; i++) await turn();
    if (settled) throw new Error('the second writer finished while the first held its transaction');
    return;
  }
  for (let i = 0; i < 1000; i++) {
    if (settled) throw new Error('the second writer finished while the first held its transaction');
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(t.database.db);
    if (rows[0]!.n > 0) return;
    await turn();
  }
  throw new Error('the second writer never waited for a lock');
}
