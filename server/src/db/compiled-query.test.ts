import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledQuery } from './compiled-query';
import { inTransaction } from './database';
import { ENGINES, openTestStore, type TestStore } from './test-engines';

// A query compiled once per engine runs each call's values, in and out of transactions, and
// returns what Kysely's own build of the same query returns.

const byName = compiledQuery<{ username: string }, { id: string; display_name: string }>(['username'], (db, _engine, p) =>
  db.selectFrom('users').select(['id', 'display_name']).where('username', '=', p.username),
);

/** A constant of the query (the role) stays in it; the values vary. */
const viewersSince = compiledQuery<{ since: string; limit: number }, { id: string }>(['since', 'limit'], (db, _engine, p) =>
  db.selectFrom('users').select('id').where('role', '=', 'viewer').where('created_at', '>=', p.since).orderBy('id').limit(sql<number>`${p.limit}`),
);

const rename = compiledQuery<{ username: string; name: string }, never>(['username', 'name'], (db, _engine, p) =>
  db.updateTable('users').set({ display_name: p.name }).where('username', '=', p.username),
);

describe.each(ENGINES)('compiledQuery on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine, 'compiled-query');
    const users = [
      { id: 'u1', username: 'ada', display_name: 'Ada', role: 'viewer', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' },
      { id: 'u2', username: 'bo', display_name: 'Bo', role: 'viewer', password_hash: 'x', created_at: '2026-02-01T00:00:00.000Z' },
      { id: 'u3', username: 'cy', display_name: 'Cy', role: 'admin', password_hash: 'x', created_at: '2026-03-01T00:00:00.000Z' },
      { id: 'u4', username: 'di', display_name: 'Di', role: 'viewer', password_hash: 'x', created_at: '2026-04-01T00:00:00.000Z' },
    ];
    // The store stamps created_at with the clock, so accounts made in one millisecond would tie;
    // each gets its own month here so that "since" separates them.
    for (const u of users) {
      await t.store.users.create({ id: u.id, username: u.username, displayName: u.display_name, role: u.role as 'viewer', passwordHash: u.password_hash });
      await t.database.db.updateTable('users').set({ created_at: u.created_at }).where('id', '=', u.id).execute();
    }
  });
  afterAll(async () => t?.dispose());

  it('runs each call with its own values and answers as the query built anew does', async () => {
    const { db } = t.database;
    for (const username of ['ada', 'cy', 'nobody', "o'hara"]) {
      const direct = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).execute();
      expect(await byName(db, engine, { username })).toEqual(direct);
    }
    expect(await byName(db, engine, { username: 'bo' })).toEqual([{ id: 'u2', display_name: 'Bo' }]);
  });

  it('keeps the constants the builder wrote and puts values wherever their placeholders went', async () => {
    const { db } = t.database;
    const since = (await db.selectFrom('users').select('created_at').where('id', '=', 'u2').executeTakeFirstOrThrow()).created_at;
    expect(await viewersSince(db, engine, { since, limit: 10 })).toEqual([{ id: 'u2' }, { id: 'u4' }]);
    expect(await viewersSince(db, engine, { since, limit: 1 })).toEqual([{ id: 'u2' }]);
    expect(await viewersSince(db, engine, { since: '2000-01-01', limit: 10 })).toEqual([{ id: 'u1' }, { id: 'u2' }, { id: 'u4' }]);
  });

  it("runs on a transaction's connection and sees its uncommitted writes", async () => {
    const { db } = t.database;
    await expect(
      inTransaction(db, async (tx) => {
        await tx.updateTable('users').set({ display_name: 'Ada L.' }).where('id', '=', 'u1').execute();
        expect(await byName(tx, engine, { username: 'ada' })).toEqual([{ id: 'u1', display_name: 'Ada L.' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byName(db, engine, { username: 'ada' })).toEqual([{ id: 'u1', display_name: 'Ada' }]);
  });

  it("outside a transaction never reads another request's uncommitted writes", async () => {
    const { db } = t.database;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const other = inTransaction(db, async (tx) => {
      await tx.updateTable('users').set({ display_name: 'Ada (uncommitted)' }).where('id', '=', 'u1').execute();
      written();
      await held;
      throw new Error('roll back');
    });
    await wrote;
    // SQLite: one connection, so the read waits for the transaction to end; PostgreSQL: it reads what committed.
    const read = byName(db, engine, { username: 'ada' });
    setTimeout(release, 50);
    await expect(other).rejects.toThrow('roll back');
    expect(await read).toEqual([{ id: 'u1', display_name: 'Ada' }]);
  });

  it('a write outside a transaction waits while another connection holds the write lock, then lands', async () => {
    const { db } = t.database;
    if (engine === 'sqlite') {
      // Another process's connection on the same file, holding SQLite's write lock for a while.
      const file = t.database.location;
      const otherHandle = new BetterSqlite3(file);
      try {
        otherHandle.exec('BEGIN IMMEDIATE');
        const renamed = rename(db, engine, { username: 'bo', name: 'Bo W.' });
        setTimeout(() => otherHandle.exec('COMMIT'), 100);
        await renamed;
      } finally {
        otherHandle.close();
      }
    } else await rename(db, engine, { username: 'bo', name: 'Bo W.' });
    expect(await byName(db, engine, { username: 'bo' })).toEqual([{ id: 'u2', display_name: 'Bo W.' }]);
    await rename(db, engine, { username: 'bo', name: 'Bo' });
  });

  it('refuses a builder that does not use a named value as a parameter', async () => {
    const unused = compiledQuery<{ username: string; role: string }, { id: string }>(['username', 'role'], (db, _engine, p) =>
      db.selectFrom('users').select('id').where('username', '=', p.username),
    );
    await expect(unused(t.database.db, engine, { username: 'ada', role: 'viewer' })).rejects.toThrow(/role did not come out as parameters/);
  });
});
