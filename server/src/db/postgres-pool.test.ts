import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './test-engines';

// The PostgreSQL pool's sessions carry the limits that keep one stuck statement or one node that
// hangs inside a transaction from holding the others up.

describe('PostgreSQL sessions of the pool', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('postgres', 'postgres-pool');
  });
  afterAll(async () => t?.dispose());

  const setting = async (name: string) => (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(t.database.db)).rows[0]!.v;

  it('have a statement timeout, an idle-in-transaction timeout and the application name', async () => {
    expect(await setting('statement_timeout')).toBe('1min');
    expect(await setting('idle_in_transaction_session_timeout')).toBe('1min');
    expect(await setting('application_name')).toBe('yunzhan');
  });

  it('cancel a statement that runs past the timeout, and the pool goes on serving', async () => {
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await sql`SET LOCAL statement_timeout = 50`.execute(tx);
        await sql`SELECT pg_sleep(5)`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '57014' });
    expect(await setting('statement_timeout')).toBe('1min');
  });
});
