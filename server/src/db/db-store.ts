import { awardStore } from '../awards/award-store';
import { chatStore } from '../chat/chat-store';
import { moderationStore } from '../chat/moderation-store';
import { exhibitionStore } from '../exhibitions/exhibition-store';
import { pollStore } from '../interaction/poll-store';
import { assetOriginStore } from '../uploads/asset-origin-store';
import { captionStore } from '../captions/caption-store';
import { captionerStore } from '../captions/captioner-store';
import { ingestStore } from '../ingest/ingest-store';
import { assetStore } from '../uploads/asset-store';
import { streamOriginStore } from '../live/stream-origin-store';
import { workStore } from '../works/work-store';
import { subtitleStore } from '../works/subtitle-store';
import { eventStore, sessionStore, userStore } from './account-event-store';
import { inTransaction, openDatabase, type Database, type Db, type OpenOptions } from './database';
import { withBusyWaits } from './sqlite-dialect';
import type { Store } from './store';

/**
 * The stores of every concept on one executor (the database, or a transaction on it). Each is
 * made the first time it is read: a transaction builds only the stores its rule touches (a vote
 * builds the award store, not the nine others). A class, so that a transaction's store is one
 * small object (a vote makes one per request) rather than a literal with a closure per store.
 * A stand-in that changes a part (tests) derives from it: `Object.create(store, { ... })`.
 */
class StoreOn implements Store {
  private _users?: Store['users'];
  private _sessions?: Store['sessions'];
  private _events?: Store['events'];
  private _streamOrigins?: Store['streamOrigins'];
  private _chat?: Store['chat'];
  private _moderation?: Store['moderation'];
  private _polls?: Store['polls'];
  private _awards?: Store['awards'];
  private _assets?: Store['assets'];
  private _assetOrigins?: Store['assetOrigins'];
  private _captions?: Store['captions'];
  private _captioners?: Store['captioners'];
  private _ingest?: Store['ingest'];
  private _works?: Store['works'];
  private _subtitles?: Store['subtitles'];
  private _exhibitions?: Store['exhibitions'];

  constructor(
    private readonly database: Database,
    private readonly db: Db,
  ) {}

  get engine(): Store['engine'] {
    return this.database.engine;
  }
  get users(): Store['users'] {
    return (this._users ??= userStore(this.db));
  }
  get sessions(): Store['sessions'] {
    return (this._sessions ??= sessionStore(this.db, this.engine));
  }
  get events(): Store['events'] {
    return (this._events ??= eventStore(this.db, this.engine));
  }
  get streamOrigins(): Store['streamOrigins'] {
    return (this._streamOrigins ??= streamOriginStore(this.db));
  }
  get chat(): Store['chat'] {
    return (this._chat ??= chatStore(this.db));
  }
  get moderation(): Store['moderation'] {
    return (this._moderation ??= moderationStore(this.db, this.engine));
  }
  get polls(): Store['polls'] {
    return (this._polls ??= pollStore(this.db, this.engine));
  }
  get awards(): Store['awards'] {
    return (this._awards ??= awardStore(this.db, this.engine));
  }
  get assets(): Store['assets'] {
    return (this._assets ??= assetStore(this.db, this.engine));
  }
  get assetOrigins(): Store['assetOrigins'] {
    return (this._assetOrigins ??= assetOriginStore(this.db));
  }
  get captions(): Store['captions'] {
    return (this._captions ??= captionStore(this.db));
  }
  get captioners(): Store['captioners'] {
    return (this._captioners ??= captionerStore(this.db, this.engine));
  }
  get ingest(): Store['ingest'] {
    return (this._ingest ??= ingestStore(this.db));
  }
  get works(): Store['works'] {
    return (this._works ??= workStore(this.db, this.engine));
  }
  get subtitles(): Store['subtitles'] {
    return (this._subtitles ??= subtitleStore(this.db));
  }
  get exhibitions(): Store['exhibitions'] {
    return (this._exhibitions ??= exhibitionStore(this.db, this.engine));
  }
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return inTransaction(this.db, (tx) => fn(tx === this.db ? this : new StoreOn(this.database, tx)));
  }
  health(): ReturnType<Store['health']> {
    return storeHealth(this.database);
  }
  close(): Promise<void> {
    return this.database.close();
  }
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
  return new StoreOn(database, database.db);
}

/** Opens the database (PostgreSQL when `url` is set, else the SQLite file), migrates it and returns the store. */
export async function openStore(options: OpenOptions): Promise<Store> {
  return createStore(await openDatabase(options));
}
