import { afterEach, describe, expect, it } from 'vitest';
import type { VodHlsResult } from '@yunzhan/shared';
import { ENGINES, openTestStore, type TestStore } from '../db/test-engines';

const result: VodHlsResult = {
  master: 'master.m3u8',
  poster: 'poster.jpg',
  thumbnails: 'thumbnails.vtt',
  sprites: ['sprite-000.jpg'],
  durationSeconds: 6,
  renditions: [{ name: '360p', width: 640, height: 360, bandwidth: 900_000, averageBandwidth: 700_000, codecs: ['avc1.64001e'], playlist: '360p/index.m3u8' }],
};

const base = { kind: 'video' as const, filename: '晚会.mp4', contentType: 'video/mp4', sizeBytes: 10, status: 'processing' as const, progress: 0, durationSeconds: 6, width: 640, height: 360, result: null, error: null };

describe.each(ENGINES)('assets on %s', (engine) => {
  let t: TestStore;
  afterEach(async () => t?.dispose());

  it('stores an upload, follows it to ready with its result, lists per owner newest first', async () => {
    t = await openTestStore(engine, 'assets');
    const { store } = t;
    await store.users.create({ id: 'h1', username: 'host1', displayName: 'H1', role: 'host', passwordHash: 'x' });
    await store.users.create({ id: 'h2', username: 'host2', displayName: 'H2', role: 'host', passwordHash: 'x' });
    const created = await store.assets.create({ ...base, id: 'a1', ownerId: 'h1', jobId: 'vod-hls-a1' });
    expect(created).toMatchObject({ id: 'a1', filename: '晚会.mp4', status: 'processing', result: null, error: null, jobId: 'vod-hls-a1' });
    expect(await store.assets.get('a1')).toEqual(created);
    await new Promise((r) => setTimeout(r, 5));
    await store.assets.create({ ...base, id: 'a2', ownerId: 'h1', jobId: null });
    await store.assets.create({ ...base, id: 'b1', ownerId: 'h2', jobId: null });

    const ready = await store.assets.update('a1', { status: 'ready', progress: 100, result });
    expect(ready).toMatchObject({ status: 'ready', progress: 100, result, filename: '晚会.mp4', durationSeconds: 6 });
    expect(ready.updatedAt >= created.updatedAt).toBe(true);
    const failed = await store.assets.update('a2', { status: 'failed', error: { code: 'MEDIA_CORRUPT', message: 'cut off' } });
    expect(failed.error).toEqual({ code: 'MEDIA_CORRUPT', message: 'cut off' });
    expect((await store.assets.update('a2', { error: null })).error).toBeNull();

    expect((await store.assets.list({ ownerId: 'h1' })).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect((await store.assets.list()).map((a) => a.id).sort()).toEqual(['a1', 'a2', 'b1']);
    expect((await store.assets.list({ status: 'processing' })).map((a) => a.id)).toEqual(['b1']);
    expect(await store.assets.list({ limit: 1, ownerId: 'h1' })).toHaveLength(1);
    await expect(store.assets.update('nope', { progress: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.assets.get('nope')).toBeNull();
  });

  it('keeps fractional progress and sizes beyond 32 bits (the 8 GiB upload limit)', async () => {
    t = await openTestStore(engine, 'assets-sizes');
    const { store } = t;
    await store.users.create({ id: 'h', username: 'host', displayName: 'H', role: 'host', passwordHash: 'x' });
    const big = 8 * 1024 ** 3;
    await store.assets.create({ ...base, id: 'big', ownerId: 'h', jobId: null, sizeBytes: big, durationSeconds: 3599.52 });
    const moved = await store.assets.update('big', { progress: 42.5 });
    expect(moved).toMatchObject({ sizeBytes: big, progress: 42.5, durationSeconds: 3599.52 });
    expect((await store.assets.get('big'))?.sizeBytes).toBe(big);
  });

  it('reads a result that no longer parses, and an unknown error code, without failing the row', async () => {
    t = await openTestStore(engine, 'assets-old-rows');
    const { store, database } = t;
    await store.users.create({ id: 'h', username: 'host', displayName: 'H', role: 'host', passwordHash: 'x' });
    await store.assets.create({ ...base, id: 'old', ownerId: 'h', jobId: null });
    await database.db.updateTable('assets').set({ result: '{"format":"from another release"}', error_code: 'GONE_CODE', error_message: 'old' }).where('id', '=', 'old').execute();
    expect(await store.assets.get('old')).toMatchObject({ result: null, error: { code: 'INTERNAL', message: 'old' } });
  });
});
