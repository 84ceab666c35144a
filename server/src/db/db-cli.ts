import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@yunzhan/shared';
import { ConfigError, loadConfig } from '../config';
import { copyDatabase } from './db-copy';
import { DatabaseConfigError, describePostgresUrl, migrateDatabase, migrationStatus, openDatabase, type Database, type OpenOptions } from './database';
import { MIGRATIONS } from './migrations';

// `npm run db -- <command>`: the operator's tools for the database the server would open
// (DATABASE_URL, else DATABASE_FILE or DATA_DIR/yunzhan.sqlite, as loadConfig resolves them).

const USAGE = `Usage: npm run db -- <command>
  migrate                               apply pending migrations to the server's database
  status                                every migration, with when it was applied or "pending"
  copy --from <sqlite file> --to <url>  copy a SQLite database into an empty PostgreSQL one
The server's database is DATABASE_URL when set, else DATABASE_FILE, else DATA_DIR/yunzhan.sqlite.`;

/** Bad command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`);
const where = (d: Database) => `${d.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'} at ${d.location}`;
const name = (id: number) => MIGRATIONS.find((m) => m.id === id)?.name ?? '';

/** What the server would open, from the environment. */
function serverDatabase(): OpenOptions {
  const config = loadConfig(process.env);
  return config.databaseUrl ? { url: config.databaseUrl } : { sqliteFile: config.databaseFile };
}

async function migrate(): Promise<number> {
  const database = await openDatabase({ ...serverDatabase(), migrate: false });
  try {
    const applied = await migrateDatabase(database);
    out(`Database: ${where(database)}`);
    if (applied.length === 0) out(`Nothing to apply: all ${MIGRATIONS.length} migrations are applied.`);
    for (const id of applied) out(`Applied ${id}: ${name(id)}`);
    return 0;
  } finally {
    await database.close();
  }
}

async function status(): Promise<number> {
  const target = serverDatabase();
  // Asking must not create the file: a missing one has every migration pending.
  if (target.sqliteFile && !fs.existsSync(target.sqliteFile)) {
    out(`Database: SQLite at ${target.sqliteFile} (no file yet; \`migrate\` or the server's start creates it)`);
    for (const m of MIGRATIONS) out(`${String(m.id).padStart(4)}  pending                   ${m.name}`);
    return 0;
  }
  const database = await openDatabase({ ...target, migrate: false });
  try {
    out(`Database: ${where(database)}`);
    for (const m of await migrationStatus(database)) out(`${String(m.id).padStart(4)}  ${(m.appliedAt ?? 'pending').padEnd(24)}  ${m.name}`);
    return 0;
  } finally {
    await database.close();
  }
}

async function copy(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.from || !values.to) throw new UsageError('copy needs --from <sqlite file> and --to <postgres url>');
  const file = path.resolve(values.from);
  if (!fs.existsSync(file)) throw new UsageError(`--from: no SQLite file at ${file}`);
  let location: string;
  try {
    location = describePostgresUrl(values.to);
  } catch {
    throw new UsageError('--to must be a postgres:// or postgresql:// URL');
  }

  const source = await openDatabase({ sqliteFile: file, migrate: false });
  try {
    let target: Database;
    try {
      target = await openDatabase({ url: values.to });
    } catch (err) {
      // openDatabase names DATABASE_URL; here the URL came from --to.
      if (err instanceof DatabaseConfigError) throw new DatabaseConfigError(err.message.replace(/^DATABASE_URL/, '--to'));
      throw err;
    }
    try {
      out(`Copying ${where(source)} into PostgreSQL at ${location}`);
      out('Writes made to the source after the copy starts are not copied: stop the server first.');
      const report = await copyDatabase(source, target, { onTable: (table, rows) => out(`  ${table}: ${rows} rows`) });
      const width = Math.max(...report.tables.map((t) => t.table.length), 5);
      out();
      out(`${'table'.padEnd(width)}  ${'sqlite'.padStart(8)}  ${'postgres'.padStart(8)}`);
      for (const t of report.tables) out(`${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}${t.source === t.target ? '' : '  MISMATCH'}`);
      out();
      if (!report.ok) {
        process.stderr.write('db: row counts differ; the copy was rolled back and the target left empty\n');
        return 1;
      }
      out(`Copied ${report.tables.reduce((n, t) => n + t.source, 0)} rows in ${report.tables.length} tables; every count matches.`);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Runs one command line; resolves to the exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'migrate':
        return await migrate();
      case 'status':
        return await status();
      case 'copy':
        return await copy(rest);
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`db: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof AppError || err instanceof ConfigError) {
      const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
      process.stderr.write(`db: ${err.message}${cause}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
