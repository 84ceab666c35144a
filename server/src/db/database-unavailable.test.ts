import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { userStore } from './account-event-store';
import { inTransaction } from './database';
import { DatabaseUnavailableError, isConnectionFailure } from './database-unavailable';
import { openTestStore, type TestStore } from './test-engines';
import { testPostgresUrl } from './test-postgres';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('which errors mean the database cannot be reached', () => {
  it('counts refused, reset and timed-out sockets, a server shutting down, connection exceptions and pg-pool timeouts', () => {
    for (const err of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      withCode('server closed the connection', '08003'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')]),
      new DatabaseUnavailableError(),
    ]) {
      expect(isConnectionFailure(err), err.message).toBe(true);
    }
  });

  it('leaves constraint violations, syntax errors and everything else alone', () => {
    for (const err of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "SELEC"', '42601'),
      withCode('canceling statement due to statement timeout', '57014'),
      new Error('Connection terminated unexpectedly!'),
      new AggregateError([new Error('boom')]),
      'ECONNREFUSED',
      null,
    ]) {
      expect(isConnectionFailure(err), String(err)).toBe(false);
    }
  });
});

describe('postgres: a connection cut mid-transaction', () => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('answers DATABASE_UNAVAILABLE, keeps nothing the transaction wrote, and the next call gets a fresh connection', async () => {
    t = await openTestStore('postgres', 'cut-connection');
    const admin = new pg.Client({ connectionString: await testPostgresUrl() });
    await admin.connect();
    let failure: unknown;
    try {
      await inTransaction(t.database.db, async (trx) => {
        await userStore(trx).create({ id: 'u1', username: 'ann', displayName: 'Ann', role: 'viewer', passwordHash: 'x' });
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        // The server ends this transaction's connection between two of its statements.
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await userStore(trx).create({ id: 'u2', username: 'bob', displayName: 'Bob', role: 'viewer', passwordHash: 'x' });
      });
    } catch (err) {
      failure = err;
    } finally {
      await admin.end();
    }
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    expect((failure as DatabaseUnavailableError).code).toBe('DATABASE_UNAVAILABLE');
    expect(await t.store.users.list()).toEqual([]);
    await t.store.users.create({ id: 'u3', username: 'cy', displayName: 'Cy', role: 'viewer', passwordHash: 'x' });
    expect((await t.store.users.list()).map((u) => u.username)).toEqual(['cy']);
  });
});
