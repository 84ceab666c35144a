import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PollState, PublicUser } from '@yunzhan/shared';
import { migrate } from '../db/legacy-migrate';
import { sqlitePollStore, type PollStore } from './poll-store';
import { MAX_OPEN_POLLS, PollService } from './polls';

const host: PublicUser = { id: 'u-host', username: 'host', displayName: 'Host', role: 'host' };
const viewers: PublicUser[] = Array.from({ length: 4 }, (_, i) => ({ id: `u-${i}`, username: `viewer${i}`, displayName: `V${i}`, role: 'viewer' }));

/** A migrated database file with the users above (two handles on it act like two nodes). */
function openDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const insert = db.prepare("INSERT OR IGNORE INTO users (id, username, username_key, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, 'x', '2026-01-01')");
  for (const u of [host, ...viewers]) insert.run(u.id, u.username, u.username, u.displayName, u.role);
  return db;
}

describe('PollService on SQLite', () => {
  let dir: string;
  let dbs: Database.Database[];
  let store: PollStore;
  let published: PollState[];
  let polls: PollService;
  const everywhere = () => true;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-polls-'));
    dbs = [openDb(path.join(dir, 'db.sqlite'))];
    store = sqlitePollStore(dbs[0]!);
    published = [];
    polls = new PollService({ store, mayModerate: async (u) => u.role !== 'viewer', publish: (s) => published.push(s) });
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = () => polls.create(host, { channel: 'event:gala', question: 'Encore?', options: ['yes', 'no', 'later'], multiple: false });

  it('lets hosts open polls and refuses viewers and anonymous users', async () => {
    const poll = await open();
    expect(poll).toMatchObject({ channel: 'event:gala', open: true, totalVoters: 0, options: [{ text: 'yes', votes: 0 }, { text: 'no', votes: 0 }, { text: 'later', votes: 0 }] });
    expect(poll).not.toHaveProperty('createdBy');
    await expect(polls.create(viewers[0]!, { channel: 'event:gala', question: 'x', options: ['a', 'b'], multiple: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(polls.create(null, { channel: 'event:gala', question: 'x', options: ['a', 'b'], multiple: false })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(published.map((p) => p.id)).toEqual([poll.id]);
  });

  it('counts each account once however many ballots arrive at the same time, from two database handles', async () => {
    const poll = await open();
    dbs.push(openDb(path.join(dir, 'db.sqlite')));
    const other = new PollService({ store: sqlitePollStore(dbs[1]!), mayModerate: async () => true, publish: () => {} });
    const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 ? polls : other).vote(viewers[0]!, { pollId: poll.id, choices: [i % 3] }, everywhere));
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    const after = await store.get(poll.id);
    expect(after!.totalVoters).toBe(1);
    expect(after!.options.reduce((sum, o) => sum + o.votes, 0)).toBe(1);
    expect(dbs[0]!.prepare('SELECT count(*) AS n FROM poll_ballots').get()).toEqual({ n: 1 });
  });

  it('tallies every option and enforces single and multiple choice', async () => {
    const single = await open();
    await polls.vote(viewers[0]!, { pollId: single.id, choices: [0] }, everywhere);
    await polls.vote(viewers[1]!, { pollId: single.id, choices: [0] }, everywhere);
    const state = await polls.vote(viewers[2]!, { pollId: single.id, choices: [2] }, everywhere);
    expect(state.options.map((o) => o.votes)).toEqual([2, 0, 1]);
    expect(state.totalVoters).toBe(3);
    await expect(polls.vote(viewers[3]!, { pollId: single.id, choices: [0, 1] }, everywhere)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(polls.vote(viewers[3]!, { pollId: single.id, choices: [5] }, everywhere)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const multi = await polls.create(host, { channel: 'event:gala', question: 'Which?', options: ['a', 'b', 'c'], multiple: true });
    const m = await polls.vote(viewers[3]!, { pollId: multi.id, choices: [0, 2, 2] }, everywhere);
    expect(m.options.map((o) => o.votes)).toEqual([1, 0, 1]);
    expect(m.totalVoters).toBe(1);
  });

  it('refuses anonymous voters, voters outside the room and ballots after close', async () => {
    const poll = await open();
    await expect(polls.vote(null, { pollId: poll.id, choices: [0] }, everywhere)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(polls.vote(viewers[0]!, { pollId: poll.id, choices: [0] }, () => false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(polls.close(viewers[0]!, { pollId: poll.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const closed = await polls.close(host, { pollId: poll.id });
    expect(closed).toMatchObject({ open: false });
    expect(closed.closedAt).not.toBeNull();
    await expect(polls.vote(viewers[0]!, { pollId: poll.id, choices: [0] }, everywhere)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(published.at(-1)).toMatchObject({ id: poll.id, open: false });
  });

  it('hands joining viewers the open polls and the recently closed ones, and caps open polls', async () => {
    const first = await open();
    await polls.close(host, { pollId: first.id });
    for (let i = 1; i < MAX_OPEN_POLLS + 1; i++) await open();
    await expect(open()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await polls.forChannel('event:gala')).toHaveLength(MAX_OPEN_POLLS + 1);
    expect((await polls.forChannel('event:gala', Date.now() + 60 * 60_000)).every((p) => p.open)).toBe(true);
    expect(await polls.forChannel('hall:elsewhere')).toEqual([]);
  });
});
