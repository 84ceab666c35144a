import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PollState, PublicUser } from '@yunzhan/shared';
import { openDatabase } from '../db/database';
import { createStore } from '../db/db-store';
import type { Store } from '../db/store';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';
import { MAX_OPEN_POLLS, PollService } from './polls';

const host: PublicUser = { id: 'u-host', username: 'host', displayName: 'Host', role: 'host' };
const viewers: PublicUser[] = Array.from({ length: 30 }, (_, i) => ({ id: `u-${i}`, username: `viewer${i}`, displayName: `V${i}`, role: 'viewer' }));

describe.each(ENGINES)('live polls on %s', (engine) => {
  let t: TestStore;
  let published: PollState[];
  let polls: PollService;
  const extra: Store[] = [];
  const everywhere = () => true;

  beforeEach(async () => {
    t = await openTestStore(engine, 'polls');
    for (const u of [host, ...viewers]) await t.store.users.create({ ...u, passwordHash: 'x' });
    published = [];
    polls = new PollService({ store: t.store, mayModerate: async (u) => u.role !== 'viewer', publish: (s) => published.push(s) });
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await t.dispose();
  });

  /** The poll service of a second node: another handle on the same database. */
  const secondNode = async () => {
    const store = createStore(await openDatabase(t.target));
    extra.push(store);
    return new PollService({ store, mayModerate: async () => true, publish: () => {} });
  };
  const open = () => polls.create(host, { channel: 'event:gala', question: 'Encore?', options: ['yes', 'no', 'later'], multiple: false });
  /** What the ballots table says: voters, and ballots per option. */
  const ballots = async (pollId: string) => {
    const rows = await t.database.db.selectFrom('poll_ballots').select('choices').where('poll_id', '=', pollId).execute();
    const perOption = [0, 0, 0];
    for (const r of rows) for (const c of JSON.parse(r.choices) as number[]) perOption[c]!++;
    return { voters: rows.length, perOption };
  };

  it('lets hosts open polls and refuses viewers and anonymous users', async () => {
    const poll = await open();
    expect(poll).toMatchObject({ channel: 'event:gala', open: true, totalVoters: 0, options: [{ text: 'yes', votes: 0 }, { text: 'no', votes: 0 }, { text: 'later', votes: 0 }] });
    expect(poll).not.toHaveProperty('createdBy');
    await expect(polls.create(viewers[0]!, { channel: 'event:gala', question: 'x', options: ['a', 'b'], multiple: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(polls.create(null, { channel: 'event:gala', question: 'x', options: ['a', 'b'], multiple: false })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(published.map((p) => p.id)).toEqual([poll.id]);
    expect((await t.store.polls.get(poll.id))!.createdBy).toBe(host.id);
    expect(await t.store.polls.get('poll-none')).toBeNull();
  });

  it('counts one ballot of 50 sent at once by one account from two nodes; the others are CONFLICT', async () => {
    const poll = await open();
    const other = await secondNode();
    const attempts = Array.from({ length: 50 }, (_, i) => (i % 2 ? polls : other).vote(viewers[0]!, { pollId: poll.id, choices: [i % 3] }, everywhere));
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    const after = (await t.store.polls.get(poll.id))!;
    expect(after.totalVoters).toBe(1);
    expect(after.options.reduce((sum, o) => sum + o.votes, 0)).toBe(1);
    expect(await ballots(poll.id)).toMatchObject({ voters: 1 });
  });

  it('keeps the option counts equal to the ballots when many accounts vote at once from two nodes, each several times', async () => {
    const poll = await polls.create(host, { channel: 'event:gala', question: 'Which?', options: ['a', 'b', 'c'], multiple: true });
    const nodes = [polls, await secondNode()];
    const attempts = viewers.flatMap((v, i) =>
      [0, 1, 2].map((k) => nodes[(i + k) % 2]!.vote(v, { pollId: poll.id, choices: k === 0 ? [i % 3] : [(i + k) % 3, (i + 2 * k) % 3] }, everywhere)),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(viewers.length);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    const after = (await t.store.polls.get(poll.id))!;
    const counted = await ballots(poll.id);
    expect(counted.voters).toBe(viewers.length);
    expect(after.totalVoters).toBe(viewers.length);
    expect(after.options.map((o) => o.votes)).toEqual(counted.perOption);
  });

  it('counts no ballot after the close, however they race it from two nodes', async () => {
    const poll = await open();
    const other = await secondNode();
    const attempts = viewers.map((v, i) => (i % 2 ? polls : other).vote(v, { pollId: poll.id, choices: [i % 3] }, everywhere));
    const closing = polls.close(host, { pollId: poll.id });
    const results = await Promise.allSettled(attempts);
    const closed = await closing;
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'INVALID_STATE' });
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    // The close's answer already holds every ballot that was counted: none came after it.
    expect(closed.totalVoters).toBe(accepted);
    const after = (await t.store.polls.get(poll.id))!;
    const counted = await ballots(poll.id);
    expect(after.totalVoters).toBe(accepted);
    expect(counted.voters).toBe(accepted);
    expect(after.options.map((o) => o.votes)).toEqual(counted.perOption);
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
    // A refused ballot counts nothing.
    expect((await t.store.polls.get(single.id))!.totalVoters).toBe(3);
    const multi = await polls.create(host, { channel: 'event:gala', question: 'Which?', options: ['a', 'b', 'c'], multiple: true });
    const m = await polls.vote(viewers[3]!, { pollId: multi.id, choices: [0, 2, 2] }, everywhere);
    expect(m.options.map((o) => o.votes)).toEqual([1, 0, 1]);
    expect(m.totalVoters).toBe(1);
    await expect(t.store.polls.vote('poll-none', viewers[0]!.id, [0])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses anonymous voters, voters outside the room and ballots after close', async () => {
    const poll = await open();
    await expect(polls.vote(null, { pollId: poll.id, choices: [0] }, everywhere)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(polls.vote(viewers[0]!, { pollId: poll.id, choices: [0] }, () => false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(polls.close(viewers[0]!, { pollId: poll.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const closed = await polls.close(host, { pollId: poll.id });
    expect(closed).toMatchObject({ open: false });
    expect(closed.closedAt).not.toBeNull();
    expect(await t.store.polls.close(poll.id)).toMatchObject({ closedAt: closed.closedAt });
    await expect(polls.vote(viewers[0]!, { pollId: poll.id, choices: [0] }, everywhere)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(published.at(-1)).toMatchObject({ id: poll.id, open: false });
  });

  it('hands joining viewers the open polls and the recently closed ones, and caps open polls', async () => {
    const first = await open();
    await polls.close(host, { pollId: first.id });
    for (let i = 1; i < MAX_OPEN_POLLS + 1; i++) await open();
    await expect(open()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await t.store.polls.openCount('event:gala')).toBe(MAX_OPEN_POLLS);
    const listed = await polls.forChannel('event:gala');
    expect(listed).toHaveLength(MAX_OPEN_POLLS + 1);
    expect(listed.every((p) => p.options.map((o) => o.text).join() === 'yes,no,later')).toBe(true);
    expect((await polls.forChannel('event:gala', Date.now() + 60 * 60_000)).every((p) => p.open)).toBe(true);
    expect(await polls.forChannel('hall:elsewhere')).toEqual([]);
  });

  it('opens at most MAX_OPEN_POLLS of 12 polls created at once in one channel from two nodes; the rest are INVALID_STATE', async () => {
    const nodes = [polls, await secondNode()];
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => nodes[i % 2]!.create(host, { channel: 'event:gala', question: `Q${i}`, options: ['a', 'b'], multiple: false })),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(MAX_OPEN_POLLS);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'INVALID_STATE' });
    expect(await t.store.polls.openCount('event:gala')).toBe(MAX_OPEN_POLLS);
    // Another channel has a cap of its own.
    await expect(nodes[1]!.create(host, { channel: 'hall:elsewhere', question: 'Q', options: ['a', 'b'], multiple: false })).resolves.toMatchObject({ open: true });
  });
});
