import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { InvalidStateError, NotFoundError, ReviewNote, WorkMedia, WorkMetadata, type MetadataChange, type WorkKind } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import type { WorksTable } from '../db/schema';
import { withRowLock } from '../db/row-lock';
import type { MetadataSave, Store, WorkRecord } from '../db/store';

// Catalogued works on the query layer: one implementation for SQLite and PostgreSQL. Metadata,
// media and review notes are JSON kept as TEXT.

/** The store of catalogued works. */
export type WorkStore = Store['works'];

/** The highest number of a year's catalogue (six digits). */
const LAST_CATALOGUE_NUMBER = 999_999;

const EMPTY_MEDIA: WorkMedia = WorkMedia.parse({});

/** JSON written by this code; a row that no longer parses reads as empty media rather than failing. */
function parseMedia(text: string): WorkMedia {
  try {
    const parsed = WorkMedia.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : EMPTY_MEDIA;
  } catch {
    return EMPTY_MEDIA;
  }
}

const toWork = (r: Selectable<WorksTable>): WorkRecord => ({
  id: r.id,
  catalogueNumber: r.catalogue_number,
  kind: r.kind as WorkKind,
  // Validated on the way in; parse again so defaults added later apply to old rows.
  metadata: WorkMetadata.parse(JSON.parse(r.metadata)),
  status: r.status as WorkRecord['status'],
  assetId: r.asset_id,
  audioGuideAssetId: r.audio_guide_asset_id,
  media: parseMedia(r.media),
  audioGuide: r.audio_guide,
  ownerId: r.owner_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pendingChange:
    r.pending_metadata && r.pending_status
      ? {
          metadata: WorkMetadata.parse(JSON.parse(r.pending_metadata)),
          status: r.pending_status as MetadataChange['status'],
          savedAt: r.pending_saved_at ?? r.updated_at,
        }
      : null,
  metadataReview: r.metadata_review ? ReviewNote.parse(JSON.parse(r.metadata_review)) : null,
});

/** `YZ-2026-000042`. */
export const catalogueNumberOf = (year: number, n: number) => `YZ-${String(year).padStart(4, '0')}-${String(n).padStart(6, '0')}`;

/** A new work id: `wk_` and 16 random URL-safe characters. */
export const newWorkId = () => `wk_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

/** Cleared pending change: nothing waits for review. */
const NO_PENDING = { pending_metadata: null, pending_status: null, pending_saved_at: null } as const;

/** Catalogued works and their catalogue numbers. */
export function workStore(db: Db, engine: Engine): WorkStore {
  const get: WorkStore['get'] = async (id, options = {}) => {
    const r = await withRowLock(engine, db.selectFrom('works').selectAll().where('id', '=', id), options.lock).executeTakeFirst();
    return r ? toWork(r) : null;
  };

  // Whether an admin is reviewing a layout that places the work: SQLite's json_each, PostgreSQL's
  // jsonb containment (a placement `{ workId }` in the draft's placements).
  const placedInReview = (id: string) =>
    engine === 'postgres'
      ? sql<SqlBool>`EXISTS (SELECT 1 FROM exhibitions e WHERE e.status = 'in-review'
          AND e.draft::jsonb @> jsonb_build_object('placements', jsonb_build_array(jsonb_build_object('workId', ${id}::text))))`
      : sql<SqlBool>`EXISTS (SELECT 1 FROM exhibitions e, json_each(e.draft, '$.placements') p
          WHERE e.status = 'in-review' AND json_extract(p.value, '$.workId') = ${id})`;

  /** Visitors see the work (a published hall, an active award entry) or an admin reviews a layout it is in. */
  const shown = async (tx: Db, id: string): Promise<boolean> => {
    const r = await tx
      .selectNoFrom((eb) =>
        eb
          .or([
            eb.exists(eb.selectFrom('published_works').select('work_id').where('work_id', '=', id)),
            eb.exists(eb.selectFrom('award_entries').select('work_id').where('work_id', '=', id).where('status', '=', 'active')),
            placedInReview(id),
          ])
          .as('shown'),
      )
      .executeTakeFirstOrThrow();
    // PostgreSQL answers a boolean, SQLite 0 or 1.
    return Boolean(Number(r.shown));
  };

  return {
    async create(work, year) {
      if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`Catalogue year ${year} is not a year of four digits`);
      return inTransaction(db, async (tx) => {
        // One statement takes the next number: PostgreSQL's upsert locks the year's row until this
        // transaction ends, SQLite's write lock is held from BEGIN IMMEDIATE. A rollback of the
        // insert gives the number back, so numbers are never reused and leave no gap.
        const { last_number } = await tx
          .insertInto('catalogue_sequences')
          .values({ year, last_number: 1 })
          .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_number: eb('catalogue_sequences.last_number', '+', 1) })))
          .returning('last_number')
          .executeTakeFirstOrThrow();
        if (last_number > LAST_CATALOGUE_NUMBER) throw new InvalidStateError(`The catalogue numbers of ${year} are used up`);
        const now = new Date().toISOString();
        const r = await tx
          .insertInto('works')
          .values({
            id: work.id,
            catalogue_number: catalogueNumberOf(year, last_number),
            kind: work.kind,
            metadata: JSON.stringify(work.metadata),
            status: work.status,
            asset_id: work.assetId,
            audio_guide_asset_id: work.audioGuideAssetId,
            media: JSON.stringify(work.media),
            audio_guide: work.audioGuide,
            owner_id: work.ownerId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWork(r);
      });
    },
    get,
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const works: WorkRecord[] = [];
      // Chunked to stay far below either engine's limit on bound parameters.
      for (let i = 0; i < unique.length; i += 200) {
        const rows = await db.selectFrom('works').selectAll().where('id', 'in', unique.slice(i, i + 200)).execute();
        works.push(...rows.map(toWork));
      }
      return works;
    },
    async list(filter = {}) {
      let q = db
        .selectFrom('works')
        .selectAll()
        .limit(Math.min(1000, Math.max(1, filter.limit ?? 200)));
      if (filter.ownerId !== undefined) q = q.where('owner_id', '=', filter.ownerId);
      if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
      if (filter.pendingReview === true) q = q.where('pending_status', '=', 'pending');
      if (filter.pendingReview === false) q = q.where((eb) => eb.or([eb('pending_status', 'is', null), eb('pending_status', '<>', 'pending')]));
      // The review queue is worked oldest change first.
      q = filter.pendingReview
        ? q.orderBy('pending_saved_at').orderBy('id')
        : q.orderBy('created_at', 'desc').orderBy('catalogue_number', 'desc');
      return (await q.execute()).map(toWork);
    },
    async byAsset(assetId) {
      const rows = await db
        .selectFrom('works')
        .selectAll()
        .where((eb) => eb.or([eb('asset_id', '=', assetId), eb('audio_guide_asset_id', '=', assetId)]))
        .execute();
      return rows.map(toWork);
    },
    async update(id, patch) {
      const set: Updateable<WorksTable> = { updated_at: new Date().toISOString() };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.media !== undefined) set.media = JSON.stringify(patch.media);
      if (patch.audioGuide !== undefined) set.audio_guide = patch.audioGuide;
      if (patch.audioGuideAssetId !== undefined) set.audio_guide_asset_id = patch.audioGuideAssetId;
      const r = await db.updateTable('works').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError('Work');
      return toWork(r);
    },
    async isPublished(id) {
      const r = await db.selectFrom('published_works').select('work_id').where('work_id', '=', id).limit(1).executeTakeFirst();
      return r !== undefined;
    },
    async saveMetadata(id, metadata) {
      // Both sides are parsed by the same schema, so equal metadata serialises equally.
      const text = JSON.stringify(WorkMetadata.parse(metadata));
      return inTransaction(db, async (tx) => {
        // Read, decide, write: PostgreSQL locks the row (FOR UPDATE, which also waits for an award
        // entry or a published_works row being added for it: their foreign keys share-lock it);
        // SQLite holds the write lock from BEGIN IMMEDIATE.
        let read = tx.selectFrom('works').selectAll().where('id', '=', id);
        if (engine === 'postgres') read = read.forUpdate();
        const row = await read.executeTakeFirst();
        if (!row) throw new NotFoundError('Work');
        const now = new Date().toISOString();
        let saved: MetadataSave;
        let set: Updateable<WorksTable>;
        if (!(await shown(tx, id))) {
          saved = 'published';
          set = { metadata: text, ...NO_PENDING, updated_at: now };
        } else if (text === JSON.stringify(toWork(row).metadata)) {
          // Back to what visitors see: nothing is left to review.
          saved = 'unchanged';
          set = { ...NO_PENDING, updated_at: now };
        } else {
          saved = 'held';
          set = { pending_metadata: text, pending_status: 'pending', pending_saved_at: now, updated_at: now };
        }
        const r = await tx.updateTable('works').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        return { work: toWork(r), saved };
      });
    },
    async reviewMetadata(id, review) {
      const now = new Date().toISOString();
      // One conditional statement: a change decided (or withdrawn) meanwhile is not decided twice.
      const note = JSON.stringify(review);
      const decide =
        review.decision === 'approve'
          ? db.updateTable('works').set((eb) => ({ metadata: eb.fn.coalesce('pending_metadata', 'metadata'), ...NO_PENDING, metadata_review: note, updated_at: now }))
          : db.updateTable('works').set({ pending_status: 'returned', metadata_review: note, updated_at: now });
      const r = await decide.where('id', '=', id).where('pending_status', '=', 'pending').returningAll().executeTakeFirst();
      return r ? toWork(r) : null;
    },
  };
}
