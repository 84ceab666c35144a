import { ensurePostgres, type TestPostgres } from '../server/src/db/test-postgres';

// Once per `npm test`: the PostgreSQL every contract and PostgreSQL test uses (the service when it
// answers, else a throwaway cluster), passed to the test files as TEST_POSTGRES_URL.
let postgres: TestPostgres | undefined;

export async function setup(): Promise<void> {
  if (process.env.TEST_POSTGRES_URL) return;
  postgres = await ensurePostgres();
  process.env.TEST_POSTGRES_URL = postgres.adminUrl;
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
}
