import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkMetadata } from '@yunzhan/shared';
import { MIGRATIONS } from './migrations';
import { createStore, openStore } from './db-store';
import { migrateDatabase, openDatabase } from './database';
import { migrate } from './legacy-migrate';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 3: roles curator and judge', () => {
  it('rebuilds users without losing the sessions, hosts, chat and uploads that reference them', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.filter((m) => m.id <= 2));
    const now = new Date().toISOString();
    db.prepare("INSERT INTO users VALUES ('u1', 'Ann', 'ann', 'Ann', 'host', 'x', ?)").run(now);
    db.prepare("INSERT INTO sessions VALUES ('tok', 'u1', ?, '2999-01-01T00:00:00.000Z')").run(now);
    db.prepare("INSERT INTO events (id, title, description, status, starts_at, created_at) VALUES ('e1', 'T', '', 'scheduled', ?, ?)").run(now, now);
    db.prepare("INSERT INTO event_hosts VALUES ('e1', 'u1')").run();
    db.prepare("INSERT INTO chat_messages VALUES ('m1', 1, 'e1', 'u1', 'Ann', 'hi', ?)").run(now);
    db.prepare("INSERT INTO assets (id, owner_id, filename, content_type, size_bytes, status, created_at, updated_at) VALUES ('a1', 'u1', 'f', 'video/mp4', 1, 'ready', ?, ?)").run(now, now);
    expect(() => db.prepare("INSERT INTO users VALUES ('u2', 'Cu', 'cu', 'Cu', 'curator', 'x', ?)").run(now)).toThrow(/CHECK/);

    expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.id > 2).map((m) => m.id));

    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({ sessions: count('sessions'), hosts: count('event_hosts'), chat: count('chat_messages'), assets: count('assets') }).toEqual({ sessions: 1, hosts: 1, chat: 1, assets: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare("INSERT INTO users VALUES ('u2', 'Cu', 'cu', 'Cu', 'curator', 'x', ?)").run(now);
    db.prepare("INSERT INTO users VALUES ('u3', 'Ju', 'ju', 'Ju', 'judge', 'x', ?)").run(now);
    expect(() => db.prepare("INSERT INTO users VALUES ('u4', 'Zed', 'zed', 'Z', 'emperor', 'x', ?)").run(now)).toThrow(/CHECK/);
    // The rebuilt table still cascades: foreign keys are enforced again and point at it.
    db.prepare("DELETE FROM users WHERE id = 'u1'").run();
    expect(count('sessions')).toBe(0);
  });

  it('keeps a signed-in session valid when an existing database file is upgraded', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-migrate-'));
    const file = path.join(dir, 'db.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.id <= 2));
    old.prepare("INSERT INTO users VALUES ('u1', 'Ann', 'ann', 'Ann', 'admin', 'x', '2026-01-01T00:00:00.000Z')").run();
    old.prepare("INSERT INTO sessions VALUES ('hash', 'u1', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')").run();
    old.close();

    const store = await openStore({ sqliteFile: file });
    expect((await store.sessions.user('hash', new Date().toISOString()))?.id).toBe('u1');
    await store.users.create({ id: 'c1', username: 'cura', displayName: 'Cura', role: 'curator', passwordHash: 'x' });
    expect((await store.users.byId('c1'))?.role).toBe('curator');
    await store.close();
  });

  it('rolls a rebuild back and turns foreign keys on again when it would break a reference', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (pid TEXT REFERENCES parent(id) ON DELETE CASCADE)');
    db.exec("INSERT INTO parent VALUES ('p'); INSERT INTO child VALUES ('p')");
    const breaking = { id: 1, name: 'lose a row', rebuildsTables: true, sql: "CREATE TABLE parent_new (id TEXT PRIMARY KEY); DROP TABLE parent; ALTER TABLE parent_new RENAME TO parent;" };
    expect(() => migrate(db, [breaking])).toThrow(/foreign key/);
    expect(db.prepare('SELECT count(*) AS n FROM parent').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('migration 9: public texts change through review', () => {
  it('upgrades a database with a published exhibition in place: the public texts stay, nothing is pending, later edits wait for approval', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-migrate-9-'));
    const file = path.join(dir, 'db.sqlite');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.filter((m) => m.id <= 8));
    const now = '2026-01-01T00:00:00.000Z';
    const metadata = WorkMetadata.parse({ title: { 'zh-CN': '旧作品', en: 'Old work' }, creator: 'C', date: '2026', rights: { holder: 'C', licence: 'cc0' } });
    const title = { 'zh-CN': '旧展', en: 'Old show' };
    const layout = { templateId: 'white-cube', lighting: 'warm', placements: [], tour: [{ placementId: 'p1', narration: { 'zh-CN': '导览', en: 'Tour' } }] };
    db.prepare("INSERT INTO users VALUES ('c', 'Cu', 'cu', 'Cu', 'curator', 'x', ?)").run(now);
    db.prepare("INSERT INTO assets (id, owner_id, filename, content_type, size_bytes, status, kind, created_at, updated_at) VALUES ('a', 'c', 'a.png', 'image/png', 1, 'ready', 'image', ?, ?)").run(now, now);
    db.prepare("INSERT INTO works (id, catalogue_number, kind, metadata, status, asset_id, media, owner_id, created_at, updated_at) VALUES ('wk_old_work', 'YZ-2026-000001', 'image', ?, 'ready', 'a', '{}', 'c', ?, ?)").run(JSON.stringify(metadata), now, now);
    db.prepare("INSERT INTO exhibitions (id, title, summary, owner_id, status, draft, revision, published, created_at, updated_at, published_at) VALUES ('old-show', ?, ?, 'c', 'approved', ?, 1, ?, ?, ?, ?)").run(
      JSON.stringify(title), JSON.stringify(title), JSON.stringify(layout), JSON.stringify(layout), now, now, now,
    );
    db.prepare("INSERT INTO published_works VALUES ('old-show', 'wk_old_work')").run();
    db.close();

    // The query layer adopts the old runner's log and applies the rest.
    const database = await openDatabase({ sqliteFile: file, migrate: false });
    expect(await migrateDatabase(database)).toEqual(MIGRATIONS.filter((m) => m.id > 8).map((m) => m.id));
    const { exhibitions, works } = createStore(database);
    expect(await exhibitions.get('old-show')).toMatchObject({ title, summary: title, pendingTitle: null, pendingSummary: null, published: { tour: layout.tour } });
    expect(await works.get('wk_old_work')).toMatchObject({ metadata, pendingChange: null, metadataReview: null });

    const edited = { 'zh-CN': '新展', en: 'New show' };
    await exhibitions.saveDraft('old-show', 1, ['approved'], { draft: (await exhibitions.get('old-show'))!.draft, title: edited, status: 'approved' });
    expect(await exhibitions.get('old-show')).toMatchObject({ title, pendingTitle: edited });
    const held = await works.saveMetadata('wk_old_work', { ...metadata, title: { 'zh-CN': '新作品', en: 'New work' } });
    expect(held.saved).toBe('held');
    expect(held.work).toMatchObject({ metadata, pendingChange: { status: 'pending', metadata: { title: { en: 'New work' } } } });
    expect(database.sqlite!.pragma('foreign_key_check')).toEqual([]);
    await database.close();
  });
});
