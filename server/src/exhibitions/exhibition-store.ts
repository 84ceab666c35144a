import type { Selectable, Updateable } from 'kysely';
import { ExhibitionLayout, LocalizedText, ReviewNote, type ExhibitionStatus } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import { withRowLock } from '../db/row-lock';
import type { ExhibitionsTable } from '../db/schema';
import type { ExhibitionRecord, Store } from '../db/store';

// Exhibitions on the query layer: one implementation for SQLite and PostgreSQL. Texts, layouts
// and review notes are JSON kept as TEXT.

/** The store of exhibitions. */
export type ExhibitionStore = Store['exhibitions'];

// Layouts are validated on the way in; parsing again on the way out applies defaults added since.
const toExhibition = (r: Selectable<ExhibitionsTable>): ExhibitionRecord => ({
  id: r.id,
  title: LocalizedText(120).parse(JSON.parse(r.title)),
  summary: LocalizedText(1000).parse(JSON.parse(r.summary)),
  ownerId: r.owner_id,
  status: r.status as ExhibitionStatus,
  draft: ExhibitionLayout.parse(JSON.parse(r.draft)),
  revision: r.revision,
  published: r.published ? ExhibitionLayout.parse(JSON.parse(r.published)) : null,
  review: r.review ? ReviewNote.parse(JSON.parse(r.review)) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
  pendingTitle: r.pending_title ? LocalizedText(120).parse(JSON.parse(r.pending_title)) : null,
  pendingSummary: r.pending_summary ? LocalizedText(1000).parse(JSON.parse(r.pending_summary)) : null,
});

/** The distinct work ids a layout places. */
const placedWorks = (layout: ExhibitionLayout | null): string[] => [...new Set((layout?.placements ?? []).map((p) => p.workId))];

/** Exhibitions, their review cycle and the index of published works. */
export function exhibitionStore(db: Db, engine: Engine): ExhibitionStore {
  const get: ExhibitionStore['get'] = async (id, options = {}) => {
    const r = await withRowLock(engine, db.selectFrom('exhibitions').selectAll().where('id', '=', id), options.lock).executeTakeFirst();
    return r ? toExhibition(r) : null;
  };

  /** Keeps `published_works` (who may see a work) equal to the placements of the published layout. */
  const indexPublished = async (tx: Db, exhibition: ExhibitionRecord) => {
    await tx.deleteFrom('published_works').where('exhibition_id', '=', exhibition.id).execute();
    const workIds = placedWorks(exhibition.published);
    if (workIds.length === 0) return;
    // Only works that exist: a placement of a deleted work indexes nothing.
    await tx
      .insertInto('published_works')
      .columns(['exhibition_id', 'work_id'])
      .expression((eb) =>
        eb
          .selectFrom('works')
          .select([eb.cast<string>(eb.val(exhibition.id), 'text').as('exhibition_id'), 'id'])
          .where('id', 'in', workIds),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  };

  return {
    async create(exhibition) {
      const now = new Date().toISOString();
      return inTransaction(db, async (tx) => {
        const r = await tx
          .insertInto('exhibitions')
          .values({
            id: exhibition.id,
            title: JSON.stringify(exhibition.title),
            summary: JSON.stringify(exhibition.summary),
            owner_id: exhibition.ownerId,
            status: exhibition.status,
            draft: JSON.stringify(exhibition.draft),
            revision: exhibition.revision,
            published: exhibition.published ? JSON.stringify(exhibition.published) : null,
            review: exhibition.review ? JSON.stringify(exhibition.review) : null,
            created_at: now,
            updated_at: now,
            published_at: exhibition.publishedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const created = toExhibition(r);
        await indexPublished(tx, created);
        return created;
      });
    },
    get,
    async list(filter = {}) {
      let q = db
        .selectFrom('exhibitions')
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(Math.min(500, Math.max(1, filter.limit ?? 200)));
      if (filter.ownerId !== undefined) q = q.where('owner_id', '=', filter.ownerId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.published !== undefined) q = q.where('published', filter.published ? 'is not' : 'is', null);
      return (await q.execute()).map(toExhibition);
    },
    async saveDraft(id, baseRevision, fromStatus, save) {
      if (fromStatus.length === 0) return null;
      const set: Updateable<ExhibitionsTable> = { draft: JSON.stringify(save.draft), status: save.status, updated_at: new Date().toISOString() };
      // Texts wait beside the public ones until approved, as the draft layout does.
      if (save.title !== undefined) set.pending_title = save.title ? JSON.stringify(save.title) : null;
      if (save.summary !== undefined) set.pending_summary = save.summary ? JSON.stringify(save.summary) : null;
      // Compare-and-set in one statement: of two saves from the same revision, one wins (PostgreSQL
      // re-checks the WHERE on the row a concurrent save committed, and finds the revision moved).
      const r = await db
        .updateTable('exhibitions')
        .set((eb) => ({ ...set, revision: eb('revision', '+', 1) }))
        .where('id', '=', id)
        .where('revision', '=', baseRevision)
        .where('status', 'in', fromStatus)
        .returningAll()
        .executeTakeFirst();
      return r ? toExhibition(r) : null;
    },
    async transition(id, from, to, review) {
      if (from.length === 0) return null;
      const set: Updateable<ExhibitionsTable> = { status: to, updated_at: new Date().toISOString() };
      if (review !== undefined) set.review = review ? JSON.stringify(review) : null;
      const move = async (tx: Db) => {
        const r = await tx.updateTable('exhibitions').set(set).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
        return r ? toExhibition(r) : null;
      };
      // Only a move into review on PostgreSQL locks more (SQLite's write transactions are serial).
      if (to !== 'in-review' || engine !== 'postgres') return move(db);
      return inTransaction(db, async (tx) => {
        const moved = await move(tx);
        // A metadata edit of a placed work decides on the exhibitions in review while it holds the
        // work's row (FOR UPDATE); sharing those rows until this commits orders the two, so such an
        // edit is either committed before the review starts or held for review.
        const workIds = placedWorks(moved?.draft ?? null);
        if (workIds.length > 0) await tx.selectFrom('works').select('id').where('id', 'in', workIds).forKeyShare().execute();
        return moved;
      });
    },
    async approve(id, review) {
      const now = new Date().toISOString();
      return inTransaction(db, async (tx) => {
        // What the admin reviewed goes public together: the layout and the pending texts.
        const r = await tx
          .updateTable('exhibitions')
          .set((eb) => ({
            published: eb.ref('draft'),
            title: eb.fn.coalesce('pending_title', 'title'),
            summary: eb.fn.coalesce('pending_summary', 'summary'),
            pending_title: null,
            pending_summary: null,
            status: 'approved',
            review: JSON.stringify(review),
            published_at: now,
            updated_at: now,
          }))
          .where('id', '=', id)
          .where('status', '=', 'in-review')
          .returningAll()
          .executeTakeFirst();
        if (!r) return null;
        const approved = toExhibition(r);
        await indexPublished(tx, approved);
        return approved;
      });
    },
  };
}
