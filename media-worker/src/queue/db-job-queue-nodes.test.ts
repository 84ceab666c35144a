import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../server/src/db/test-engines';
import { ORPHAN_ERROR } from './job-store';
import { both, jobTables, killMidJob, publish, sleep, stateIs, until, untilAborted, useQueueFixture } from './test-support/queue-fixtures';

// The batch queue across processes and nodes on one database: a process killed mid-job, two
// queues sharing the jobs, a cancel through another node, and a claim that lapsed.

describe.each(ENGINES)('the batch queue across nodes on %s', (engine) => {
  const fx = useQueueFixture(engine, 'job-nodes');
  const { queue, otherNode } = fx;

  it('runs again a job that was active when its process was killed, counting the lost attempt, once its claim lapsed', async () => {
    await killMidJob(fx.t.target, 'crash-1', 300);
    const observer = queue();
    expect(await observer.get('crash-1')).toMatchObject({ state: 'active', attempts: 1 });
    await observer.close();

    const attempts: number[] = [];
    const after = queue({ handlers: both(async (_p, ctx) => attempts.push(ctx.attempt)), pollIntervalMs: 50 });
    expect(await stateIs(after, 'crash-1', 'completed')).toMatchObject({ attempts: 2 });
    expect(attempts).toEqual([2]);
  });

  it('fails a job for good when the process died during its last attempt', async () => {
    await killMidJob(fx.t.target, 'crash-2', 300);
    // The child enqueued with the default 5 attempts; pretend they were all used.
    await jobTables(fx.t.database).updateTable('batch_jobs').set({ attempts: sql<number>`max_attempts` }).where('id', '=', 'crash-2').execute();
    let ran = false;
    const after = queue({ handlers: both(async () => (ran = true)), pollIntervalMs: 50 });
    expect(await stateIs(after, 'crash-2', 'failed')).toMatchObject({ attempts: 5, error: ORPHAN_ERROR });
    expect(ran).toBe(false);
  });

  it('runs each of 20 jobs exactly once with two queues on two handles of one database', async () => {
    const runs = new Map<string, number>();
    const handlers = (node: string) =>
      both(async (payload, ctx) => {
        runs.set(payload.streamId, (runs.get(payload.streamId) ?? 0) + 1);
        await sleep(5);
        return { node, attempt: ctx.attempt };
      });
    const a = queue({ handlers: handlers('a'), concurrency: 3, pollIntervalMs: 20 });
    const b = queue({ handlers: handlers('b'), concurrency: 3, pollIntervalMs: 20 }, await otherNode());
    const ids = Array.from({ length: 20 }, (_, i) => `job-${i}`);
    // Enqueued through both nodes at once; each node also claims what the other enqueued.
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).enqueue(publish(id), { id })));
    const done = await Promise.all(ids.map((id) => stateIs(a, id, 'completed')));
    expect(done.map((j) => j.attempts)).toEqual(ids.map(() => 1));
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
  });

  it('a cancel through another node aborts the handler running here at its next claim renewal', async () => {
    let calls = 0;
    let signal: AbortSignal | undefined;
    const here = queue({
      handlers: both(async (_p, ctx) => {
        calls++;
        signal = ctx.signal;
        return untilAborted(ctx.signal);
      }),
      pollIntervalMs: 50,
      backoff: { baseMs: 10 },
    });
    const there = queue({}, await otherNode());
    await here.enqueue(publish(), { id: 'elsewhere' });
    await stateIs(here, 'elsewhere', 'active');
    expect(await there.cancel('elsewhere')).toMatchObject({ state: 'cancelled', attempts: 1 });
    await until(() => signal?.aborted, 'the handler to be aborted');
    await sleep(100);
    expect(calls).toBe(1);
    expect(await here.get('elsewhere')).toMatchObject({ state: 'cancelled', attempts: 1 });
  });

  it('a job whose claim lapsed runs on another node, and the first claim\'s late outcome is dropped', async () => {
    let release: (value: string) => void = () => {};
    const slow = queue({
      // Renews its claim only every 20 s: stalled, as far as the other node can tell.
      handlers: both(() => new Promise<string>((resolve) => (release = resolve))),
      leaseMs: 60_000,
      pollIntervalMs: 60_000,
    });
    await slow.enqueue(publish(), { id: 'stalled' });
    await stateIs(slow, 'stalled', 'active');
    await jobTables(fx.t.database).updateTable('batch_jobs').set({ lease_until: 0 }).where('id', '=', 'stalled').execute();

    let go: () => void = () => {};
    const gate = new Promise<void>((resolve) => (go = resolve));
    const other = queue({ handlers: both(async (_p, ctx) => gate.then(() => `other#${ctx.attempt}`)), pollIntervalMs: 20 }, await otherNode());
    await until(async () => (await other.get('stalled'))?.attempts === 2, 'the other node to claim the job');
    // The first claim settles while the second runs: its success must not land.
    release('slow#1');
    await slow.close();
    expect(await other.get('stalled')).toMatchObject({ state: 'active', attempts: 2 });
    go();
    expect(await stateIs(other, 'stalled', 'completed')).toMatchObject({ attempts: 2, result: 'other#2' });
  });
});
