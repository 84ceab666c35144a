import { awardStore } from '../awards/award-store';
import { chatStore } from '../chat/chat-store';
import { moderationStore } from '../chat/moderation-store';
import { exhibitionStore } from '../exhibitions/exhibition-store';
import { pollStore } from '../interaction/poll-store';
import { assetStore } from '../uploads/asset-store';
import { workStore } from '../works/work-store';
import { eventStore, sessionStore, userStore } from './account-event-store';
import { inTransaction, openDatabase, type Database, type Db, type OpenOptions } from './database';
import type { Store } from './store';

/** The stores of every concept on one executor (the database, or a transaction on it). */
function stores(database: Database, db: Db): Omit<Store, 'health' | 'close' | 'engine'> {
  return {
    users: userStore(db),
    sessions: sessionStore(db),
    events: eventStore(db, database.engine),
    chat: chatStore(db),
    moderation: moderationStore(db, database.engine),
    polls: pollStore(db, database.engine),
    awards: awardStore(db, database.engine),
    assets: assetStore(db, database.engine),
    works: workStore(db, database.engine),
    exhibitions: exhibitionStore(db, database.engine),
    transaction: (fn) => inTransaction(db, (tx) => fn({ ...stores(database, tx), engine: database.engine, health, close })),
  };
  async function health() {
    return storeHealth(database);
  }
  async function close() {
    await database.close();
  }
}

async function storeHealth(database: Database): Promise<Awaited<ReturnType<Store['health']>>> {
  try {
    if (database.engine === 'sqlite') {
      const v = database.sqlite!.prepare('SELECT sqlite_version() AS v').get() as { v: string };
      return { ok: true, driver: 'sqlite', detail: `SQLite ${v.v} at ${database.location}` };
    }
    const r = await database.db.selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('server_version')]).as('v')).executeTakeFirstOrThrow();
    return { ok: true, driver: 'postgres', detail: `PostgreSQL ${r.v} at ${database.location}` };
  } catch (err) {
    // What pg said (the refused address, the shutdown) rather than DATABASE_UNAVAILABLE's message for clients.
    const cause = (err as Error).cause;
    return { ok: false, driver: database.engine, detail: cause instanceof Error ? cause.message : (err as Error).message };
  }
}

/** The data layer on an open database. */
export function createStore(database: Database): Store {
  return {
    ...stores(database, database.db),
    engine: database.engine,
    health: () => storeHealth(database),
    close: () => database.close(),
  };
}

/** Opens the database (PostgreSQL when `url` is set, else the SQLite file), migrates it and returns the store. */
export async function openStore(options: OpenOptions): Promise<Store> {
  return createStore(await openDatabase(options));
}
