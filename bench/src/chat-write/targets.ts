import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { benchDatabase, type BenchEngine } from '../engines';

// The databases of the chat write bench, and the check every run ends with.

/** Where one writer's database is: a SQLite file, or a fresh PostgreSQL database (dropped by `drop`). */
export interface Target {
  engine: BenchEngine;
  sqliteFile?: string;
  url?: string;
  drop(): Promise<void>;
}

/** A fresh database for one writer: a file in `dir`, or a new PostgreSQL database. */
export async function target(engine: BenchEngine, label: string, dir: string): Promise<Target> {
  if (engine === 'sqlite') return { engine, sqliteFile: path.join(dir, `${label}.sqlite`), drop: async () => {} };
  const database = await benchDatabase(`chat_write_${label}`);
  return { engine, url: database.url, drop: () => database.drop() };
}

/** Throws unless every channel holds exactly seqs 1..n and the messages add up. */
export async function checkSeqs(t: Target, expected: Map<string, number>, name: string, log: (s: string) => void): Promise<void> {
  const text = 'SELECT channel, count(*) AS n, min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS d FROM chat_messages GROUP BY channel ORDER BY channel';
  type Row = { channel: string; n: number; lo: number; hi: number; d: number };
  let rows: Row[];
  if (t.sqliteFile) {
    const db = new BetterSqlite3(t.sqliteFile, { readonly: true });
    rows = db.prepare<[], Row>(text).all();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    rows = (await client.query<Record<keyof Row, string>>(text)).rows.map((r) => ({ channel: r.channel, n: Number(r.n), lo: Number(r.lo), hi: Number(r.hi), d: Number(r.d) }));
    await client.end();
  }
  const problems: string[] = [];
  for (const [channel, n] of expected) {
    const r = rows.find((x) => x.channel === channel);
    if (!r || r.n !== n || r.lo !== 1 || r.hi !== n || r.d !== n) problems.push(`${channel}: ${r ? `${r.n} messages, seqs ${r.lo}..${r.hi}, ${r.d} distinct` : 'no messages'}, expected 1..${n}`);
  }
  if (rows.length !== expected.size) problems.push(`${rows.length} channels, expected ${expected.size}`);
  if (problems.length > 0) throw new Error(`chat write (${name}) does not check out:\n  ${problems.join('\n  ')}`);
  log(`    ${name}: every channel holds seqs 1..n, gapless, ${[...expected.values()].reduce((a, b) => a + b, 0)} messages`);
}
