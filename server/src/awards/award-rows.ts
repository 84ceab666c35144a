import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { AuditEntry } from '@yunzhan/shared';
import type { Db, Engine } from '../db/database';
import type { AwardEntriesTable, AwardScoresTable, Schema } from '../db/schema';
import type { AuditLine, EntryRecord, ScoreRecord } from './award-store';

// What the award stores share: row mapping, the audit insert and PostgreSQL's row lock.

/** Parsed JSON columns by schema and text: every request reads the programme, few change it. */
const parsed = new Map<z.ZodType, Map<string, unknown>>();
const PARSED_PER_SCHEMA = 500;

/**
 * A JSON column parsed and checked with its schema, once per distinct text (the text is the key,
 * so a changed row is parsed again). The result is shared between callers: read-only.
 */
export function parsedOnce<T>(schema: z.ZodType<T>, json: string): T {
  let cache = parsed.get(schema);
  if (!cache) parsed.set(schema, (cache = new Map()));
  if (cache.has(json)) return cache.get(json) as T;
  const value = schema.parse(JSON.parse(json));
  if (cache.size >= PARSED_PER_SCHEMA) cache.clear();
  cache.set(json, value);
  return value;
}

export const toEntry = (r: Selectable<AwardEntriesTable>): EntryRecord => ({
  id: r.id,
  programmeId: r.programme_id,
  categoryId: r.category_id,
  workId: r.work_id,
  entrantId: r.entrant_id,
  status: r.status as EntryRecord['status'],
  createdAt: r.created_at,
});

export const toScore = (r: Selectable<AwardScoresTable>): ScoreRecord => ({
  entryId: r.entry_id,
  judgeId: r.judge_id,
  scores: JSON.parse(r.scores) as Record<string, number>,
  comment: r.comment,
  total: r.total,
  status: r.status as ScoreRecord['status'],
  updatedAt: r.updated_at,
});

export const toAudit = (r: { id: number; at: string; actor_id: string; action: string; entry_id: string | null; category_id: string | null; detail: string }): AuditEntry => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  action: r.action as AuditEntry['action'],
  entryId: r.entry_id,
  categoryId: r.category_id,
  detail: JSON.parse(r.detail) as unknown,
});

/**
 * The rows a read-then-write rule reads, locked until the transaction ends on PostgreSQL (FOR NO
 * KEY UPDATE: it does not block the KEY SHARE locks of foreign-key checks, so votes and entries
 * that reference the row go on). SQLite's BEGIN IMMEDIATE already serialises every writer.
 */
export function locked<TB extends keyof Schema, O>(engine: Engine, query: SelectQueryBuilder<Schema, TB, O>): SelectQueryBuilder<Schema, TB, O> {
  return engine === 'postgres' ? query.forNoKeyUpdate() : query;
}

/**
 * The rows a rule reads, share-locked until the transaction ends on PostgreSQL (FOR SHARE, of
 * `of`'s rows when given): writers of them wait, other share-lockers do not.
 */
export function shareLocked<TB extends keyof Schema, O>(engine: Engine, query: SelectQueryBuilder<Schema, TB, O>, of?: TB): SelectQueryBuilder<Schema, TB, O> {
  if (engine !== 'postgres') return query;
  return of === undefined ? query.forShare() : query.forShare(of);
}

/**
 * Appends an audit line; call it inside the transaction of the change it records. On PostgreSQL
 * the programme row is locked first, so a programme's lines commit in the order of their ids and
 * a reader paging with `after` never passes a line that commits later.
 */
export async function insertAudit(tx: Db, engine: Engine, programmeId: string, line: AuditLine): Promise<void> {
  if (engine === 'postgres') await locked(engine, tx.selectFrom('award_programmes').select('id').where('id', '=', programmeId)).execute();
  await tx
    .insertInto('award_audit')
    .values({
      programme_id: programmeId,
      at: new Date().toISOString(),
      actor_id: line.actorId,
      action: line.action,
      entry_id: line.entryId ?? null,
      category_id: line.categoryId ?? null,
      detail: JSON.stringify(line.detail ?? null),
    })
    .execute();
}
