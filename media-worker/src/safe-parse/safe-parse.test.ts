import { afterEach, describe, expect, it } from 'vitest';
import { MediaRejectedError } from '@yunzhan/shared';
import { JsonDepthScanner, withinJsonDepth } from './json-depth';
import { MAX_PROBE_OUTPUT_BYTES } from './parse-limits';
import { ParsePool, type ParsePoolOptions } from './parse-pool';
import { parseProbeReport } from './probe-report';
import type { PoolTestTasks } from './test-support/pool-test-thread';

const TEST_THREAD = new URL('./test-support/pool-test-thread.ts', import.meta.url);
const pools: ParsePool<PoolTestTasks>[] = [];
const pool = (options: Partial<ParsePoolOptions> = {}) => {
  const p = new ParsePool<PoolTestTasks>({ module: TEST_THREAD, maxThreads: 1, ...options });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('the JSON depth scan', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    const scanner = new JsonDepthScanner(3);
    expect(scanner.feed(Buffer.from('{"a":[1,{"b":"[[[[\\"{{{{"}],"c":"\\\\"}'))).toBe(-1);
    expect(scanner.maxSeen).toBe(3);
    expect(withinJsonDepth('[[[["x"]]]]', 3)).toBe(false);
    expect(withinJsonDepth('[[["[[[["]]]', 3)).toBe(true);
    expect(withinJsonDepth('"\\u005b"', 0)).toBe(true);
  });

  it('gives the offset of the first bracket over the limit, across pieces split anywhere', () => {
    const text = Buffer.from('{"s":"a\\"[","x":[[[[1]]]]}');
    const whole = new JsonDepthScanner(3).feed(text);
    expect(whole).toBe(text.indexOf('[[[[') + 2);
    for (let cut = 1; cut < text.length; cut++) {
      const scanner = new JsonDepthScanner(3);
      const first = scanner.feed(text.subarray(0, cut));
      expect(first === -1 ? scanner.feed(text.subarray(cut)) : first).toBe(whole);
    }
  });

  it('stops early: five million brackets are refused at the limit', () => {
    const deep = Buffer.from('['.repeat(5_000_000));
    expect(new JsonDepthScanner(64).feed(deep)).toBe(64);
  });
});

describe('ffprobe reports', () => {
  it('are parsed within 2 MiB and 16 levels, else refused as FILE_TOO_COMPLEX', () => {
    expect(parseProbeReport('{"streams":[],"format":{"tags":{"title":"x"}}}')).toEqual({ streams: [], format: { tags: { title: 'x' } } });
    const long = JSON.stringify({ format: { tags: { comment: 'x'.repeat(MAX_PROBE_OUTPUT_BYTES) } } });
    expect(() => parseProbeReport(long)).toThrow(expect.objectContaining({ code: 'FILE_TOO_COMPLEX' }));
    expect(() => parseProbeReport(`${'['.repeat(17)}${']'.repeat(17)}`)).toThrow(expect.objectContaining({ code: 'FILE_TOO_COMPLEX' }));
    expect(() => parseProbeReport('not json')).toThrow(expect.objectContaining({ code: 'NOT_MEDIA' }));
  });
});

describe('the parse pool', () => {
  it('answers with the task value, its refusal as a MediaRejectedError, or its error', async () => {
    const p = pool();
    expect(await p.run('echo', { value: '展' }, 'FILE_TOO_COMPLEX')).toMatchObject({ value: '展' });
    const refusal = await p.run('refuse', null, 'FILE_TOO_COMPLEX').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(MediaRejectedError);
    expect(refusal).toMatchObject({ code: 'MEDIA_CORRUPT', details: { why: 'test' } });
    await expect(p.run('fail', null, 'FILE_TOO_COMPLEX')).rejects.toThrow('a bug on purpose');
    // The thread is still there after a refusal and an error.
    expect(p.stats).toMatchObject({ threads: 1, busy: 0, queued: 0 });
  });

  it('terminates a thread past the time limit, refuses its task with the caller’s code, and goes on with a fresh thread', async () => {
    const p = pool({ taskTimeoutMs: 300 });
    const before = await p.run('echo', { value: 'a' }, 'FILE_TOO_COMPLEX');
    const spinning = p.run('spin', null, 'MODEL_TOO_COMPLEX');
    const waiting = p.run('echo', { value: 'b' }, 'FILE_TOO_COMPLEX');
    await expect(spinning).rejects.toMatchObject({ code: 'MODEL_TOO_COMPLEX', details: { timeoutMs: 300 } });
    const after = await waiting;
    expect(after.value).toBe('b');
    expect(after.thread).not.toBe(before.thread);
  });

  it('ends a thread whose task needs more memory than allowed, with the caller’s code', async () => {
    const p = pool({ maxHeapMb: 32, taskTimeoutMs: 30_000 });
    await expect(p.run('hoard', null, 'MODEL_TOO_COMPLEX')).rejects.toMatchObject({ code: 'MODEL_TOO_COMPLEX', details: { maxHeapMb: 32 } });
    expect(await p.run('echo', { value: 'still here' }, 'FILE_TOO_COMPLEX')).toMatchObject({ value: 'still here' });
  });

  it('runs at most maxThreads tasks at once, queues maxQueue more and refuses the rest as MEDIA_UNAVAILABLE', async () => {
    const p = pool({ maxThreads: 1, maxQueue: 2, taskTimeoutMs: 500 });
    await p.run('echo', { value: 'warm' }, 'FILE_TOO_COMPLEX');
    // The started thread takes this one at once; the next two wait; a fourth finds no room.
    const running = p.run('spin', null, 'FILE_TOO_COMPLEX');
    const queued = [p.run('echo', { value: '1' }, 'FILE_TOO_COMPLEX'), p.run('echo', { value: '2' }, 'FILE_TOO_COMPLEX')];
    await expect(p.run('echo', { value: '3' }, 'FILE_TOO_COMPLEX')).rejects.toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
    expect(p.stats.threads).toBe(1);
    await expect(running).rejects.toMatchObject({ code: 'FILE_TOO_COMPLEX' });
    expect((await Promise.all(queued)).map((r) => r.value)).toEqual(['1', '2']);
  });

  it('close refuses what runs and what waits, and leaves no thread', async () => {
    const p = pool({ maxThreads: 1 });
    await p.run('echo', { value: 'warm' }, 'FILE_TOO_COMPLEX');
    const running = p.run('spin', null, 'FILE_TOO_COMPLEX').catch((e: unknown) => e);
    const waiting = p.run('echo', { value: 'late' }, 'FILE_TOO_COMPLEX').catch((e: unknown) => e);
    expect(p.stats).toEqual({ threads: 1, busy: 1, queued: 1 });
    await p.close();
    expect(await running).toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
    expect(await waiting).toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
    expect(p.stats).toEqual({ threads: 0, busy: 0, queued: 0 });
    await expect(p.run('echo', { value: 'after' }, 'FILE_TOO_COMPLEX')).rejects.toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
  });
});
