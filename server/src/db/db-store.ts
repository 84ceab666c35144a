import { awardStore } from '../awards/award-store';
import { chatStore } from '../chat/chat-store';
import { moderationStore } from '../chat/moderation-store';
import { exhibitionStore } from '../exhibitions/exhibition-store';
import { pollStore } from '../interaction/poll-store';
import { assetStore } from '../uploads/asset-store';
import { workStore } from '../works/work-store';
import { eventStore, sessionStore, userStore } from './account-event-store';
import { inTransaction, openDatabase, withBusyWaits, type Database, type Db, type OpenOptions } from './database';
import type { Store } from './store';

/**
 * The stores of every concept on one executor (the database, or a transaction on it). Each is
 * made the first time it is read: a transaction builds only the stores its rule touches (a vote
 * builds the award store, not the nine others). Plain own getters, so `{ ...store, x }` (tests'
 * stand-ins) still copies every store.
 */
function storeOn(database: Database, db: Db): Store {
  const { engine } = database;
  let users: Store['users'] | undefined;
  let sessions: Store['sessions'] | undefined;
  let events: Store['events'] | undefined;
  let chat: Store['chat'] | undefined;
  let moderation: Store['moderation'] | undefined;
  let polls: Store['polls'] | undefined;
  let awards: Store['awards'] | undefined;
  let assets: Store['assets'] | undefined;
  let works: Store['works'] | undefined;
  let exhibitions: Store['exhibitions'] | undefined;
  const store: Store = {
    engine,
    get users() {
      return (users ??= userStore(db));
    },
    get sessions() {
      return (sessions ??= sessionStore(db, engine));
    },
    get events() {
      return (events ??= eventStore(db, engine));
    },
    get chat() {
      return (chat ??= chatStore(db));
    },
    get moderation() {
      return (moderation ??= moderationStore(db, engine));
    },
    get polls() {
      return (polls ??= pollStore(db, engine));
    },
    get awards() {
      return (awards ??= awardStore(db, engine));
    },
    get assets() {
      return (assets ??= assetStore(db, engine));
    },
    get works() {
      return (works ??= workStore(db, engine));
    },
    get exhibitions() {
      return (exhibitions ??= exhibitionStore(db, engine));
    },
    transaction: (fn) => inTransaction(db, (tx) => fn(tx === db ? store : storeOn(database, tx))),
    health: () => storeHealth(database),
    close: () => database.close(),
  };
  return store;
}

async function storeHealth(database: Database): Promise<Awaited<ReturnType<Store['health']>>> {
  try {
    if (database.engine === 'sqlite') {
      const raw = database.sqlite!;
      const v = withBusyWaits(raw, () => raw.prepare('SELECT sqlite_version() AS v').get() as { v: string });
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
  return storeOn(database, database.db);
}

/** Opens the database (PostgreSQL when `url` is set, else the SQLite file), migrates it and returns the store. */
export async function openStore(options: OpenOptions): Promise<Store> {
  return createStore(await openDatabase(options));
}
