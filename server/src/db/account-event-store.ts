import { sql, type Updateable } from 'kysely';
import { NotFoundError } from '@yunzhan/shared';
import { compiledQuery } from './compiled-query';
import { inTransaction, type Db, type Engine } from './database';
import type { EventsTable, UsersTable } from './schema';
import type { EventPatch, EventRecord, Store, UserRecord } from './store';

// Accounts, sessions and events on the query layer: one implementation for SQLite and PostgreSQL.

type UserRow = Omit<UsersTable, 'username_key'>;

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as UserRecord['role'],
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

const USER_COLUMNS = ['id', 'username', 'display_name', 'role', 'password_hash', 'created_at'] as const;

/** Accounts: the name is unique without regard to case (`username_key`). */
export function userStore(db: Db): Store['users'] {
  const byId = async (id: string) => {
    const r = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : null;
  };
  return {
    async create(user) {
      const createdAt = new Date().toISOString();
      await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          username_key: user.username.toLowerCase(),
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash,
          created_at: createdAt,
        })
        .execute();
      return { ...user, createdAt };
    },
    byId,
    async byUsername(username) {
      const r = await db.selectFrom('users').select(USER_COLUMNS).where('username_key', '=', username.toLowerCase()).executeTakeFirst();
      return r ? toUser(r) : null;
    },
    async list(filter = {}) {
      let q = db.selectFrom('users').select(USER_COLUMNS).orderBy('username_key');
      if (filter.role) q = q.where('role', '=', filter.role);
      return (await q.execute()).map(toUser);
    },
    async staff() {
      const rows = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where((eb) =>
          eb.or([
            eb('role', 'in', ['admin', 'host', 'curator', 'judge']),
            eb('id', 'in', eb.selectFrom('event_hosts').select('user_id')),
            eb('id', 'in', eb.selectFrom('chat_moderators').select('user_id')),
          ]),
        )
        .orderBy('username_key')
        .execute();
      return rows.map(toUser);
    },
    async setRole(id, role) {
      const r = await db.updateTable('users').set({ role }).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirst();
      if (!r) throw new NotFoundError('User');
      return toUser(r);
    },
    async setPasswordHash(id, passwordHash) {
      const r = await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('User');
    },
  };
}

/** Sessions, stored under the hash of their token. */
/** The account of an unexpired session: on every request that carries a session cookie. */
export const sessionUser = compiledQuery<{ tokenHash: string; now: string }, UserRow>(
  ['tokenHash', 'now'],
  (db, _engine, p) =>
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.password_hash', 'u.created_at'])
      .where('s.token_hash', '=', p.tokenHash)
      .where('s.expires_at', '>', p.now),
);

export function sessionStore(db: Db, engine: Engine): Store['sessions'] {
  return {
    async create(tokenHash, userId, expiresAt) {
      await db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: new Date().toISOString(), expires_at: expiresAt }).execute();
    },
    async user(tokenHash, now) {
      const [r] = await sessionUser(db, engine, { tokenHash, now });
      return r ? toUser(r) : null;
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteForUser(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

type EventRow = EventsTable & { host_ids: string | null };

const toEvent = (r: EventRow): EventRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  status: r.status as EventRecord['status'],
  startsAt: r.starts_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  streamId: r.stream_id,
  hostIds: r.host_ids ? r.host_ids.split(',').sort() : [],
  createdAt: r.created_at,
});

const EVENT_COLUMNS: Record<keyof EventPatch, 'title' | 'description' | 'status' | 'started_at' | 'ended_at' | 'stream_id'> = {
  title: 'title',
  description: 'description',
  status: 'status',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  streamId: 'stream_id',
};

/** Live events and their hosts. */
export function eventStore(db: Db, engine: 'sqlite' | 'postgres'): Store['events'] {
  // Host ids as one comma-joined column: group_concat on SQLite, string_agg on PostgreSQL.
  const hostIds =
    engine === 'postgres'
      ? sql<string | null>`(SELECT string_agg(h.user_id, ',') FROM event_hosts h WHERE h.event_id = e.id)`
      : sql<string | null>`(SELECT group_concat(h.user_id) FROM event_hosts h WHERE h.event_id = e.id)`;
  const select = () => db.selectFrom('events as e').selectAll('e').select(hostIds.as('host_ids'));
  const get = async (id: string) => {
    const r = await select().where('e.id', '=', id).executeTakeFirst();
    return r ? toEvent(r) : null;
  };
  return {
    async create(event) {
      const createdAt = new Date().toISOString();
      await inTransaction(db, async (tx) => {
        await tx
          .insertInto('events')
          .values({
            id: event.id,
            title: event.title,
            description: event.description,
            status: event.status,
            starts_at: event.startsAt,
            started_at: event.startedAt,
            ended_at: event.endedAt,
            stream_id: event.streamId,
            created_at: createdAt,
          })
          .execute();
        if (event.hostIds.length > 0) {
          await tx
            .insertInto('event_hosts')
            .values(event.hostIds.map((userId) => ({ event_id: event.id, user_id: userId })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
      return (await get(event.id))!;
    },
    get,
    async list(filter = {}) {
      let query = select();
      if (filter.status) query = query.where('e.status', '=', filter.status);
      return (await query.orderBy('e.starts_at', 'desc').orderBy('e.id').execute()).map(toEvent);
    },
    async update(id, patch) {
      const set: Record<string, string | null> = {};
      for (const k of Object.keys(patch) as (keyof EventPatch)[]) if (patch[k] !== undefined) set[EVENT_COLUMNS[k]] = patch[k];
      if (Object.keys(set).length > 0) {
        const r = await db.updateTable('events').set(set as Updateable<EventsTable>).where('id', '=', id).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('Event');
      }
      const updated = await get(id);
      if (!updated) throw new NotFoundError('Event');
      return updated;
    },
  };
}
