import type Database from 'better-sqlite3';
import { ASSET_RESULT_SCHEMAS, ErrorCode, NotFoundError, type AssetKind, type AssetResult } from '@yunzhan/shared';
import type { AssetPatch, AssetRecord, Store } from './store';

interface AssetRow {
  id: string;
  kind: AssetKind;
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  status: AssetRecord['status'];
  progress: number;
  job_id: string | null;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

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

const toAsset = (r: AssetRow): AssetRecord => {
  const code = ErrorCode.safeParse(r.error_code);
  return {
    id: r.id,
    kind: r.kind,
    ownerId: r.owner_id,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    status: r.status,
    progress: r.progress,
    jobId: r.job_id,
    durationSeconds: r.duration_seconds,
    width: r.width,
    height: r.height,
    result: parseResult(r.kind, r.result),
    error: r.error_code ? { code: code.success ? code.data : 'INTERNAL', message: r.error_message ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** The `assets` section of the SQLite store. */
export function sqliteAssetStore(db: Database.Database): Store['assets'] {
  const q = {
    insert: db.prepare(
      `INSERT INTO assets (id, kind, owner_id, filename, content_type, size_bytes, status, progress, job_id, duration_seconds, width, height, result, error_code, error_message, created_at, updated_at)
       VALUES (@id, @kind, @ownerId, @filename, @contentType, @sizeBytes, @status, @progress, @jobId, @durationSeconds, @width, @height, @result, @errorCode, @errorMessage, @now, @now)`,
    ),
    get: db.prepare<[string], AssetRow>('SELECT * FROM assets WHERE id = ?'),
  };
  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? toAsset(row) : null;
  };

  return {
    async create(asset) {
      q.insert.run({
        ...asset,
        result: asset.result ? JSON.stringify(asset.result) : null,
        errorCode: asset.error?.code ?? null,
        errorMessage: asset.error?.message ?? null,
        now: new Date().toISOString(),
      });
      return get(asset.id)!;
    },
    async get(id) {
      return get(id);
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: Math.min(500, Math.max(1, filter.limit ?? 100)) };
      if (filter.ownerId !== undefined) {
        where.push('owner_id = @ownerId');
        params.ownerId = filter.ownerId;
      }
      if (filter.status !== undefined) {
        where.push('status = @status');
        params.status = filter.status;
      }
      const sql = `SELECT * FROM assets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT @limit`;
      return (db.prepare(sql).all(params) as AssetRow[]).map(toAsset);
    },
    async update(id, patch: AssetPatch) {
      const sets: string[] = ['updated_at = @now'];
      const params: Record<string, unknown> = { id, now: new Date().toISOString() };
      const column = (name: string, key: string, value: unknown) => {
        sets.push(`${name} = @${key}`);
        params[key] = value;
      };
      if (patch.status !== undefined) column('status', 'status', patch.status);
      if (patch.progress !== undefined) column('progress', 'progress', patch.progress);
      if (patch.jobId !== undefined) column('job_id', 'jobId', patch.jobId);
      if (patch.durationSeconds !== undefined) column('duration_seconds', 'durationSeconds', patch.durationSeconds);
      if (patch.result !== undefined) column('result', 'result', patch.result ? JSON.stringify(patch.result) : null);
      if (patch.error !== undefined) {
        column('error_code', 'errorCode', patch.error?.code ?? null);
        column('error_message', 'errorMessage', patch.error?.message ?? null);
      }
      const info = db.prepare(`UPDATE assets SET ${sets.join(', ')} WHERE id = @id`).run(params);
      if (info.changes === 0) throw new NotFoundError('Asset');
      return get(id)!;
    },
  };
}
