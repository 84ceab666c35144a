import type { Selectable, Updateable } from 'kysely';
import { ASSET_RESULT_SCHEMAS, ErrorCode, NotFoundError, type AssetKind, type AssetResult } from '@yunzhan/shared';
import type { Db, Engine } from '../db/database';
import { withRowLock } from '../db/row-lock';
import type { AssetsTable } from '../db/schema';
import type { AssetRecord, Store } from '../db/store';

// Uploaded assets on the query layer: one implementation for SQLite and PostgreSQL. `result` is
// JSON kept as TEXT.

/** The store of uploaded assets. */
export type AssetStore = Store['assets'];

/** A stored result that no longer parses (an older format) reads as none rather than failing the row. */
function parseResult(kind: AssetKind, text: string | null): AssetResult | null {
  if (!text) return null;
  try {
    const parsed = (ASSET_RESULT_SCHEMAS[kind] ?? ASSET_RESULT_SCHEMAS.video).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toAsset = (r: Selectable<AssetsTable>): AssetRecord => {
  const code = ErrorCode.safeParse(r.error_code);
  const kind = r.kind as AssetKind;
  return {
    id: r.id,
    kind,
    ownerId: r.owner_id,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    status: r.status as AssetRecord['status'],
    progress: r.progress,
    jobId: r.job_id,
    durationSeconds: r.duration_seconds,
    width: r.width,
    height: r.height,
    result: parseResult(kind, r.result),
    error: r.error_code ? { code: code.success ? code.data : 'INTERNAL', message: r.error_message ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** Uploaded assets. */
export function assetStore(db: Db, engine: Engine): AssetStore {
  const get: AssetStore['get'] = async (id, options = {}) => {
    const r = await withRowLock(engine, db.selectFrom('assets').selectAll().where('id', '=', id), options.lock).executeTakeFirst();
    return r ? toAsset(r) : null;
  };
  return {
    async create(asset) {
      const now = new Date().toISOString();
      const r = await db
        .insertInto('assets')
        .values({
          id: asset.id,
          kind: asset.kind,
          owner_id: asset.ownerId,
          filename: asset.filename,
          content_type: asset.contentType,
          size_bytes: asset.sizeBytes,
          status: asset.status,
          progress: asset.progress,
          job_id: asset.jobId,
          duration_seconds: asset.durationSeconds,
          width: asset.width,
          height: asset.height,
          result: asset.result ? JSON.stringify(asset.result) : null,
          error_code: asset.error?.code ?? null,
          error_message: asset.error?.message ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAsset(r);
    },
    get,
    async list(filter = {}) {
      let q = db
        .selectFrom('assets')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(500, Math.max(1, filter.limit ?? 100)));
      if (filter.ownerId !== undefined) q = q.where('owner_id', '=', filter.ownerId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      return (await q.execute()).map(toAsset);
    },
    async update(id, patch) {
      const set: Updateable<AssetsTable> = { updated_at: new Date().toISOString() };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.progress !== undefined) set.progress = patch.progress;
      if (patch.jobId !== undefined) set.job_id = patch.jobId;
      if (patch.durationSeconds !== undefined) set.duration_seconds = patch.durationSeconds;
      if (patch.result !== undefined) set.result = patch.result ? JSON.stringify(patch.result) : null;
      if (patch.error !== undefined) {
        set.error_code = patch.error?.code ?? null;
        set.error_message = patch.error?.message ?? null;
      }
      const r = await db.updateTable('assets').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError('Asset');
      return toAsset(r);
    },
  };
}
