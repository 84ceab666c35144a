import type { SelectQueryBuilder } from 'kysely';
import type { Engine } from './database';
import type { Schema } from './schema';
import type { RowLock } from './store';

/**
 * `query` with its rows locked as `lock` says (see RowLock) on PostgreSQL; unchanged on SQLite,
 * whose BEGIN IMMEDIATE serialises writers, and without `lock`.
 */
export function withRowLock<TB extends keyof Schema, O>(engine: Engine, query: SelectQueryBuilder<Schema, TB, O>, lock: RowLock | undefined): SelectQueryBuilder<Schema, TB, O> {
  if (engine !== 'postgres' || lock === undefined) return query;
  return lock === 'share' ? query.forShare() : query.forNoKeyUpdate();
}
