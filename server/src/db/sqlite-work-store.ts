import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { NotFoundError, ReviewNote, WorkMedia, WorkMetadata, type MetadataChange, type WorkKind } from '@yunzhan/shared';
import type { NewWork, Store, WorkPatch, WorkRecord } from './store';

interface WorkRow {
  id: string;
  catalogue_number: string;
  kind: WorkKind;
  metadata: string;
  status: WorkRecord['status'];
  asset_id: string;
  audio_guide_asset_id: string | null;
  media: string;
  audio_guide: string | null;
  owner_id: string;
  created_at: string;
  updated_at: string;
  pending_metadata: string | null;
  pending_status: MetadataChange['status'] | null;
  pending_saved_at: string | null;
  metadata_review: string | null;
}

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

const toWork = (r: WorkRow): WorkRecord => ({
  id: r.id,
  catalogueNumber: r.catalogue_number,
  kind: r.kind,
  // Validated on the way in; parse again so defaults added later apply to old rows.
  metadata: WorkMetadata.parse(JSON.parse(r.metadata)),
  status: r.status,
  assetId: r.asset_id,
  audioGuideAssetId: r.audio_guide_asset_id,
  media: parseMedia(r.media),
  audioGuide: r.audio_guide,
  ownerId: r.owner_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pendingChange:
    r.pending_metadata && r.pending_status
      ? { metadata: WorkMetadata.parse(JSON.parse(r.pending_metadata)), status: r.pending_status, savedAt: r.pending_saved_at ?? r.updated_at }
      : null,
  metadataReview: r.metadata_review ? ReviewNote.parse(JSON.parse(r.metadata_review)) : null,
});

/** `YZ-2026-000042`. */
export const catalogueNumberOf = (year: number, n: number) => `YZ-${String(year).padStart(4, '0')}-${String(n).padStart(6, '0')}`;

/** The `works` section of the SQLite store. */
export function sqliteWorkStore(db: Database.Database): Store['works'] {
  const q = {
    // One statement: SQLite runs it atomically, and inside the insert's transaction the number
    // and the row commit together (a failed insert gives its number back).
    nextNumber: db.prepare<[number], { last_number: number }>(
      'INSERT INTO catalogue_sequences (year, last_number) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1 RETURNING last_number',
    ),
    insert: db.prepare(
      `INSERT INTO works (id, catalogue_number, kind, metadata, status, asset_id, audio_guide_asset_id, media, audio_guide, owner_id, created_at, updated_at)
       VALUES (@id, @catalogueNumber, @kind, @metadata, @status, @assetId, @audioGuideAssetId, @media, @audioGuide, @ownerId, @now, @now)`,
    ),
    get: db.prepare<[string], WorkRow>('SELECT * FROM works WHERE id = ?'),
    byAsset: db.prepare<[string, string], WorkRow>('SELECT * FROM works WHERE asset_id = ? OR audio_guide_asset_id = ?'),
    published: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM published_works WHERE work_id = ?'),
    // Visitors see it (a published hall, an award entry) or an admin is reviewing a layout it is in.
    shown: db.prepare<{ id: string }, { shown: number }>(
      `SELECT EXISTS (SELECT 1 FROM published_works WHERE work_id = @id)
           OR EXISTS (SELECT 1 FROM award_entries WHERE work_id = @id AND status = 'active')
           OR EXISTS (SELECT 1 FROM exhibitions e, json_each(e.draft, '$.placements') p
                      WHERE e.status = 'in-review' AND json_extract(p.value, '$.workId') = @id) AS shown`,
    ),
    setMetadata: db.prepare(
      `UPDATE works SET metadata = @metadata, pending_metadata = NULL, pending_status = NULL, pending_saved_at = NULL, updated_at = @now WHERE id = @id`,
    ),
    hold: db.prepare(`UPDATE works SET pending_metadata = @metadata, pending_status = 'pending', pending_saved_at = @now, updated_at = @now WHERE id = @id`),
    dropPending: db.prepare(`UPDATE works SET pending_metadata = NULL, pending_status = NULL, pending_saved_at = NULL, updated_at = @now WHERE id = @id`),
    approvePending: db.prepare(
      `UPDATE works SET metadata = pending_metadata, pending_metadata = NULL, pending_status = NULL, pending_saved_at = NULL, metadata_review = @review, updated_at = @now
       WHERE id = @id AND pending_status = 'pending'`,
    ),
    returnPending: db.prepare(`UPDATE works SET pending_status = 'returned', metadata_review = @review, updated_at = @now WHERE id = @id AND pending_status = 'pending'`),
  };
  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? toWork(row) : null;
  };
  const insert = db.transaction((work: NewWork, year: number) => {
    const { last_number } = q.nextNumber.get(year)!;
    if (last_number > 999_999) throw new Error(`Catalogue numbers of ${year} are exhausted`);
    q.insert.run({
      ...work,
      catalogueNumber: catalogueNumberOf(year, last_number),
      metadata: JSON.stringify(work.metadata),
      media: JSON.stringify(work.media),
      now: new Date().toISOString(),
    });
  });

  return {
    async create(work, year) {
      insert(work, year);
      return get(work.id)!;
    },
    async get(id) {
      return get(id);
    },
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const rows: WorkRow[] = [];
      // SQLite's default limit on bound parameters is far above a layout's 500 placements, but chunk anyway.
      for (let i = 0; i < unique.length; i += 200) {
        const chunk = unique.slice(i, i + 200);
        rows.push(...(db.prepare(`SELECT * FROM works WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as WorkRow[]));
      }
      return rows.map(toWork);
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: Math.min(1000, Math.max(1, filter.limit ?? 200)) };
      if (filter.ownerId !== undefined) {
        where.push('owner_id = @ownerId');
        params.ownerId = filter.ownerId;
      }
      if (filter.kind !== undefined) {
        where.push('kind = @kind');
        params.kind = filter.kind;
      }
      if (filter.pendingReview !== undefined) where.push(filter.pendingReview ? "pending_status = 'pending'" : "(pending_status IS NULL OR pending_status <> 'pending')");
      // The review queue is worked oldest change first.
      const order = filter.pendingReview ? 'pending_saved_at, id' : 'created_at DESC, catalogue_number DESC';
      const sql = `SELECT * FROM works ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT @limit`;
      return (db.prepare(sql).all(params) as WorkRow[]).map(toWork);
    },
    async byAsset(assetId) {
      return q.byAsset.all(assetId, assetId).map(toWork);
    },
    async update(id, patch: WorkPatch) {
      const sets: string[] = ['updated_at = @now'];
      const params: Record<string, unknown> = { id, now: new Date().toISOString() };
      const column = (name: string, value: unknown) => {
        sets.push(`${name} = @${name}`);
        params[name] = value;
      };
      if (patch.status !== undefined) column('status', patch.status);
      if (patch.media !== undefined) column('media', JSON.stringify(patch.media));
      if (patch.audioGuide !== undefined) column('audio_guide', patch.audioGuide);
      if (patch.audioGuideAssetId !== undefined) column('audio_guide_asset_id', patch.audioGuideAssetId);
      const info = db.prepare(`UPDATE works SET ${sets.join(', ')} WHERE id = @id`).run(params);
      if (info.changes === 0) throw new NotFoundError('Work');
      return get(id)!;
    },
    async isPublished(id) {
      return q.published.get(id)!.n > 0;
    },
    async saveMetadata(id, metadata) {
      return db.transaction(() => {
        const work = get(id);
        if (!work) throw new NotFoundError('Work');
        // Both sides are parsed by the same schema, so equal metadata serialises equally.
        const params = { id, metadata: JSON.stringify(WorkMetadata.parse(metadata)), now: new Date().toISOString() };
        let saved: 'published' | 'held' | 'unchanged';
        if (q.shown.get({ id })!.shown === 0) {
          q.setMetadata.run(params);
          saved = 'published';
        } else if (params.metadata === JSON.stringify(work.metadata)) {
          // Back to what visitors see: nothing is left to review.
          q.dropPending.run(params);
          saved = 'unchanged';
        } else {
          q.hold.run(params);
          saved = 'held';
        }
        return { work: get(id)!, saved };
      })();
    },
    async reviewMetadata(id, review) {
      const params = { id, review: JSON.stringify(review), now: new Date().toISOString() };
      const info = (review.decision === 'approve' ? q.approvePending : q.returnPending).run(params);
      return info.changes === 0 ? null : get(id);
    },
  };
}

/** A new work id: `wk_` and 16 random URL-safe characters. */
export const newWorkId = () => `wk_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
