import type Database from 'better-sqlite3';
import { ExhibitionLayout, LocalizedText, ReviewNote, type ExhibitionStatus } from '@yunzhan/shared';
import type { ExhibitionRecord, Store } from './store';

interface ExhibitionRow {
  id: string;
  title: string;
  summary: string;
  owner_id: string;
  status: ExhibitionStatus;
  draft: string;
  revision: number;
  published: string | null;
  review: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  pending_title: string | null;
  pending_summary: string | null;
}

// Layouts are validated on the way in; parsing again on the way out applies defaults added since.
const toExhibition = (r: ExhibitionRow): ExhibitionRecord => ({
  id: r.id,
  title: LocalizedText(120).parse(JSON.parse(r.title)),
  summary: LocalizedText(1000).parse(JSON.parse(r.summary)),
  ownerId: r.owner_id,
  status: r.status,
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

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The `exhibitions` section of the SQLite store. */
export function sqliteExhibitionStore(db: Database.Database): Store['exhibitions'] {
  const q = {
    insert: db.prepare(
      `INSERT INTO exhibitions (id, title, summary, owner_id, status, draft, revision, published, review, created_at, updated_at, published_at)
       VALUES (@id, @title, @summary, @ownerId, @status, @draft, @revision, @published, @review, @now, @now, @publishedAt)`,
    ),
    get: db.prepare<[string], ExhibitionRow>('SELECT * FROM exhibitions WHERE id = ?'),
    // What the admin reviewed goes public together: the layout and the pending texts.
    approve: db.prepare(
      `UPDATE exhibitions SET published = draft, title = COALESCE(pending_title, title), summary = COALESCE(pending_summary, summary),
         pending_title = NULL, pending_summary = NULL, status = 'approved', review = @review, published_at = @now, updated_at = @now
       WHERE id = @id AND status = 'in-review'`,
    ),
    clearPublishedWorks: db.prepare('DELETE FROM published_works WHERE exhibition_id = ?'),
    addPublishedWork: db.prepare('INSERT OR IGNORE INTO published_works (exhibition_id, work_id) SELECT ?, id FROM works WHERE id = ?'),
  };
  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? toExhibition(row) : null;
  };
  /** Keeps `published_works` (who may see a work) equal to the placements of the published layout. */
  const indexPublished = (exhibition: ExhibitionRecord) => {
    q.clearPublishedWorks.run(exhibition.id);
    for (const p of exhibition.published?.placements ?? []) q.addPublishedWork.run(exhibition.id, p.workId);
  };

  return {
    async create(exhibition) {
      db.transaction(() => {
        q.insert.run({
          ...exhibition,
          title: JSON.stringify(exhibition.title),
          summary: JSON.stringify(exhibition.summary),
          draft: JSON.stringify(exhibition.draft),
          published: exhibition.published ? JSON.stringify(exhibition.published) : null,
          review: exhibition.review ? JSON.stringify(exhibition.review) : null,
          now: new Date().toISOString(),
        });
        indexPublished(get(exhibition.id)!);
      })();
      return get(exhibition.id)!;
    },
    async get(id) {
      return get(id);
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: Math.min(500, Math.max(1, filter.limit ?? 200)) };
      if (filter.ownerId !== undefined) {
        where.push('owner_id = @ownerId');
        params.ownerId = filter.ownerId;
      }
      if (filter.status !== undefined) {
        where.push('status = @status');
        params.status = filter.status;
      }
      if (filter.published !== undefined) where.push(filter.published ? 'published IS NOT NULL' : 'published IS NULL');
      const sql = `SELECT * FROM exhibitions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id LIMIT @limit`;
      return (db.prepare(sql).all(params) as ExhibitionRow[]).map(toExhibition);
    },
    async saveDraft(id, baseRevision, fromStatus, save) {
      const sets = ['draft = @draft', 'revision = revision + 1', 'status = @status', 'updated_at = @now'];
      const params: Record<string, unknown> = { id, baseRevision, draft: JSON.stringify(save.draft), status: save.status, now: new Date().toISOString() };
      // Texts wait beside the public ones until approved, as the draft layout does.
      if (save.title !== undefined) {
        sets.push('pending_title = @title');
        params.title = save.title ? JSON.stringify(save.title) : null;
      }
      if (save.summary !== undefined) {
        sets.push('pending_summary = @summary');
        params.summary = save.summary ? JSON.stringify(save.summary) : null;
      }
      const from = fromStatus.map((s, i) => ((params[`from${i}`] = s), `@from${i}`));
      // Compare-and-set in one statement: of two saves from the same revision, one wins.
      const info = db
        .prepare(`UPDATE exhibitions SET ${sets.join(', ')} WHERE id = @id AND revision = @baseRevision AND status IN (${from.join(', ') || 'NULL'})`)
        .run(params);
      return info.changes === 0 ? null : get(id);
    },
    async transition(id, from, to, review) {
      const sets = ['status = ?', 'updated_at = ?'];
      const args: unknown[] = [to, new Date().toISOString()];
      if (review !== undefined) {
        sets.push('review = ?');
        args.push(review ? JSON.stringify(review) : null);
      }
      const info = db.prepare(`UPDATE exhibitions SET ${sets.join(', ')} WHERE id = ? AND status IN (${placeholders(from.length) || 'NULL'})`).run(...args, id, ...from);
      return info.changes === 0 ? null : get(id);
    },
    async approve(id, review) {
      return db.transaction(() => {
        const info = q.approve.run({ id, review: JSON.stringify(review), now: new Date().toISOString() });
        if (info.changes === 0) return null;
        const approved = get(id)!;
        indexPublished(approved);
        return approved;
      })();
    },
  };
}
