import { InvalidStateError } from '@yunzhan/shared';
import { sql, type Kysely } from 'kysely';
import { migrationStatus, type Database, type Db } from './database';
import type { Schema } from './schema';

// `npm run db -- copy`: a SQLite database into an empty PostgreSQL one, for moving an installation
// from one engine to the other. The source is read in one snapshot; the target is written in one
// transaction that is kept only when every table's count matches, so a failed copy leaves it empty.

/** Every table of Schema: a table added there must be added here too (the compiler says so), so no table is left behind. */
const SCHEMA_TABLES: Record<keyof Schema, true> = {
  assets: true,
  asset_origins: true,
  award_audit: true,
  award_categories: true,
  award_entries: true,
  award_judges: true,
  award_programmes: true,
  award_recusals: true,
  award_reveals: true,
  award_scores: true,
  award_votes: true,
  batch_jobs: true,
  captions: true,
  catalogue_sequences: true,
  chat_bans: true,
  chat_channel_seq: true,
  chat_channel_settings: true,
  chat_keyword_rules: true,
  chat_messages: true,
  chat_moderation_log: true,
  chat_moderators: true,
  chat_mutes: true,
  chat_reports: true,
  event_captioners: true,
  event_hosts: true,
  event_ingest: true,
  events: true,
  exhibitions: true,
  poll_ballots: true,
  poll_options: true,
  polls: true,
  published_works: true,
  sessions: true,
  stream_origins: true,
  users: true,
  works: true,
  work_subtitles: true,
};

/** The tables of Schema, sorted. */
export const schemaTables = (): string[] => Object.keys(SCHEMA_TABLES).sort();

/** Rows of one table in the source and, after the copy, in the target. */
export interface TableCount {
  table: string;
  source: number;
  target: number;
}

/** What a copy did: the counts table by table (in copy order); `ok` when every pair matches, and only then was the copy kept. */
export interface CopyReport {
  ok: boolean;
  tables: TableCount[];
}

/** Options of a copy. */
export interface CopyOptions {
  /** Rows per INSERT (fewer when a table has many columns: at most 60 000 parameters). Default 500. */
  batchSize?: number;
  /** Called after each table is written. */
  onTable?: (table: string, rows: number) => void;
}

/** Migrations bookkeeping of Kysely's migrator: each side keeps its own. */
const isBookkeeping = (table: string) => table.startsWith('kysely_');

/** Parents before children, by the target's foreign keys; ties by name, so the order is stable. */
export function foreignKeyOrder(tables: readonly string[], references: readonly { child: string; parent: string }[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...parents.keys()].filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p))).sort();
    if (ready.length === 0) throw new InvalidStateError(`Foreign keys form a cycle among ${[...parents.keys()].filter((t) => !placed.has(t)).join(', ')}`);
    for (const t of ready) {
      placed.add(t);
      order.push(t);
    }
  }
  return order;
}

/** Lists what differs between two sets of table names, or undefined when they are equal. */
function difference(label: string, have: readonly string[], want: readonly string[]): string | undefined {
  const missing = want.filter((t) => !have.includes(t));
  const extra = have.filter((t) => !want.includes(t));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `${label}${missing.length ? ` lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ' and' : ''}${extra.length ? ` has ${extra.join(', ')} that Schema does not know` : ''}`;
}

/** Thrown inside the target transaction to roll it back when counts differ. */
class CountMismatch extends Error {
  constructor(readonly tables: TableCount[]) {
    super('row counts differ');
  }
}

/**
 * Copies every table of the SQLite `source` into the PostgreSQL `target`, which must be migrated to
 * the same migrations and hold no rows. Tables go in foreign-key order, in batches, inside one
 * transaction on the target (its tables locked against writers); identity sequences are moved past
 * the copied ids (SQLite's AUTOINCREMENT high-water mark included), and rows keep their SQLite rowid
 * order, so an identity the target adds numbers them as they were written. Throws INVALID_STATE when
 * the target has rows or either side's schema differs; returns the counts, kept only when all match.
 */
export async function copyDatabase(source: Database, target: Database, options: CopyOptions = {}): Promise<CopyReport> {
  if (source.engine !== 'sqlite' || !source.sqlite) throw new InvalidStateError('The source of a copy is a SQLite database');
  if (target.engine !== 'postgres') throw new InvalidStateError('The target of a copy is a PostgreSQL database');
  const raw = source.sqlite;

  const sourceStatus = await migrationStatus(source);
  const targetStatus = await migrationStatus(target);
  const pendingAt = (status: typeof sourceStatus) => status.filter((m) => !m.appliedAt).map((m) => m.id);
  if (pendingAt(sourceStatus).length > 0) {
    throw new InvalidStateError(
      `The source ${source.location} has pending migrations (${pendingAt(sourceStatus).join(', ')}): migrate it first (DATABASE_FILE=${source.location} npm run db -- migrate), after a backup`,
    );
  }
  if (pendingAt(targetStatus).length > 0) throw new InvalidStateError(`The target ${target.location} has pending migrations (${pendingAt(targetStatus).join(', ')})`);

  const known = schemaTables();
  const sourceTables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((t) => !isBookkeeping(t));
  const { rows: targetTableRows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(target.db);
  const targetTables = targetTableRows.map((r) => r.name).filter((t) => !isBookkeeping(t));
  const mismatch = [difference(`The source ${source.location}`, sourceTables, known), difference(`The target ${target.location}`, targetTables, known)].filter(Boolean);
  if (mismatch.length > 0) throw new InvalidStateError(`${mismatch.join('; ')}`);

  const { rows: references } = await sql<{ child: string; parent: string }>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`.execute(target.db);
  const order = foreignKeyOrder(known, references);

  const { rows: targetColumns } = await sql<{ table: string; column: string; identity: boolean }>`
    SELECT table_name AS table, column_name AS column, is_identity = 'YES' AS identity
    FROM information_schema.columns WHERE table_schema = current_schema()`.execute(target.db);
  const sourceColumns = new Map(order.map((t) => [t, (raw.pragma(`table_info(${JSON.stringify(t)})`) as { name: string; pk: number; type: string }[])]));
  for (const [table, columns] of sourceColumns) {
    const missing = columns.filter((c) => !targetColumns.some((tc) => tc.table === table && tc.column === c.name)).map((c) => c.name);
    if (missing.length > 0) throw new InvalidStateError(`The target's ${table} has no column ${missing.join(', ')}`);
  }
  const hasSqliteSequence = raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;

  // One read transaction on the source: a snapshot, even with a server still writing to the file.
  raw.exec('BEGIN');
  try {
    const count = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const sourceCounts = new Map(order.map((t) => [t, count(t)]));
    const highWater = new Map<string, number>(
      hasSqliteSequence ? (raw.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]) : [],
    );
    try {
      const tables = await target.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE ${sql.join(order.map((t) => sql.table(t)))} IN EXCLUSIVE MODE`.execute(trx);
        const targetCount = async (table: string) =>
          (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx)).rows[0]!.n;
        const withRows: string[] = [];
        for (const t of order) if ((await targetCount(t)) > 0) withRows.push(t);
        if (withRows.length > 0) throw new InvalidStateError(`The target ${target.location} already has rows (in ${withRows.join(', ')}); copy only into an empty database`);

        for (const table of order) {
          const columns = sourceColumns.get(table)!.map((c) => c.name);
          await copyTable(raw, trx, table, columns, Math.max(1, Math.min(options.batchSize ?? 500, Math.floor(60_000 / columns.length))));
          options.onTable?.(table, sourceCounts.get(table)!);
        }
        for (const { table, column } of targetColumns.filter((c) => c.identity && order.includes(c.table))) {
          const autoincrement = sourceColumns.get(table)!.some((c) => c.name === column && c.pk === 1) ? (highWater.get(table) ?? 0) : 0;
          await resetIdentity(trx, table, column, autoincrement);
        }
        const counted: TableCount[] = [];
        for (const t of order) counted.push({ table: t, source: sourceCounts.get(t)!, target: await targetCount(t) });
        if (counted.some((c) => c.source !== c.target)) throw new CountMismatch(counted);
        return counted;
      });
      return { ok: true, tables };
    } catch (err) {
      if (err instanceof CountMismatch) return { ok: false, tables: err.tables };
      throw err;
    }
  } finally {
    raw.exec('COMMIT');
  }
}

/** Inserts a table's rows in SQLite rowid order (insertion order), `batch` rows per statement. */
async function copyTable(raw: NonNullable<Database['sqlite']>, trx: Db, table: string, columns: string[], batch: number): Promise<void> {
  const select = raw.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`);
  const insert = (rows: Record<string, unknown>[]) => (trx as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table).values(rows).execute();
  let rows: Record<string, unknown>[] = [];
  let copied = 0;
  const flush = async () => {
    try {
      await insert(rows);
    } catch (err) {
      throw new InvalidStateError(`Copying ${table} failed at rows ${copied + 1}-${copied + rows.length}: ${(err as Error).message}`);
    }
    copied += rows.length;
    rows = [];
  };
  // Nothing else runs on the SQLite handle while this iterates: awaiting the inserts is safe.
  for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
    rows.push(row);
    if (rows.length >= batch) await flush();
  }
  if (rows.length > 0) await flush();
}

/** Moves an identity's sequence past the copied ids and past `floor` (SQLite's AUTOINCREMENT high-water mark). */
async function resetIdentity(trx: Db, table: string, column: string, floor: number): Promise<void> {
  const { rows } = await sql<{ max: number | null }>`SELECT max(${sql.ref(column)}) AS max FROM ${sql.table(table)}`.execute(trx);
  const last = Math.max(rows[0]?.max ?? 0, floor);
  // setval(seq, 1, false): the next id is 1; setval(seq, n, true): the next is n + 1.
  await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), ${Math.max(last, 1)}, ${last > 0})`.execute(trx);
}
