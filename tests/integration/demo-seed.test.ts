import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { getTemplate } from '@yunzhan/scenes';
import { ExhibitionView, validateLayout } from '@yunzhan/shared';
import { loadConfig, startServer, type YunzhanServer } from '@yunzhan/server';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-seed-'));
const dataDir = path.join(root, '.data');
const start = (dir = dataDir) =>
  startServer(loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-test-password', HOST_PASSWORD: 'host-test-password', REHEARSAL: 'off', RTMP_PORT: 'off', SRT_PORT: 'off', MEDIASOUP_WORKERS: '1' }), {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }),
  });
let server: YunzhanServer | undefined;
afterAll(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const viewOf = async (s: YunzhanServer) => ExhibitionView.parse(await (await fetch(`${s.url}/api/exhibitions/demo-exhibition/view`)).json());

describe('demo seed', () => {
  it('closes cleanly while the demo is still being seeded', async () => {
    const early = await start(path.join(root, 'early', '.data'));
    await early.close();
    await early.demoExhibition;
  });

  it('publishes at least 30 generated works hung in the classical gallery, with a tour, once', async () => {
    const t0 = Date.now();
    server = await start();
    const firstStart = Date.now() - t0;
    await server.demoExhibition;
    const seeded = Date.now() - t0;
    const view = await viewOf(server);
    expect(view.exhibition).toMatchObject({ id: 'demo-exhibition', status: 'approved', templateId: 'classical-gallery' });
    expect(view.layout.placements.length).toBeGreaterThanOrEqual(30);
    expect(view.works).toHaveLength(view.layout.placements.length);
    expect(validateLayout(getTemplate('classical-gallery'), view.layout)).toEqual([]);
    expect(view.layout.tour).toHaveLength(6);
    for (const stop of view.layout.tour) expect(stop.narration.en.length).toBeGreaterThan(20);
    for (const work of view.works) {
      expect(work.status).toBe('ready');
      expect(work.metadata.title['zh-CN']).not.toBe('');
      expect(work.metadata.title.en).not.toBe('');
      expect(work.metadata.dimensions).toBeDefined();
      expect(work.media.images.length).toBeGreaterThanOrEqual(3);
    }
    const aspects = new Set(view.works.map((w) => Math.round((w.media.width! / w.media.height!) * 100)));
    expect(aspects.size).toBeGreaterThanOrEqual(5);
    const rendition = await fetch(`${server.url}${view.works[0]!.media.images.at(-1)!.url}`);
    expect(rendition.headers.get('content-type')).toBe('image/webp');
    const credentials = fs.readFileSync(path.join(dataDir, 'initial-credentials.txt'), 'utf8');
    expect(credentials).toMatch(/^curator \(curator\): \S+$/m);
    process.stdout.write(`demo seed: first start ${firstStart} ms, exhibition seeded after ${seeded} ms\n`);

    // A restart finds everything in place: same works, same catalogue numbers, nothing redone.
    await server.close();
    const t1 = Date.now();
    server = await start();
    await server.demoExhibition;
    process.stdout.write(`demo seed: restart ${Date.now() - t1} ms\n`);
    const again = await viewOf(server);
    expect(again.works.map((w) => [w.id, w.catalogueNumber])).toEqual(view.works.map((w) => [w.id, w.catalogueNumber]));
    expect(server.seeded.find((a) => a.username === 'curator')?.password).toBeUndefined();
    expect(fs.readFileSync(path.join(dataDir, 'initial-credentials.txt'), 'utf8')).toBe(credentials);
  });
});
